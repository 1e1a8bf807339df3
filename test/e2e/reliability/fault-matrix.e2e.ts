/**
 * Every command × every fault an org connection produces, as a table. Each cell injects the fault into the emulator,
 * runs the plugin's binary, and checks the outcome the table gives: exit code, a one-line cause and an action, no stack
 * trace, and for writes a backup on disk and the org holding the old or the new definition, never a mix.
 * `matrixMarkdown()` renders the table; DEVELOPING.md holds that rendering and is checked here.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { FaultRule, FaultType, RequestMatch } from '../../emulator/index.js';
import { createOrgEnv, makeTempDir, pluginRoot, type OrgEnv } from '../../helpers/e2e.js';
import { removeDir } from '../../helpers/tmp.js';
import { stripAnsi } from '../text.js';

const driftProject = join(pluginRoot, 'test', 'fixtures', 'projects', 'drift');
/** jsforce gives up on a request after HTTP_TIMEOUT ms (30 minutes when unset); the matrix shortens it. */
const TIMEOUT_MS = 1500;

type Command = {
  title: string;
  args: string[];
  /** Exit code of a successful run (diff and audit report drift and findings with 3). */
  okCode: number;
  /** The request a fault is injected into. */
  target: RequestMatch;
  /** For a write: what it changes. */
  write?: { op: 'update' | 'delete' };
  /** Whether the failure cells also run with --json. */
  json?: boolean;
};

const soapRead: RequestMatch = { soapOperation: 'readMetadata' };

export const COMMANDS: Command[] = [
  { title: 'set list', args: ['sharing', 'set', 'list'], okCode: 0, target: soapRead, json: true },
  { title: 'set list --name', args: ['sharing', 'set', 'list', '--name', 'Case_Sharing'], okCode: 0, target: soapRead },
  { title: 'profile list', args: ['sharing', 'profile', 'list'], okCode: 0, target: { kind: 'rest-query' } },
  {
    title: 'set diff --source-dir',
    args: ['sharing', 'set', 'diff', '--source-dir', driftProject],
    okCode: 3,
    target: soapRead,
  },
  { title: 'audit', args: ['sharing', 'audit'], okCode: 3, target: soapRead },
  {
    title: 'set create --update',
    args: ['sharing', 'set', 'create', '--name', 'Case_Sharing', '--profile', 'Customer Community User'],
    okCode: 0,
    target: { soapOperation: 'updateMetadata' },
    write: { op: 'update' },
  },
  {
    title: 'set delete',
    args: ['sharing', 'set', 'delete', '--no-prompt'],
    okCode: 0,
    target: { soapOperation: 'deleteMetadata' },
    write: { op: 'delete' },
    json: true,
  },
];

/** What a cell expects. `state` (writes): what the org holds afterwards. */
export type Outcome =
  | { ok: true; state?: 'new' }
  | { ok: false; cause: RegExp; action: RegExp; says: string; state?: 'old' };

type FaultCase = {
  fault: string;
  /** For DEVELOPING.md: which request gets the fault, and how often. */
  where: string;
  /** The rule, given the command's target request. */
  rule: (target: RequestMatch) => FaultRule;
  env?: Record<string, string>;
  read?: Outcome;
  write?: Outcome;
};

const once =
  (fault: FaultType) =>
  (target: RequestMatch): FaultRule => ({ ...target, fault, times: 1 });
const always =
  (fault: FaultType) =>
  (target: RequestMatch): FaultRule => ({ ...target, fault });
/** Persistent faults on reads go to a SOAP call: jsforce does not retry POSTs, so only the plugin's retry runs. */
const alwaysSoap =
  (fault: FaultType) =>
  (target: RequestMatch): FaultRule => ({ ...(target.kind ? soapRead : target), fault });

const serverError = {
  says: 'ServerError: "The org answered with a server error (N attempt(s)): …"; try again later',
  cause: /server error \(\d attempt\(s\)\)/,
  action: /try again in a few minutes/,
};
const unreachable = {
  says: 'OrgUnreachable: "Can\'t reach the org at URL (UND_ERR_SOCKET)"; check the network',
  cause: /Can't reach the org at http:\/\/127\.0\.0\.1:\d+ \(UND_ERR_SOCKET\)/,
  action: /Check your network/,
};
const timeout = {
  says: 'Timeout: "The org at URL did not answer in time"; raise HTTP_TIMEOUT',
  cause: /did not answer in time/,
  action: /HTTP_TIMEOUT/,
};
const session = {
  says: 'SessionExpired: "The session for USER has expired"; sf org login web',
  cause: /The session for \S+ has expired or is no longer valid/,
  action: /Log in again: sf org login web/,
};
const limit = {
  says: 'RequestLimitExceeded: "its API request limit is used up"; wait for the 24-hour window',
  cause: /API request limit is used up/,
  action: /Wait for the 24-hour window/,
};
const malformed = {
  says: 'MalformedResponse: "The org sent an answer the plugin could not read"; try again',
  cause: /sent an answer the plugin could not read/,
  action: /try again/,
};

export const FAULTS: FaultCase[] = [
  {
    fault: 'HTTP 500 once',
    where: 'once: the first read (readMetadata; a REST query for profile list), or the write',
    rule: once('http500'),
    read: { ok: true },
    write: { ok: false, ...serverError, state: 'old' },
  },
  {
    fault: 'HTTP 503 once',
    where: 'once: the first read, or the write',
    rule: once('http503'),
    read: { ok: true },
    write: { ok: false, ...serverError, state: 'old' },
  },
  {
    fault: 'HTTP 503 always',
    where: 'every readMetadata (SOAP: only the plugin retries it)',
    rule: alwaysSoap('http503'),
    read: { ok: false, ...serverError },
  },
  {
    fault: 'dropped connection once',
    where: 'once: the first read, or the write',
    rule: once('drop'),
    read: { ok: true },
    write: { ok: false, ...unreachable, state: 'old' },
  },
  {
    fault: 'dropped connection always',
    where: 'every readMetadata',
    rule: alwaysSoap('drop'),
    read: { ok: false, ...unreachable },
  },
  {
    fault: `no answer once (HTTP_TIMEOUT=${TIMEOUT_MS})`,
    where: 'once: the first read, or the write',
    rule: once('hang'),
    env: { HTTP_TIMEOUT: String(TIMEOUT_MS) },
    read: { ok: true },
    write: { ok: false, ...timeout, state: 'old' },
  },
  {
    fault: `no answer always (HTTP_TIMEOUT=${TIMEOUT_MS})`,
    where: 'every readMetadata',
    rule: alwaysSoap('hang'),
    env: { HTTP_TIMEOUT: String(TIMEOUT_MS) },
    read: { ok: false, ...timeout },
  },
  {
    fault: 'INVALID_SESSION_ID',
    where: 'every matching request: reads, or the write',
    rule: always('invalid-session'),
    read: { ok: false, ...session },
    write: { ok: false, ...session, state: 'old' },
  },
  {
    fault: 'REQUEST_LIMIT_EXCEEDED',
    where: 'every matching request: reads, or the write',
    rule: always('request-limit'),
    read: { ok: false, ...limit },
    write: { ok: false, ...limit, state: 'old' },
  },
  {
    // On a write the org applied the change and only the answer was cut: the plugin reads the set back to learn that.
    fault: 'malformed body',
    where: 'every matching request (200 with half the body): reads, or the write',
    rule: always('malformed'),
    read: { ok: false, ...malformed },
    write: { ok: true, state: 'new' },
  },
  {
    fault: 'partial failure of the write (UNKNOWN_EXCEPTION on the item)',
    where: 'the write (its item fails)',
    rule: always('partial'),
    write: {
      ok: false,
      cause: /The org rejected the (update|delete) of sharing set \w+: UNKNOWN_EXCEPTION/,
      action: /Fix what the org names/,
      says: 'WriteRejected: "The org rejected the update of sharing set X: UNKNOWN_EXCEPTION: …"',
      state: 'old',
    },
  },
  {
    fault: 'HTTP 503 once on the read before the write',
    where: 'once: the readMetadata before the write',
    rule: () => ({ ...soapRead, fault: 'http503', times: 1 }),
    write: { ok: true, state: 'new' },
  },
];

export type MatrixRow = {
  command: string;
  fault: string;
  json: boolean;
  faults: FaultRule[];
  env?: Record<string, string>;
  expected: Outcome;
};

/** The table's rows: one per command × fault that applies to it (× --json for the commands marked so). */
export function matrixRows(): MatrixRow[] {
  const rows: MatrixRow[] = [];
  for (const command of COMMANDS) {
    for (const fault of FAULTS) {
      const expected = command.write ? fault.write : fault.read;
      if (!expected) continue;
      const modes = expected.ok ? [true] : command.json ? [false, true] : [false];
      for (const json of modes) {
        rows.push({
          command: command.title,
          fault: fault.fault,
          json,
          faults: [fault.rule(command.target)],
          env: fault.env,
          expected,
        });
      }
    }
  }
  return rows;
}

const outcomeText = (outcome: Outcome | undefined): string => {
  if (!outcome) return '—';
  const state = outcome.state ? `; org holds the ${outcome.state} definition` : '';
  if (outcome.ok) return `exit 0, right result${state}`;
  return `exit 1, ${outcome.says}${state}`;
};

/** The matrix as Markdown: one row per fault, one column per command kind. */
export function matrixMarkdown(): string {
  const lines = [
    '| fault | injected into | set list, set list --name, profile list, set diff, audit | set create --update, set delete |',
    '| --- | --- | --- | --- |',
  ];
  for (const fault of FAULTS) {
    lines.push(`| ${fault.fault} | ${fault.where} | ${outcomeText(fault.read)} | ${outcomeText(fault.write)} |`);
  }
  return lines.join('\n');
}

const STACK_LINE = /^\s{4}at /m;

/** The text between "Error (Name): " and the actions: the cause must fit on one line. */
function humanCause(stderr: string): string {
  const match = /Error \([^)]*\): ([\s\S]*?)(?:\n\s*\nTry this:|\s*$)/.exec(stripAnsi(stderr));
  return match?.[1] ?? '';
}

describe('e2e reliability: fault matrix', () => {
  it('DEVELOPING.md holds the current matrix', async () => {
    const doc = await readFile(join(pluginRoot, 'DEVELOPING.md'), 'utf8');
    expect(doc).to.contain(matrixMarkdown());
  });

  for (const command of COMMANDS) {
    describe(command.title, () => {
      let env: OrgEnv;
      let work: string;
      let baseline: unknown;
      let cell = 0;
      before(async () => {
        env = await createOrgEnv({ fixture: 'demo' });
        work = await makeTempDir('plugin-sharing-faults-');
        if (!command.write) {
          const { json } = await env.run([...command.args, '-o', env.alias, '--json'], { cwd: work });
          baseline = stable(json?.result);
        }
      });
      after(async () => {
        await env?.cleanup();
        await removeDir(work);
      });

      for (const row of matrixRows().filter((r) => r.command === command.title)) {
        it(`${row.fault}${row.json ? ' --json' : ''} → ${outcomeText(row.expected)}`, async () => {
          cell++;
          const backupDir = join(work, `backups-${cell}`);
          const args = [...command.args, '-o', env.alias];
          let victim = '';
          if (command.write?.op === 'update')
            args.push('--mapping', 'Case.Account=Account', '--description', `cell ${cell}`, '--update');
          if (command.write) args.push('--backup-dir', backupDir);
          if (command.write?.op === 'delete') {
            victim = env.emulator.state.sharingSets[0].fullName;
            args.push('--name', victim);
          }
          if (row.json || row.expected.ok) args.push('--json');
          const before = env.emulator.state.sharingSets;
          env.emulator.setFaults(row.faults);
          env.emulator.clearLog();
          const { code, stdout, stderr, json } = await env.run(args, { cwd: work, env: row.env, timeoutMs: 60_000 });
          env.emulator.setFaults([]);
          const faultFired = env.emulator.log.some((entry) => entry.fault !== undefined);
          expect(faultFired, 'the fault was injected').to.equal(true);
          expect(stderr, 'no stack trace').to.not.match(STACK_LINE);
          expect(stdout, 'no stack trace').to.not.match(STACK_LINE);

          if (row.expected.ok) {
            expect(code, stderr).to.equal(command.okCode);
            if (!command.write) expect(stable(json?.result)).to.deep.equal(baseline);
          } else {
            expect(code, stdout + stderr).to.equal(1);
            const { cause, action } = row.expected;
            if (row.json) {
              expect(json?.status, stdout).to.equal(1);
              expect(json.message).to.match(cause);
              expect(json.message, 'one line').to.not.contain('\n');
              expect((json.actions as string[]).join('\n')).to.match(action);
            } else {
              const text = humanCause(stderr);
              expect(text, stderr).to.match(cause);
              expect(text.trim(), `one line:\n${stderr}`).to.not.contain('\n');
              expect(stripAnsi(stderr)).to.contain('Try this:');
              expect(stripAnsi(stderr)).to.match(action);
            }
          }

          if (command.write) {
            const backups = await readdir(backupDir);
            expect(backups, 'one backup on disk').to.have.length(1);
            const after = env.emulator.state.sharingSets;
            if (row.expected.state === 'old') {
              expect(after, 'the org holds the old definition').to.deep.equal(before);
            } else if (command.write.op === 'delete') {
              expect(after, 'the org holds the new state').to.deep.equal(before.filter((s) => s.fullName !== victim));
            } else {
              const changed = after.find((s) => s.fullName === 'Case_Sharing');
              expect(changed?.description, 'the org holds the new definition').to.equal(`cell ${cell}`);
              expect(after.filter((s) => s.fullName !== 'Case_Sharing')).to.deep.equal(
                before.filter((s) => s.fullName !== 'Case_Sharing')
              );
            }
          }
        });
      }
    });
  }
});

/** A result without what legitimately differs between two runs (call counts, the org's remaining daily requests). */
function stable(result: unknown): unknown {
  return JSON.parse(
    JSON.stringify(result ?? null, (key, value: unknown) =>
      key === 'apiCalls' || key === 'dailyApiRequests' ? undefined : value
    )
  );
}
