/**
 * End-to-end harness: runs the plugin's real binary (bin/run.js) as a child process against the org emulator, in a
 * temporary HOME, so a test never reads or writes the user's real `sf` state. See shared/TESTING.md.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cloneFixture, loadFixture, type Fixture } from '../emulator/fixture.js';
import { type Emulator, type EmulatorOptions, startEmulator } from '../emulator/server.js';
import { makeTempDir, removeDir } from './tmp.js';

export { withTempDir, makeTempDir } from './tmp.js';

/** The plugin's root (two levels above this file) and its binary. */
export const pluginRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const pluginBin = join(pluginRoot, 'bin', 'run.js');

/** The Node.js the plugin runs on in these tests: PLUGIN_SHARING_NODE (.ci/run's Node 22 pass), else this one. */
export const pluginNode = (): string => process.env.PLUGIN_SHARING_NODE ?? process.execPath;

/**
 * What a command prints with `--json` (sf-plugins-core's envelope): `result` on success, `name`, `message` and
 * `actions` on failure. `T` is the command's result type (e.g. `SharingSetListResult`).
 */
export type JsonOutput<T = unknown> = {
  status: number;
  result?: T;
  name?: string;
  message?: string;
  actions?: string[];
  exitCode?: number;
  warnings?: string[];
  /** The result of a failed command (its `apiCalls`, say), when it has one. */
  data?: { apiCalls?: { total?: number } } & Record<string, unknown>;
  cause?: unknown;
  /** Only with --dev-debug. */
  stack?: string;
  code?: string;
  context?: string;
  commandName?: string;
};

export type RunResult<T = unknown> = {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON, when `--json` was among the arguments and stdout parsed. */
  json?: JsonOutput<T>;
};

/** The `--json` output of a run, or a failure showing what the run printed instead. */
export function jsonOf<T>(run: RunResult<T>): JsonOutput<T> {
  if (run.json === undefined) throw new Error(`no JSON on stdout (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  return run.json;
}

/** The result of a successful `--json` run, or a failure naming the error it printed instead. */
export function resultOf<T>(run: RunResult<T>): T {
  const json = jsonOf(run);
  if (json.result === undefined) {
    throw new Error(`no result (exit ${run.code}): ${json.name ?? ''} ${json.message ?? ''}\n${run.stderr}`);
  }
  return json.result;
}

/** A failed `--json` run's error: name, message and actions are always there. */
export type JsonError<T = unknown> = JsonOutput<T> & { name: string; message: string; actions: string[] };

/** A `--json` run that printed a result (whatever its exit code: drift and findings exit 3 with one). */
export type Succeeded<T> = RunResult<T> & { json: JsonOutput<T> & { result: T; warnings: string[] } };
/** A `--json` run that printed an error. */
export type Failed<T = unknown> = RunResult<T> & { json: JsonError<T> };

/** Narrows a run to one that printed its result (`json.result`), or fails showing what it printed instead. */
export function succeeded<T>(run: RunResult<T>): Succeeded<T> {
  const result = resultOf(run);
  const json = jsonOf(run);
  return { ...run, json: { ...json, result, warnings: json.warnings ?? [] } };
}

/** Narrows a run to one that printed an error (`json.name`, `json.message`, `json.actions`), or fails. */
export function failed<T>(run: RunResult<T>): Failed<T> {
  return { ...run, json: errorOf(run) };
}

/** The error of a failed `--json` run (its name and message), or a failure when the run printed no error. */
export function errorOf<T>(run: RunResult<T>): JsonError<T> {
  const json = jsonOf(run);
  if (json.status === 0 || json.name === undefined || json.message === undefined) {
    throw new Error(`expected an error, got status ${json.status} (exit ${run.code}):\n${run.stdout}`);
  }
  return { ...json, name: json.name, message: json.message, actions: json.actions ?? [] };
}

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
  /** A temporary working folder when `work` was asked for (else ''); `useOrgEnv` can renew it for every test. */
  work: string;
  /** Runs `node bin/run.js …args` (asynchronously: the emulator lives in this process). */
  run<T = unknown>(args: string[], opts?: RunOptions): Promise<RunResult<T>>;
  /**
   * Authorises a second org under `alias` in the same HOME (beside the first): a new emulator of `fixture` (default
   * a copy of the demo org under another id, username and token, see `otherOrg`), stopped by cleanup().
   */
  addOrg(
    alias: string,
    options?: { fixture?: Fixture; emulator?: Omit<EmulatorOptions, 'fixture'> }
  ): Promise<Emulator>;
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
  /** Makes a temporary working folder (`env.work`) with this name prefix, removed by cleanup(). */
  work?: string;
};

/**
 * A copy of `base` (default the demo org) under another org id, username and token (`name` goes into all three), so
 * that two orgs can be authorised in one HOME.
 */
export function otherOrg(name: string, base: Fixture = loadFixture('demo')): Fixture {
  const copy = cloneFixture(base);
  const tag = name
    .replace(/[^A-Za-z0-9]/g, '')
    .toUpperCase()
    .padEnd(6, 'X')
    .slice(0, 6);
  copy.org = {
    ...copy.org,
    id: `00D5g0000${tag}J2B`,
    username: `${name.toLowerCase()}@ursa-major-solar.other`,
    token: `00D5g0000${tag}!AQ8AQ${name}Token.other_org`,
  };
  return copy;
}

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
export const runNode = <T = unknown>(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  opts: RunOptions = {}
): Promise<RunResult<T>> =>
  new Promise((resolvePromise, reject) => {
    const node = pluginNode();
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
      const result: RunResult<T> = { code: timedOut ? 124 : code ?? (signal ? 128 : 1), stdout, stderr };
      if (args.includes('--json')) {
        try {
          result.json = JSON.parse(stdout) as JsonOutput<T>;
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
  const others: Emulator[] = [];
  const aliases: Record<string, string> = {};
  let home = '';
  let work = '';
  try {
    home = await makeTempDir('plugin-sharing-e2e-');
    if (options.authenticate !== false) {
      await writeAuthFiles(home, emulator, alias);
      aliases[alias] = emulator.username;
    }
    if (options.work) work = await makeTempDir(options.work);
  } catch (e) {
    if (owned) await emulator.stop();
    if (home) await removeDir(home);
    throw e;
  }
  const childEnv = (extra?: Record<string, string | undefined>): NodeJS.ProcessEnv => isolatedEnv(home, extra);
  const env: OrgEnv = {
    emulator,
    home,
    alias,
    username: emulator.username,
    work,
    childEnv,
    run: <T = unknown>(args: string[], opts: RunOptions = {}) => runNode<T>(pluginBin, args, childEnv(opts.env), opts),
    addOrg: async (otherAlias, other = {}) => {
      const org = await startEmulator({ fixture: other.fixture ?? otherOrg(otherAlias), ...other.emulator });
      others.push(org);
      await writeAuthFiles(home, org, otherAlias);
      // writeAuthFiles names only its own alias: keep every org's.
      aliases[otherAlias] = org.username;
      await writeFile(join(home, '.sfdx', 'alias.json'), JSON.stringify({ orgs: aliases }, null, 2));
      return org;
    },
    cleanup: async (): Promise<void> => {
      await Promise.all(others.map((org) => org.stop()));
      if (owned) await emulator.stop();
      await removeDir(home);
      if (env.work) await removeDir(env.work);
    },
  };
  return env;
};

/**
 * The usual hooks of a describe block around one org: `createOrgEnv(options)` before all tests (handed to `ready`),
 * the emulator's log cleared before each test, cleanup() after all. With `workPerTest`, each test gets a fresh
 * `env.work` folder (removed after it).
 */
export function useOrgEnv(
  options: OrgEnvOptions & { workPerTest?: string; clearLog?: boolean },
  ready: (env: OrgEnv) => void | Promise<void>
): void {
  let env: OrgEnv | undefined;
  before(async () => {
    env = await createOrgEnv(options);
    await ready(env);
  });
  after(async () => env?.cleanup());
  beforeEach(async () => {
    if (!env) return;
    if (options.clearLog !== false) env.emulator.clearLog();
    if (options.workPerTest) env.work = await makeTempDir(options.workPerTest);
  });
  afterEach(async () => {
    if (env && options.workPerTest && env.work) {
      await removeDir(env.work);
      env.work = '';
    }
  });
}

/** A running plugin process (see `spawnPlugin`). */
export type PluginProcess = {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Its exit code once it has closed. */
  closed: Promise<number | null>;
  /** What it has written to stderr so far. */
  stderr(): string;
};

/** Starts `node bin/run.js …args` in `env`'s HOME without waiting for it (to signal it while it runs). */
export function spawnPlugin(env: OrgEnv, cwd: string, args: string[]): PluginProcess {
  const child = spawn(pluginNode(), [pluginBin, ...args], {
    cwd,
    env: env.childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const closed = new Promise<number | null>((done) => child.on('close', (exitCode) => done(exitCode)));
  return { child, closed, stderr: () => stderr };
}

export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** Polls `condition` every `everyMs` until it holds or `ms` have passed; returns whether it held. */
export async function waitUntil(condition: () => boolean, ms = 10_000, everyMs = 50): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    // eslint-disable-next-line no-await-in-loop
    await sleep(everyMs);
  }
  return true;
}

/** Waits until every request the org received has been answered (a held write has landed, or been refused). */
export const settled = (env: OrgEnv, ms = 15_000): Promise<boolean> =>
  waitUntil(() => env.emulator.log.every((entry) => entry.end !== undefined), ms);
