/**
 * `sf sharing set deploy` against the large org: deploying every set of the project to an org that holds none, and
 * deploying a project where 10 sets changed. A deploy changes the org, so before every run (warm-ups too, unmeasured)
 * `prepare` puts the org back where the scenario starts, with the plugin itself: for the first, an empty project
 * deployed with --delete-missing --force empties it; for the second, the original project is deployed again.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pluginRoot, runNode } from '../../../test/helpers/e2e.js';
import { pluginOk } from '../checks.js';
import type { Options } from '../options.js';
import type { Scenario } from '../scenario.js';
import type { Setup } from '../setup.js';

/** {@link pluginOk}, and the deploy wrote exactly what the scenario expects. */
const deployed =
  (expected: { created?: 'all'; updated?: number }) =>
  (...args: Parameters<typeof pluginOk>): string | undefined => {
    const [sample, json] = args;
    const problem = pluginOk(sample, json);
    if (problem) return problem;
    const result = json.result as { created: string[]; updated: string[]; failed: string[] };
    if (sample.exitCode !== 0 || result.failed.length > 0)
      return `exit ${sample.exitCode}, failed: ${result.failed.length}`;
    const got = { created: result.created.length > 0 ? 'all' : 0, updated: result.updated.length };
    const want = { created: expected.created ?? 0, updated: expected.updated ?? 0 };
    return JSON.stringify(got) === JSON.stringify(want)
      ? undefined
      : `wrote ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`;
  };

/** Copies the project's sfdx-project.json and the sharing-set files `keep` accepts into `dir`. */
async function copyProject(project: string, dir: string, keep: (file: string) => boolean): Promise<void> {
  const from = join(project, 'force-app', 'main', 'default', 'sharingSets');
  const to = join(dir, 'force-app', 'main', 'default', 'sharingSets');
  await rm(dir, { recursive: true, force: true });
  await mkdir(to, { recursive: true });
  await writeFile(join(dir, 'sfdx-project.json'), await readFile(join(project, 'sfdx-project.json')));
  const files = (await readdir(from)).filter(keep);
  await Promise.all(files.map(async (file) => writeFile(join(to, file), await readFile(join(from, file)))));
}

/** The project with the description of its first `count` sets (in file order) changed, written once into `dir`. */
async function changedCopy(project: string, dir: string, count: number): Promise<void> {
  const from = join(project, 'force-app', 'main', 'default', 'sharingSets');
  const to = join(dir, 'force-app', 'main', 'default', 'sharingSets');
  await rm(dir, { recursive: true, force: true });
  await mkdir(to, { recursive: true });
  await writeFile(join(dir, 'sfdx-project.json'), await readFile(join(project, 'sfdx-project.json')));
  const files = (await readdir(from)).sort();
  await Promise.all(
    files.map(async (file, index) => {
      const xml = await readFile(join(from, file), 'utf8');
      const note = '<description>changed by the bench</description>';
      const description = /<description>[\s\S]*?<\/description>/;
      const withNote = description.test(xml)
        ? xml.replace(description, note)
        : xml.replace('<name>', `${note}\n    <name>`);
      await writeFile(join(to, file), index < count ? withNote : xml);
    })
  );
}

/** The two deploy scenarios, on the large org (they run last among the plugin's, and leave 10 sets changed). */
export function deployScenarios(setup: Setup, options: Options): Scenario[] {
  const { large, project } = setup;
  const scratch = dirname(project);
  const empty = join(scratch, 'project-empty');
  const changed = join(scratch, 'project-10-changed');
  const accepted = join(scratch, 'project-accepted');
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
  const plugin = (args: string[]): ReturnType<typeof runNode<{ failed?: string[] }>> =>
    runNode(join(pluginRoot, 'bin', 'run.js'), [...args, '--json'], large.childEnv(), { cwd: large.home });
  const restore = async (args: string[]): Promise<void> => {
    const run = await plugin(args);
    if (run.code !== 0)
      throw new Error(`bench: resetting the org failed (exit ${run.code}): ${run.stdout.slice(-300)}${run.stderr.slice(-300)}`);
  };
  const emptyOrg = async (): Promise<void> => {
    await mkdir(join(empty, 'force-app'), { recursive: true });
    await writeFile(join(empty, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'force-app' }] }));
    await restore(deploy(empty, '--delete-missing', '--force'));
  };
  // The generated org holds some sets the emulator's own checks would refuse to create (it loads them as they are), so
  // the scenarios deploy the project's sets an org accepts: learnt once, by deploying the whole project to the empty
  // org and keeping the sets it created.
  let calibrated = false;
  const calibrate = async (): Promise<void> => {
    if (calibrated) return;
    await emptyOrg();
    await copyProject(project, accepted, () => true);
    const folder = join(accepted, 'force-app', 'main', 'default', 'sharingSets');
    // A deploy stops at the first call that falls short: drop what the org refused, deploy the rest, until none is.
    for (let round = 0; ; round++) {
      // eslint-disable-next-line no-await-in-loop
      const run = await plugin(deploy(accepted));
      if (run.code === 0) break;
      const refused = run.json?.result?.failed ?? [];
      if (run.code !== 68 || refused.length === 0 || round > 100)
        throw new Error(`bench: calibrating the deploy project failed (exit ${run.code}): ${run.stdout.slice(-300)}`);
      // eslint-disable-next-line no-await-in-loop
      await Promise.all(refused.map((name) => rm(join(folder, `${name}.sharingSet-meta.xml`))));
    }
    await changedCopy(accepted, changed, 10);
    calibrated = true;
  };
  return [
    {
      id: 'deploy-all-new',
      title: `sf sharing set deploy (the project's sets, of ${options.sharingSets}, that an org accepts, to an org that holds none)`,
      tool: 'plugin',
      args: [...deploy(accepted), '--json'],
      env: large,
      org: 'large',
      prepare: async (): Promise<void> => {
        await calibrate();
        await emptyOrg();
      },
      check: deployed({ created: 'all' }),
    },
    {
      id: 'deploy-10-changed',
      title: `sf sharing set deploy (${options.sharingSets} sets, 10 of them changed)`,
      tool: 'plugin',
      args: [...deploy(changed), '--json'],
      env: large,
      org: 'large',
      prepare: async (): Promise<void> => {
        await calibrate();
        await restore(deploy(accepted));
      },
      check: deployed({ updated: 10 }),
    },
  ];
}
