/**
 * `sf sharing explain` on the large org, for one record and for 200 (the most UserRecordAccess answers at once): its
 * dependent round trips are the figure issue 18 sets (at most 4 whatever the number of records).
 */
import type { Fixture } from '../../../test/emulator/index.js';
import { makeId } from '../../../test/emulator/orgdata.js';
import { pluginOk } from '../checks.js';
import type { Scenario } from '../scenario.js';
import type { Setup } from '../setup.js';

/**
 * The user explained: the first active external user (with a contact) whose profile a sharing set names, so every
 * step of the walk runs; undefined when the generated org has none.
 */
export function explainUser(fixture: Fixture): string | undefined {
  const named = new Set(fixture.sharingSets.flatMap((set) => set.profiles));
  const profileIds = new Set(fixture.profiles.filter((profile) => named.has(profile.name)).map((p) => p.id));
  return fixture.users.find((user) => user.isActive && user.contactId && profileIds.has(user.profileId))?.username;
}

/** Explain with 1 and with 200 Case records (the large org's skewed cases, `500…1` onwards). */
export function explainScenarios(setup: Setup): Scenario[] {
  const { large, largeFixture } = setup;
  const username = explainUser(largeFixture);
  if (!username) return [];
  const records = (count: number): string[] =>
    Array.from({ length: count }, (_, i) => ['--record', makeId('500', i + 1)]).flat();
  const scenario = (count: number): Scenario => ({
    id: `explain-${count}`,
    title: `sf sharing explain (${count} record${count === 1 ? '' : 's'})`,
    tool: 'plugin',
    args: ['sharing', 'explain', '--target-org', large.alias, '--user', username, ...records(count), '--json'],
    env: large,
    org: 'large',
    check: (sample, json: { result?: { records?: unknown[] } } | undefined) =>
      pluginOk(sample, json) ??
      (json?.result?.records?.length === count
        ? undefined
        : `expected ${count} explained records, got ${json?.result?.records?.length ?? 'none'}`),
  });
  return [scenario(1), scenario(200)];
}
