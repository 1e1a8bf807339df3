/**
 * Comparing what an org (the emulator) holds with what a backup file or a command's flags say: for the tests that
 * interrupt or fault writes, and must tell "the old definition, whole" from "the new one, whole" from a mix.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { FixtureSharingSet } from '../emulator/index.js';
import { diffSharingSets } from '../../src/diff/diff.js';
import type { SharingSet } from '../../src/model/types.js';
import { readSharingSetFile, serializeSharingSet } from '../../src/source/index.js';

/** A fixture's (or the emulator state's) sharing set as the plugin's model holds it. */
export const fromFixture = (set: FixtureSharingSet): SharingSet => ({
  fullName: set.fullName,
  label: set.name,
  ...(set.description ? { description: set.description } : {}),
  profiles: set.profiles,
  accessMappings: set.accessMappings as SharingSet['accessMappings'],
});

/** A set for the demo org: one profile, one Read mapping on Case through Account; `extra` replaces any field. */
export const newSet = (fullName: string, extra: Partial<SharingSet> = {}): SharingSet => ({
  fullName,
  label: `Label of ${fullName}`,
  profiles: ['Customer Community User'],
  accessMappings: [{ accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' }],
  ...extra,
});

/** Writes an SFDX project holding `sets` (source format, one package directory `force-app`) into `dir`. */
export async function writeProject(dir: string, sets: FixtureSharingSet[]): Promise<string> {
  const folder = join(dir, 'force-app', 'main', 'default', 'sharingSets');
  await mkdir(folder, { recursive: true });
  await writeFile(join(dir, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'force-app' }] }));
  for (const set of sets) {
    // eslint-disable-next-line no-await-in-loop
    await writeFile(join(folder, `${set.fullName}.sharingSet-meta.xml`), serializeSharingSet(fromFixture(set)));
  }
  return dir;
}

/** Asserts the backup file holds exactly `old` (semantically: what restoring it would give back). */
export async function expectBackupHolds(file: string, old: FixtureSharingSet | undefined): Promise<void> {
  expect(old, 'the set the backup should hold').to.not.equal(undefined);
  const saved = await readSharingSetFile(file, file, (old as FixtureSharingSet).fullName);
  const diff = diffSharingSets([fromFixture(old as FixtureSharingSet)], [saved]);
  expect(diff.hasDrift, `the backup ${file} holds the old definition`).to.equal(false);
}

/**
 * Asserts the org's sharing sets are exactly `old` or exactly `new` (every set, every field), never a mix. Returns
 * which one.
 */
export function expectOldOrNew(
  now: FixtureSharingSet[],
  old: FixtureSharingSet[],
  next: FixtureSharingSet[]
): 'old' | 'new' {
  const sorted = (sets: FixtureSharingSet[]): FixtureSharingSet[] =>
    [...sets].sort((a, b) => a.fullName.localeCompare(b.fullName));
  const text = (sets: FixtureSharingSet[]): string => JSON.stringify(sorted(sets).map(normalise));
  if (text(now) === text(old)) return 'old';
  expect(text(now), 'the org holds the old or the new sharing sets, never a mix').to.equal(text(next));
  return 'new';
}

/** One set with its keys in a fixed order and no undefined fields, so that JSON text compares it. */
function normalise(set: FixtureSharingSet): FixtureSharingSet {
  return {
    fullName: set.fullName,
    name: set.name,
    ...(set.description ? { description: set.description } : {}),
    profiles: [...set.profiles],
    accessMappings: set.accessMappings.map((m) => ({
      accessLevel: m.accessLevel,
      object: m.object,
      objectField: m.objectField,
      userField: m.userField,
    })),
  };
}
