import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import { COMMAND_REGISTRY, expectRowsForEveryCommand, type SecretRun } from '../../helpers/commands.js';
import { useOrgEnv, type OrgEnv } from '../../helpers/e2e.js';

/** Every command's runs (test/helpers/commands.ts, `secrets`), in the registry's order: reads first, then writes. */
export const SECRET_RUNS: SecretRun[] = COMMAND_REGISTRY.flatMap((spec) => spec.secrets);

/** Every file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

/**
 * Files where @salesforce/core legitimately keeps the access token: the auth files in ~/.sfdx (`<username>.json`) and
 * the JSON state in ~/.sf. Everything else (logs, caches, reports, backups) must not hold it.
 */
const holdsCredentials = (home: string, file: string): boolean => {
  const rel = relative(home, file);
  return /^\.sfdx\/[^/]+\.json$/.test(rel) || /^\.sf\/[^/]+\.json$/.test(rel);
};

/**
 * The mocha process sets SF_DISABLE_LOG_FILE=true (test/setup.ts) and children inherit it: here @salesforce/core must
 * write its log file (~/.sf/sf-<date>.log in the run's temporary HOME), at its most verbose level, so that the sweep
 * below reads a log that holds everything core has to say about the auth files, the connection and the requests.
 */
const LOGGING: Record<string, string | undefined> = {
  SF_DISABLE_LOG_FILE: undefined,
  SFDX_DISABLE_LOG_FILE: undefined,
  SF_LOG_LEVEL: 'trace',
};

/** @salesforce/core's log files in a HOME. */
async function logFiles(home: string): Promise<string[]> {
  const dir = join(home, '.sf');
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((name) => /^sf-.*\.log$/.test(name)).map((name) => join(dir, name));
}

const SECOND_NAMES = new Map([
  ['Asset_Sharing', 'Solar_Panel_Sharing'],
  ['Secret_Check', 'Secret_Check_2'],
  ['reports/baseline.json', 'reports/baseline-2.json'],
]);

describe('e2e reliability: the access token never leaks', () => {
  let env: OrgEnv;
  let work: string;
  let secrets: string[];
  const outputs: Array<{ what: string; text: string }> = [];

  useOrgEnv({ fixture: 'demo', work: 'plugin-sharing-secrets-', clearLog: false }, async (ready) => {
    env = ready;
    work = env.work;
    // An org that was authorised and is now gone: its instance refuses connections.
    const gone = await env.addOrg('gone');
    await gone.stop();
    secrets = [env.emulator.token, env.emulator.token.split('!')[1], gone.token, gone.token.split('!')[1]];
  });

  it('has a run for every command in oclif.manifest.json', () => {
    expectRowsForEveryCommand('secrets.e2e.ts (`secrets`)', (spec) => spec.secrets);
  });

  const run = async (what: string, args: string[], expected: number[]): Promise<void> => {
    const { code, stdout, stderr } = await env.run(args, { cwd: work, env: LOGGING });
    expect(expected, `${what}\n${stderr}`).to.include(code);
    outputs.push({ what: `${what} (stdout)`, text: stdout }, { what: `${what} (stderr)`, text: stderr });
  };

  const o = (): string[] => ['-o', env.alias];
  for (const entry of SECRET_RUNS) {
    for (const json of [true, false]) {
      it(`${entry.what}${json ? ' --json' : ''}`, async () => {
        // A write twice in a row would fail the second time (deleted set, existing file): use a fresh name.
        const args = [
          ...entry.args.map((arg) => (arg === 'SELF' ? env.alias : json ? SECOND_NAMES.get(arg) ?? arg : arg)),
          ...o(),
        ];
        await run(`${entry.what}${json ? ' --json' : ''}`, json ? [...args, '--json'] : args, entry.codes);
      });
    }
  }

  it('an expired token: a clear error, without the token', async () => {
    env.emulator.expireToken();
    try {
      for (const json of [true, false]) {
        // eslint-disable-next-line no-await-in-loop
        await run(
          `expired token${json ? ' --json' : ''}`,
          ['sharing', 'set', 'list', ...o(), ...(json ? ['--json'] : [])],
          [1]
        );
      }
      expect(outputs.at(-1)?.text).to.match(/session .* has expired/);
    } finally {
      env.emulator.expireToken(false);
    }
  });

  it('an unreachable org: a clear error, without the token', async () => {
    for (const json of [true, false]) {
      // eslint-disable-next-line no-await-in-loop
      await run(
        `unreachable${json ? ' --json' : ''}`,
        ['sharing', 'set', 'list', '-o', 'gone', ...(json ? ['--json'] : [])],
        [1]
      );
    }
    expect(outputs.at(-1)?.text).to.match(/Can't reach the org/);
  });

  it("@salesforce/core's log file was written, at trace level, and holds neither the token nor the session id", async () => {
    const logs = await logFiles(env.home);
    expect(logs, 'a log file in the temporary HOME').to.have.length.greaterThan(0);
    let text = '';
    // eslint-disable-next-line no-await-in-loop
    for (const file of logs) text += await readFile(file, 'utf8');
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    // Every run above logged: far more than a few lines, from the auth and connection code that handles the token.
    expect(lines.length, 'the log is substantial').to.be.greaterThan(outputs.length);
    expect(text, 'trace-level entries').to.match(/"level":10\b/);
    expect(text, 'the auth file was read').to.match(/sf:AuthInfo/);
    const found = secrets.filter((secret) => text.includes(secret));
    expect(found, 'secrets in the log').to.deep.equal([]);
  });

  it('no output and no file written (reports, backups, sources, HOME except auth files) holds the token', async () => {
    expect(outputs.length).to.be.greaterThan(20);
    const leaks: string[] = [];
    for (const { what, text } of outputs) {
      for (const secret of secrets) if (text.includes(secret)) leaks.push(what);
    }
    const files = [...(await filesUnder(work)), ...(await filesUnder(env.home))];
    expect(
      files.some((file) => /\/\.sf\/sf-[^/]*\.log$/.test(file)),
      "@salesforce/core's log file is among the files swept"
    ).to.equal(true);
    expect(
      files.some((file) => file.includes('.sharing-backups')),
      'backups were written'
    ).to.equal(true);
    expect(
      files.some((file) => file.endsWith('a.sarif')),
      'reports were written'
    ).to.equal(true);
    for (const file of files) {
      if (holdsCredentials(env.home, file)) continue;
      // eslint-disable-next-line no-await-in-loop
      const text = await readFile(file, 'utf8');
      for (const secret of secrets) if (text.includes(secret)) leaks.push(file);
    }
    expect(leaks).to.deep.equal([]);
  });
});
