/**
 * Setting up: tools, orgs, projects, and the description of the machine they run on.
 */
/* eslint-disable no-await-in-loop -- the project's files are written one after the other */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { serializeSharingSet } from '../../src/source/index.js';
import { deployableSharingSets } from '../../test/emulator/generate.js';
import { generateLargeOrg, orgWithSets, type FixtureSharingSet } from '../../test/emulator/index.js';
import type { Tools } from '../../test/helpers/tools.js';
import { createOrgEnv, type OrgEnv } from '../../test/helpers/e2e.js';
import { onCleanup } from './cleanup.js';
import type { Options } from './options.js';
import { execFileAsync, type RssMethod } from './runner.js';

/** The `--version` of a Node binary. */
export async function nodeVersion(node: string): Promise<string> {
  return (await execFileAsync(node, ['--version'])).stdout.trim();
}

async function sfVersion(tools: Tools, env: OrgEnv): Promise<string> {
  const { stdout } = await execFileAsync(tools.node22, [tools.sf, '--version'], {
    env: env.childEnv(),
    cwd: env.home,
  });
  return stdout.trim();
}

/** An SFDX project holding the given sharing sets, written with the plugin's own serializer. */
export async function writeProject(dir: string, sets: FixtureSharingSet[]): Promise<string> {
  const folder = join(dir, 'force-app', 'main', 'default', 'sharingSets');
  await mkdir(folder, { recursive: true });
  await writeFile(
    join(dir, 'sfdx-project.json'),
    `${JSON.stringify(
      { packageDirectories: [{ path: 'force-app', default: true }], name: 'bench', sourceApiVersion: '62.0' },
      null,
      2
    )}\n`
  );
  for (const set of sets) {
    const xml = serializeSharingSet({
      fullName: set.fullName,
      label: set.name,
      ...(set.description ? { description: set.description } : {}),
      profiles: set.profiles,
      accessMappings: set.accessMappings.map((m) => ({
        accessLevel: m.accessLevel as 'Read' | 'Edit',
        object: m.object,
        objectField: m.objectField,
        userField: m.userField,
      })),
    });
    await writeFile(join(folder, `${set.fullName}.sharingSet-meta.xml`), xml);
  }
  return dir;
}

/** The two emulated orgs (authorised in their own HOME) and the two projects the scenarios run against. */
export type Setup = {
  large: OrgEnv;
  /** The large org's fixture, for scenarios that pick a user or records of it (explain). */
  largeFixture: ReturnType<typeof generateLargeOrg>;
  startup: OrgEnv;
  project: string;
  project500: string;
  /**
   * The deploy scenarios' sets (`deployableSharingSets`: as many as the org's, sets a real org accepts and the audit
   * passes, unlike the org's own) and their project.
   */
  deploySets: FixtureSharingSet[];
  deployProject: string;
};

/**
 * Generates the large org and serves it with `options.latency`, serves a one-set org with no latency for the
 * start-up comparison, and writes the projects under `scratch`; the emulators are stopped by `cleanupAll`.
 */
export async function setUp(options: Options, scratch: string): Promise<Setup> {
  process.stderr.write(
    `Generating the org: ${options.profiles} profiles, ${options.sharingSets} sharing sets, ` +
      `${options.customObjects} custom objects, ${options.users} users (seed ${options.seed})…\n`
  );
  const generate = (sharingSets: number): ReturnType<typeof generateLargeOrg> =>
    generateLargeOrg({
      profiles: options.profiles,
      sharingSets,
      customObjects: options.customObjects,
      users: options.users,
      seed: options.seed,
    });
  const fixture = generate(options.sharingSets);
  const large = await createOrgEnv({ fixture, alias: 'bench', emulator: { latencyMs: options.latency } });
  onCleanup(() => large.cleanup());
  const startup = await createOrgEnv({ fixture: orgWithSets(1), alias: 'bench-startup', emulator: { latencyMs: 0 } });
  onCleanup(() => startup.cleanup());
  const project = await writeProject(join(scratch, 'project'), fixture.sharingSets);
  const project500 = await writeProject(
    join(scratch, 'project-500'),
    (options.sourceSets === options.sharingSets ? fixture : generate(options.sourceSets)).sharingSets
  );
  const deploySets = deployableSharingSets(fixture, options.sharingSets, options.seed);
  const deployProject = await writeProject(join(scratch, 'project-deploy'), deploySets);
  return { large, largeFixture: fixture, startup, project, project500, deploySets, deployProject };
}

export type Machine = {
  cpu: string;
  cores: number;
  totalMemoryGb: number;
  platform: string;
  benchNode: string;
  pluginNode: string;
  sfNode: string | undefined;
  sfCli: string | undefined;
  rssMethod: RssMethod;
};

/**
 * The machine and the versions in play, for the report: the sf CLI's version only when `withSf` (it is asked of the
 * CLI logged in to `env`'s HOME).
 */
export async function describeMachine(
  pluginNode: string,
  tools: Tools | undefined,
  withSf: boolean,
  env: OrgEnv,
  rssMethod: RssMethod
): Promise<Machine> {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    totalMemoryGb: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    platform: `${os.platform()} ${os.release()}`,
    benchNode: process.version,
    pluginNode,
    sfNode: tools ? await nodeVersion(tools.node22) : undefined,
    sfCli: tools && withSf ? await sfVersion(tools, env) : undefined,
    rssMethod,
  };
}
