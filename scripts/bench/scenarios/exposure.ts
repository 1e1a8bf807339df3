/**
 * `sf sharing exposure` on the large org: its API calls and dependent round trips (the bench's request log gives
 * both), and the counts checked to be present for every mapping.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pluginRoot } from '../../../test/helpers/e2e.js';
import type { Scenario } from '../scenario.js';
import type { Setup } from '../setup.js';

/** The exposure of every sharing set, and of one object, when the build has the command. */
export function exposureScenarios(setup: Setup): Scenario[] {
  if (!existsSync(join(pluginRoot, 'lib', 'commands', 'sharing', 'exposure.js'))) return [];
  const { large } = setup;
  const check = (
    _sample: unknown,
    json: { status?: number; result?: { mappings?: Array<{ grants?: unknown }> } }
  ): string | undefined => {
    const mappings = json?.result?.mappings;
    if (json?.status !== 0 || !Array.isArray(mappings)) return 'no exposure result';
    return mappings.every((m) => typeof m.grants === 'number') ? undefined : 'a mapping without counts';
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
    },
    {
      id: 'exposure-case',
      title: 'sf sharing exposure --object Case',
      tool: 'plugin',
      args: ['sharing', 'exposure', '--target-org', large.alias, '--object', 'Case', '--json'],
      env: large,
      org: 'large',
      check,
    },
  ];
}
