/**
 * `sf sharing exposure` on the large org: its API calls and dependent round trips (the bench's request log gives
 * both), the counts checked to be present for every mapping, and what each mapping cost (its `cost` in --json): the
 * issue 19 bound is checked per mapping and printed.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pluginRoot } from '../../../test/helpers/e2e.js';
import type { Scenario } from '../scenario.js';
import type { Setup } from '../setup.js';

type Mapping = { keys?: unknown; grants?: unknown; cost?: { queries?: unknown; roundTrips?: unknown } };
type Result = { status?: number; result?: { mappings?: Mapping[]; roundTrips?: unknown } };

/**
 * Queries one mapping may take: its user side and its record side, each one call per 2,000 keys (GROUP BY answers are
 * one batch of at most 2,000 rows and cannot be paged: docs/salesforce-facts.md §11), when both are semi-join or key
 * pages; key chunks (forms SOQL allows no semi-join for) cost one call per chunk that fits the URI instead.
 */
export const exposureBound = (keys: number): number => 2 + 2 * Math.floor(keys / 2000);

const num = (value: unknown): number => (typeof value === 'number' ? value : Number.NaN);

/** Per mapping: how many, the most queries and round trips one took, and how many passed the bound. */
export function exposureNotes(json: Result | undefined): string[] {
  const mappings = json?.result?.mappings ?? [];
  if (mappings.length === 0) return [];
  const queries = mappings.map((m) => num(m.cost?.queries));
  const trips = mappings.map((m) => num(m.cost?.roundTrips));
  const keys = mappings.map((m) => num(m.keys));
  const over = mappings.filter((m, i) => !(queries[i] <= exposureBound(keys[i])));
  const total = queries.reduce((n, q) => n + q, 0);
  return [
    `per mapping (${mappings.length}): queries max ${Math.max(...queries)}, mean ${(total / mappings.length).toFixed(
      2
    )} (user sides shared between mappings counted for each); dependent round trips after the sets were read max ${Math.max(
      ...trips
    )}; keys max ${Math.max(...keys)}`,
    `per mapping bound: queries ≤ 2 + 2 × ⌊keys / 2,000⌋: ${
      over.length === 0 ? 'PASS (every mapping)' : `FAIL (${over.length} mapping(s) over)`
    }; command round trips ${String(json?.result?.roundTrips)}`,
  ];
}

/** The exposure of every sharing set, and of one object, when the build has the command. */
export function exposureScenarios(setup: Setup): Scenario[] {
  if (!existsSync(join(pluginRoot, 'lib', 'commands', 'sharing', 'exposure.js'))) return [];
  const { large } = setup;
  const check = (_sample: unknown, json: Result): string | undefined => {
    const mappings = json?.result?.mappings;
    if (json?.status !== 0 || !Array.isArray(mappings)) return 'no exposure result';
    if (!mappings.every((m) => typeof m.grants === 'number')) return 'a mapping without counts';
    const over = mappings.filter((m) => !(num(m.cost?.queries) <= exposureBound(num(m.keys))));
    return over.length === 0 ? undefined : `${over.length} mapping(s) over the per-mapping query bound`;
  };
  return [
    {
      id: 'exposure',
      title: 'sf sharing exposure',
      tool: 'plugin',
      args: ['sharing', 'exposure', '--target-org', large.alias, '--json'],
      env: large,
      org: 'large',
      check,
      notes: exposureNotes,
    },
    {
      id: 'exposure-case',
      title: 'sf sharing exposure --object Case',
      tool: 'plugin',
      args: ['sharing', 'exposure', '--target-org', large.alias, '--object', 'Case', '--json'],
      env: large,
      org: 'large',
      check,
      notes: exposureNotes,
    },
  ];
}
