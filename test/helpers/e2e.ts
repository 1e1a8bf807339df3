/**
 * End-to-end harness: runs the plugin's real binary (bin/run.js) as a child process against the org emulator, in a
 * temporary HOME, so a test never reads or writes the user's real `sf` state. See shared/TESTING.md.
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fixture } from '../emulator/fixture.js';
import { type Emulator, type EmulatorOptions, startEmulator } from '../emulator/server.js';
import { makeTempDir, removeDir } from './tmp.js';

export { withTempDir, makeTempDir } from './tmp.js';

/** The plugin's root (two levels above this file) and its binary. */
export const pluginRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const pluginBin = join(pluginRoot, 'bin', 'run.js');

export type RunResult = {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON, when `--json` was among the arguments and stdout parsed. */
  json?: any;
};

export type RunOptions = {
  /** Extra environment variables (added to the isolated environment; `undefined` removes one). */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Text written to the child's stdin (then closed). */
  input?: string;
  /** Kill the child after this many ms (default 120 s); the result then has code 124. */
  timeoutMs?: number;
};

export type OrgEnv = {
  emulator: Emulator;
  /** The temporary HOME holding ~/.sfdx and ~/.sf. */
  home: string;
  alias: string;
  username: string;
  /** Runs `node bin/run.js …args` (asynchronously: the emulator lives in this process). */
  run(args: string[], opts?: RunOptions): Promise<RunResult>;
  /** The environment children get (useful to spawn something else, e.g. the real `sf`). */
  childEnv(extra?: Record<string, string | undefined>): NodeJS.ProcessEnv;
  /** Stops the emulator (unless it was passed in) and removes the temporary HOME. */
  cleanup(): Promise<void>;
};

export type OrgEnvOptions = {
  /** Fixture (object, name such as `demo`, or path) for a new emulator. */
  fixture?: Fixture | string;
  /** Or an emulator that is already running; cleanup() leaves it running. */
  org?: Emulator;
  alias?: string;
  /** More options for a new emulator (latency, faults, batch size). */
  emulator?: Omit<EmulatorOptions, 'fixture'>;
  /** Whether to write the alias and auth files (default true). */
  authenticate?: boolean;
};

/** Writes the files @salesforce/core reads for an org authorised by access token, so no login request is made. */
export const writeAuthFiles = async (
  home: string,
  org: Emulator,
  alias: string,
  apiVersion = '62.0'
): Promise<void> => {
  const sfdx = join(home, '.sfdx');
  await mkdir(sfdx, { recursive: true });
  await mkdir(join(home, '.sf'), { recursive: true });
  const state = org.state;
  const auth = {
    username: org.username,
    orgId: org.orgId,
    accessToken: org.token,
    instanceUrl: org.url,
    loginUrl: org.url,
    instanceApiVersion: apiVersion,
    instanceApiVersionLastRetrieved: new Date().toLocaleString(),
    orgEdition: 'Developer Edition',
    namespacePrefix: null,
    isDevHub: false,
    isSandbox: false,
    isScratch: false,
    userId: org.userId,
  };
  await writeFile(join(sfdx, `${state.username}.json`), JSON.stringify(auth, null, 2));
  await writeFile(join(sfdx, 'alias.json'), JSON.stringify({ orgs: { [alias]: org.username } }, null, 2));
  await writeFile(join(home, '.sf', 'config.json'), '{}');
};

/** The environment for a child process: the current one, isolated from the user's `sf` state and update checks. */
export const isolatedEnv = (home: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    USERPROFILE: home,
    SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    SFDX_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    SF_DISABLE_TELEMETRY: 'true',
    SFDX_DISABLE_TELEMETRY: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
    SF_DISABLE_AUTOUPDATE: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    SF_HIDE_RELEASE_NOTES: 'true',
    NODE_NO_WARNINGS: '1',
  };
  delete env.SF_LOG_LEVEL;
  delete env.SFDX_LOG_LEVEL;
  // Inherited from a parent `sf`/oclif run, these would point the child at the wrong config or plugin.
  delete env.SF_TARGET_ORG;
  delete env.SFDX_TARGET_ORG;
  delete env.SF_ACCESS_TOKEN;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
};

/** Spawns `node <script> …args` and collects its output. Never synchronous: an in-process emulator must keep serving. */
export const runNode = (
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  opts: RunOptions = {}
): Promise<RunResult> =>
  new Promise((resolvePromise, reject) => {
    const node = process.env.PLUGIN_SHARING_NODE ?? process.execPath;
    const child = spawn(node, [script, ...args], { cwd: opts.cwd ?? pluginRoot, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 120_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result: RunResult = { code: timedOut ? 124 : code ?? (signal ? 128 : 1), stdout, stderr };
      if (args.includes('--json')) {
        try {
          result.json = JSON.parse(stdout);
        } catch {
          // left undefined: the test sees stdout and can assert on it
        }
      }
      resolvePromise(result);
    });
    child.stdin.end(opts.input ?? '');
  });

/**
 * Starts an emulator (or reuses `org`), makes a temporary HOME with the org authorised under `alias`, and returns a
 * runner for the plugin's binary. Always call cleanup() (in an after hook).
 */
export const createOrgEnv = async (options: OrgEnvOptions = {}): Promise<OrgEnv> => {
  const alias = options.alias ?? 'emu';
  const owned = !options.org;
  const emulator = options.org ?? (await startEmulator({ fixture: options.fixture ?? 'demo', ...options.emulator }));
  let home: string;
  try {
    home = await makeTempDir('plugin-sharing-e2e-');
    if (options.authenticate !== false) await writeAuthFiles(home, emulator, alias);
  } catch (e) {
    if (owned) await emulator.stop();
    throw e;
  }
  const childEnv = (extra?: Record<string, string | undefined>): NodeJS.ProcessEnv => isolatedEnv(home, extra);
  return {
    emulator,
    home,
    alias,
    username: emulator.username,
    childEnv,
    run: (args, opts = {}) => runNode(pluginBin, args, childEnv(opts.env), opts),
    cleanup: async (): Promise<void> => {
      if (owned) await emulator.stop();
      await removeDir(home);
    },
  };
};
