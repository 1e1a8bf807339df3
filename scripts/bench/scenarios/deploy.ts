/**
 * `sf sharing set deploy` against the large org: deploying every set of the project to an org that holds none, and
 * deploying a project where 10 sets changed. A deploy changes the org, so before every run (warm-ups too, unmeasured)
 * `prepare` puts the org back where the scenario starts, with the plugin itself: for the first, an empty project
 * deployed with --delete-missing --force empties it; for the second, the original project is deployed again.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pluginRoot, runNode } from '../../../test/helpers/e2e.js';
import { pluginOk } from '../checks.js';
import type { Options } from '../options.js';
import type { Scenario } from '../scenario.js';
import type { Setup } from '../setup.js';

/** {@link pluginOk}, and the deploy wrote exactly what the scenario expects. */
const deployed =
  (expected: { created?: number; updated?: number }) =>
  (...args: Parameters<typeof pluginOk>): string | undefined => {
    const [sample, json] = args;
    const problem = pluginOk(sample, json);
    if (problem) return problem;
    const result = json.result as { created: string[]; updated: string[]; failed: string[] };
    if (sample.exitCode !== 0 || result.failed.length > 0)
      return `exit ${sample.exitCode}, failed: ${result.failed.length}`;
    const got = { created: result.created.length, updated: result.updated.length };
    const want = { created: expected.created ?? 0, updated: expected.updated ?? 0 };
    return JSON.stringify(got) === JSON.stringify(want)
      ? undefined
      : `wrote ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`;
  };

/** The project with the description of its first `count` sets (in file order) changed, written once into `dir`. */
async function changedCopy(project: string, dir: string, count: number): Promise<void> {
  const from = join(project, 'force-app', 'main', 'default', 'sharingSets');
  const to = join(dir, 'force-app', 'main', 'default', 'sharingSets');
  await mkdir(to, { recursive: true });
  await writeFile(join(dir, 'sfdx-project.json'), await readFile(join(project, 'sfdx-project.json')));
  const files = (await readdir(from)).sort();
  await Promise.all(
    files.map(async (file, index) => {
      const xml = await readFile(join(from, file), 'utf8');
      const changed =
        index < count ? xml.replace('<name>', '<description>changed by the bench</description>\n    <name>') : xml;
      await writeFile(join(to, file), changed);
    })
  );
}

/** The two deploy scenarios, on the large org (they run last among the plugin's, and leave 10 sets changed). */
export function deployScenarios(setup: Setup, options: Options): Scenario[] {
  const { large, project } = setup;
  const scratch = dirname(project);
  const empty = join(scratch, 'project-empty');
  const changed = join(scratch, 'project-10-changed');
  // The generated org is not written to pass the audit; the check still runs, its blocking findings are only listed.
  const deploy = (source: string, ...more: string[]): string[] => [
    'sharing',
    'set',
    'deploy',
    '--target-org',
    large.alias,
    '--source-dir',
    source,
    '--no-prompt',
    '--ignore-problems',
    '--backup-dir',
    join(scratch, 'deploy-backups'),
    ...more,
  ];
  const restore = async (args: string[]): Promise<void> => {
    const run = await runNode(join(pluginRoot, 'bin', 'run.js'), [...args, '--json'], large.childEnv(), {
      cwd: large.home,
    });
    if (run.code !== 0)
      throw new Error(`bench: resetting the org failed (exit ${run.code}): ${run.stderr.slice(-300)}`);
  };
  return [
    {
      id: 'deploy-all-new',
      title: `sf sharing set deploy (${options.sharingSets} sets to an org that holds none)`,
      tool: 'plugin',
      args: [...deploy(project), '--json'],
      env: large,
      org: 'large',
      prepare: async () => {
        await mkdir(join(empty, 'force-app'), { recursive: true });
        await writeFile(
          join(empty, 'sfdx-project.json'),
          JSON.stringify({ packageDirectories: [{ path: 'force-app' }] })
        );
        await restore(deploy(empty, '--delete-missing', '--force'));
      },
      check: deployed({ created: options.sharingSets }),
    },
    {
      id: 'deploy-10-changed',
      title: `sf sharing set deploy (${options.sharingSets} sets, 10 of them changed)`,
      tool: 'plugin',
      args: [...deploy(changed), '--json'],
      env: large,
      org: 'large',
      prepare: async () => {
        await changedCopy(project, changed, 10);
        await restore(deploy(project));
      },
      check: deployed({ updated: 10 }),
    },
  ];
}
