/**
 * The start-up comparison, against the one-set org with no latency: what starting each binary costs.
 */
import { setCount, sfOk } from '../checks.js';
import type { Scenario } from '../scenario.js';
import type { Setup } from '../setup.js';

/** The floor (`bin/run.js --version`), then set list next to `sf org list metadata` when `hasSf`. */
export function startupScenarios(setup: Setup, hasSf: boolean): Scenario[] {
  const { startup } = setup;
  const list: Scenario[] = [
    {
      id: 'startup-version',
      title: 'start-up floor: bin/run.js --version (no org, no command code)',
      tool: 'plugin',
      args: ['--version'],
      env: startup,
      org: 'none',
      check: (sample) => (sample.exitCode === 0 ? undefined : `exit ${sample.exitCode}: ${sample.stderr.slice(-200)}`),
    },
    {
      id: 'startup-set-list',
      title: 'start-up: sf sharing set list, one set, no latency',
      tool: 'plugin',
      args: ['sharing', 'set', 'list', '--target-org', startup.alias, '--json'],
      env: startup,
      org: 'startup',
      check: setCount(1),
    },
  ];
  if (hasSf) {
    list.push({
      id: 'startup-sf-list-metadata',
      title: 'start-up: sf org list metadata, one set, no latency',
      tool: 'sf',
      args: ['org', 'list', 'metadata', '--metadata-type', 'SharingSet', '--target-org', startup.alias, '--json'],
      env: startup,
      org: 'startup',
      check: sfOk((result) => (Array.isArray(result) && result.length === 1 ? undefined : 'expected 1 name')),
    });
  }
  return list;
}
