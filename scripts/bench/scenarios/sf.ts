/**
 * The baselines on the large org: what a user would run instead with the real sf CLI.
 */
import { sfOk } from '../checks.js';
import type { Options } from '../options.js';
import type { Scenario } from '../scenario.js';
import type { Setup } from '../setup.js';

/** `sf org list metadata` (names of the sharing sets) and `sf data query` (profiles with their license). */
export function sfScenarios(setup: Setup, options: Options): Scenario[] {
  const { large } = setup;
  return [
    {
      id: 'sf-list-metadata',
      title: 'sf org list metadata --metadata-type SharingSet',
      tool: 'sf',
      args: ['org', 'list', 'metadata', '--metadata-type', 'SharingSet', '--target-org', large.alias, '--json'],
      env: large,
      org: 'large',
      check: sfOk((result) =>
        Array.isArray(result) && result.length === options.sharingSets
          ? undefined
          : `expected ${options.sharingSets} names`
      ),
    },
    {
      id: 'sf-data-query',
      title: 'sf data query (profiles with their license)',
      tool: 'sf',
      args: [
        'data',
        'query',
        '--query',
        'SELECT Id, Name, UserType, UserLicense.Name FROM Profile',
        '--target-org',
        large.alias,
        '--json',
      ],
      env: large,
      org: 'large',
      check: sfOk((result) =>
        result?.totalSize === options.profiles ? undefined : `expected ${options.profiles} profiles`
      ),
    },
  ];
}
