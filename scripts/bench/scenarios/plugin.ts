/**
 * The plugin's commands against the large org (and its project): the figures the sf baselines are set against.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pluginRoot } from '../../../test/helpers/e2e.js';
import { pluginOk, setCount, tableOk } from '../checks.js';
import type { Options } from '../options.js';
import type { Scenario } from '../scenario.js';
import type { Setup } from '../setup.js';
import { deployScenarios } from './deploy.js';

/** The width the table scenarios lay their tables out in, as a 120-column terminal would (@oclif/table reads it too). */
const TABLE_WIDTH = { OCLIF_TABLE_COLUMN_OVERRIDE: '120' };

/** set list and profile list (--json, then as tables), then set diff and the audits when the build has those commands. */
export function pluginScenarios(setup: Setup, options: Options): Scenario[] {
  const { large, project, project500 } = setup;
  const lib = (path: string): boolean => existsSync(join(pluginRoot, 'lib', 'commands', 'sharing', path));
  const list: Scenario[] = [
    {
      id: 'set-list',
      title: 'sf sharing set list',
      tool: 'plugin',
      args: ['sharing', 'set', 'list', '--target-org', large.alias, '--json'],
      env: large,
      org: 'large',
      check: setCount(options.sharingSets),
    },
    {
      id: 'profile-list',
      title: 'sf sharing profile list',
      tool: 'plugin',
      args: ['sharing', 'profile', 'list', '--target-org', large.alias, '--json'],
      env: large,
      org: 'large',
      check: pluginOk,
    },
    // The same two as a user reads them: the table laid out for a 120-column terminal, against the --json runs above.
    {
      id: 'set-list-table',
      title: 'sf sharing set list (table, 120 columns)',
      tool: 'plugin',
      args: ['sharing', 'set', 'list', '--target-org', large.alias],
      env: large,
      org: 'large',
      extraEnv: TABLE_WIDTH,
      check: tableOk(/sharing set\(s\), \d+ access mapping\(s\)/),
    },
    {
      id: 'profile-list-table',
      title: 'sf sharing profile list (table, 120 columns)',
      tool: 'plugin',
      args: ['sharing', 'profile', 'list', '--target-org', large.alias],
      env: large,
      org: 'large',
      extraEnv: TABLE_WIDTH,
      check: tableOk(/profile\(s\): \d+ eligible/),
    },
  ];
  if (lib('set/diff.js')) {
    list.push({
      id: 'set-diff',
      title: 'sf sharing set diff (org vs project)',
      tool: 'plugin',
      args: ['sharing', 'set', 'diff', '--target-org', large.alias, '--source-dir', project, '--json'],
      env: large,
      org: 'large',
      check: pluginOk,
    });
  }
  if (lib('audit.js')) {
    const audit = (id: string, title: string, args: string[], org: Scenario['org']): Scenario => ({
      id,
      title,
      tool: 'plugin',
      args: ['sharing', 'audit', ...args, '--json'],
      env: large,
      org,
      check: pluginOk,
    });
    list.push(
      audit('audit-org', 'sf sharing audit --target-org', ['--target-org', large.alias], 'large'),
      audit('audit-source', 'sf sharing audit --source-dir', ['--source-dir', project], 'none'),
      audit(
        'audit-source-500',
        `sf sharing audit --source-dir (${options.sourceSets} sets)`,
        ['--source-dir', project500],
        'none'
      ),
      audit(
        'audit-source-org',
        'sf sharing audit --source-dir --target-org',
        ['--source-dir', project, '--target-org', large.alias],
        'large'
      )
    );
  }
  if (lib('set/deploy.js')) list.push(...deployScenarios(setup));
  return list;
}
