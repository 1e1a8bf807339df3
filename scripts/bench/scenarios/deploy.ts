/**
 * `sf sharing set deploy` against the large org: deploying a project of as many sets as the org holds (250) to an org
 * that holds none, and deploying it again with 10 of its sets changed to an org that holds the project as it was.
 *
 * The project is `setup.deploySets` (`deployableSharingSets` in test/emulator/generate.ts): sets a real org accepts
 * and in which the audit finds nothing, so the deploy runs as a pipeline would, its gate included (no
 * --ignore-problems). The large org's own sets are not of that kind (they plant problems for the audit scenarios).
 *
 * A deploy changes the org, so before every run (warm-ups too, unmeasured) `prepare` puts the org where the scenario
 * starts, with the plugin itself, and checks that it got there: for the first, an empty project deployed with
 * --delete-missing --force empties it; for the second, the project is deployed with --delete-missing --force. After
 * every measured run, the result, the request log and the org itself are checked against what the deploy had to do.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FixtureSharingSet, LogEntry } from '../../../test/emulator/index.js';
import { pluginRoot, runNode } from '../../../test/helpers/e2e.js';
import { pluginOk } from '../checks.js';
import type { RunSample } from '../runner.js';
import type { Scenario } from '../scenario.js';
import { type Setup, writeProject } from '../setup.js';

/** Sets changed by the second scenario. */
const CHANGED = 10;
/** Sets per Metadata API write call at most (docs/salesforce-facts.md §14). */
const BATCH = 10;

/**
 * `sets` with `count` of them, spread evenly over the list, changed by meaning: a new description for the even ones,
 * the first mapping's access level switched (Read ↔ Edit) for the odd ones.
 */
export function changeSome(sets: FixtureSharingSet[], count: number): { sets: FixtureSharingSet[]; changed: string[] } {
  const picked = new Set(
    Array.from({ length: Math.min(count, sets.length) }, (_, k) => Math.floor((k * sets.length) / count))
  );
  const changed: string[] = [];
  const result = sets.map((set, i) => {
    if (!picked.has(i)) return set;
    changed.push(set.fullName);
    if (changed.length % 2 === 1) return { ...set, description: `Changed by the benchmark (${set.fullName})` };
    const [first, ...rest] = set.accessMappings;
    return {
      ...set,
      accessMappings: [{ ...first, accessLevel: first.accessLevel === 'Read' ? 'Edit' : 'Read' }, ...rest],
    };
  });
  return { sets: result, changed };
}

/** A set's meaning as one string: profiles and mappings in any order. */
const meaning = (set: FixtureSharingSet): string =>
  JSON.stringify([
    set.fullName,
    set.name,
    set.description ?? '',
    [...set.profiles].sort(),
    set.accessMappings.map((m) => [m.accessLevel, m.object, m.objectField, m.userField].join(' ')).sort(),
  ]);

/** Whether the org holds exactly `expected` (by meaning): a problem, or undefined. */
export function holdsExactly(org: FixtureSharingSet[], expected: FixtureSharingSet[]): string | undefined {
  const held = new Map(org.map((set) => [set.fullName, meaning(set)]));
  const missing = expected.filter((set) => !held.has(set.fullName)).map((set) => set.fullName);
  const differ = expected.filter((set) => held.has(set.fullName) && held.get(set.fullName) !== meaning(set));
  const wanted = new Set(expected.map((set) => set.fullName));
  const extra = org.filter((set) => !wanted.has(set.fullName)).map((set) => set.fullName);
  if (missing.length + differ.length + extra.length === 0) return undefined;
  const few = (names: string[]): string =>
    `${names.length} (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''})`;
  return `the org does not hold the project: missing ${few(missing)}, different ${few(
    differ.map((set) => set.fullName)
  )}, extra ${few(extra)}`;
}

const sameList = (got: string[] | undefined, want: string[]): boolean =>
  JSON.stringify([...(got ?? [])].sort()) === JSON.stringify([...want].sort());

/**
 * The write calls of a run's request log: `operations` only, at most {@link BATCH} sets each, one after another, each
 * of `names` written exactly once and no other set: a problem, or undefined.
 */
export function writesOnly(log: LogEntry[], names: string[], operations: string[]): string | undefined {
  const writes = log.filter((entry) => entry.write).sort((a, b) => a.start - b.start);
  const wrong = writes.filter((entry) => !operations.includes(entry.soapOperation ?? entry.kind));
  if (wrong.length > 0) return `unexpected write calls: ${wrong.map((e) => e.soapOperation ?? e.kind).join(', ')}`;
  const large = writes.filter((entry) => (entry.names?.length ?? 0) > BATCH);
  if (large.length > 0) return `a write call of ${large[0].names?.length ?? 0} sets (at most ${BATCH})`;
  const overlapping = writes.findIndex((entry, i) => i > 0 && entry.start < (writes[i - 1].end ?? Infinity));
  if (overlapping > 0) return `write call ${overlapping + 1} started before call ${overlapping} ended`;
  const written = writes.flatMap((entry) => entry.names ?? []);
  const expected = new Set(names);
  const others = written.filter((name) => !expected.has(name));
  const unwritten = names.filter((name) => !written.includes(name));
  if (others.length + unwritten.length > 0 || written.length !== names.length) {
    return `the write calls carried ${written.length} sets for ${names.length}: not expected ${others.length} (${others
      .slice(0, 3)
      .join(', ')}), not written ${unwritten.length} (${unwritten.slice(0, 3).join(', ')})`;
  }
  const calls = Math.ceil(names.length / BATCH);
  return writes.length === calls ? undefined : `${writes.length} write calls, expected ${calls}`;
}

type Expected = { created: string[]; updated: string[]; unchanged: string[] };

/** {@link pluginOk}, exit 0, the gate found nothing, and the result lists exactly the sets expected in each list. */
const deployed =
  (expected: Expected, operations: string[]) =>
  (sample: RunSample, json: any): string | undefined => {
    const problem = pluginOk(sample, json);
    if (problem) return problem;
    const result = json.result as Record<string, unknown[]>;
    if (sample.exitCode !== 0) return `exit ${sample.exitCode}, failed: ${result.failed?.length ?? '?'}`;
    const lists: Record<string, string[]> = { ...expected, deleted: [], failed: [], notAttempted: [] };
    for (const [key, want] of Object.entries(lists)) {
      const got = result[key] as string[] | undefined;
      if (!sameList(got, want)) return `${key}: ${got?.length ?? 'none'} sets, expected ${want.length}`;
    }
    // A project a real org accepts: the audit's rules, run by the deploy's gate, find nothing to block or to say.
    for (const key of ['problems', 'warnings']) {
      if (result[key]?.length)
        return `the gate reported ${result[key].length} ${key}: ${JSON.stringify(result[key][0])}`;
    }
    return writesOnly(sample.log, [...expected.created, ...expected.updated], operations);
  };

/** The two deploy scenarios, on the large org (they run last among the plugin's, and leave the org changed). */
export function deployScenarios(setup: Setup): Scenario[] {
  const { large, deploySets, deployProject } = setup;
  const scratch = dirname(deployProject);
  const empty = join(scratch, 'project-empty');
  const changedProject = join(scratch, 'project-deploy-10-changed');
  const { sets: changedSets, changed } = changeSome(deploySets, CHANGED);
  const names = deploySets.map((set) => set.fullName);
  const deploy = (source: string, ...more: string[]): string[] => [
    'sharing',
    'set',
    'deploy',
    '--target-org',
    large.alias,
    '--source-dir',
    source,
    '--no-prompt',
    '--backup-dir',
    join(scratch, 'deploy-backups'),
    ...more,
  ];
  const orgHolds = (expected: FixtureSharingSet[]): string | undefined =>
    holdsExactly(large.emulator.state.sharingSets, expected);
  /** Deploys `source` with --delete-missing --force (unmeasured) and checks the org then holds `expected`. */
  const reset = async (source: string, expected: FixtureSharingSet[]): Promise<void> => {
    const run = await runNode(
      join(pluginRoot, 'bin', 'run.js'),
      [...deploy(source, '--delete-missing', '--force'), '--json'],
      large.childEnv(),
      { cwd: large.home }
    );
    const wrong = run.code === 0 ? orgHolds(expected) : `exit ${run.code}`;
    if (wrong)
      throw new Error(`bench: resetting the org failed (${wrong}): ${run.stdout.slice(-300)}${run.stderr.slice(-300)}`);
  };
  let written: Promise<unknown> | undefined;
  const projects = (): Promise<unknown> =>
    (written ??= Promise.all([
      mkdir(join(empty, 'force-app'), { recursive: true }).then(() =>
        writeFile(join(empty, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'force-app' }] }))
      ),
      writeProject(changedProject, changedSets),
    ]));
  return [
    {
      id: 'deploy-all-new',
      title: `sf sharing set deploy (${deploySets.length} sets to an org that holds none)`,
      tool: 'plugin',
      args: [...deploy(deployProject), '--json'],
      env: large,
      org: 'large',
      prepare: async (): Promise<void> => {
        await projects();
        await reset(empty, []);
      },
      check: deployed({ created: names, updated: [], unchanged: [] }, ['createMetadata', 'upsertMetadata']),
      verify: () => orgHolds(deploySets),
    },
    {
      id: 'deploy-10-changed',
      title: `sf sharing set deploy (${deploySets.length} sets, ${changed.length} of them changed, to an org that holds them)`,
      tool: 'plugin',
      args: [...deploy(changedProject), '--json'],
      env: large,
      org: 'large',
      prepare: async (): Promise<void> => {
        await projects();
        await reset(deployProject, deploySets);
      },
      check: deployed({ created: [], updated: changed, unchanged: names.filter((name) => !changed.includes(name)) }, [
        'updateMetadata',
        'upsertMetadata',
      ]),
      verify: () => orgHolds(changedSets),
    },
  ];
}
