/**
 * Every command × every fault an org connection produces, as a table. Each cell injects the fault into the emulator,
 * runs the plugin's binary, and checks the outcome the table gives: exit code, a one-line cause and an action, no stack
 * trace, and for writes a backup on disk and the org holding the old or the new definition, never a mix.
 * `matrixMarkdown()` renders the table; DEVELOPING.md holds that rendering and is checked here.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type {
  FaultRule,
  FaultType,
  FixtureSharingSet,
  LatencyRule,
  LogEntry,
  RequestMatch,
} from '../../emulator/index.js';
import { matches } from '../../emulator/faults.js';
import { diffSharingSets } from '../../../src/diff/diff.js';
import { DEFAULT_RETRY } from '../../../src/org/retry.js';
import { readSharingSetFile, serializeSharingSet } from '../../../src/source/index.js';
import type { SharingSet } from '../../../src/model/types.js';
import {
  COMMAND_REGISTRY,
  COMPARE_ALIAS,
  expectRowsForEveryCommand,
  type FaultCommand,
} from '../../helpers/commands.js';
import {
  createOrgEnv,
  failed,
  makeTempDir,
  pluginRoot,
  waitUntil,
  type OrgEnv,
  type RunResult,
} from '../../helpers/e2e.js';
import { fromFixture } from '../../helpers/sharingSets.js';
import { removeDir } from '../../helpers/tmp.js';
import { stripAnsi } from '../text.js';

/** jsforce gives up on a request after HTTP_TIMEOUT ms (30 minutes when unset); the matrix shortens it. */
const TIMEOUT_MS = 1500;

const soapRead: RequestMatch = { soapOperation: 'readMetadata' };

/** The matrix's commands: every fault row of every command in the registry, in DEVELOPING.md's column order. */
export const COMMANDS: FaultCommand[] = COMMAND_REGISTRY.flatMap((spec) => spec.faults).sort(
  (a, b) => a.column - b.column
);

/** What a cell expects. `state` (writes): what the org holds afterwards. */
export type Outcome =
  | { ok: true; state?: 'new' }
  | {
      ok: false;
      cause: RegExp;
      action: RegExp;
      says: string;
      state?: 'old';
      /** A write whose answer was lost: the message also says the write may still land, and to check first. */
      mayLand?: boolean;
      /** What the org holds once the slow write it was sent has landed. */
      later?: 'new';
      /** A write command whose reads failed: it never sent its write (and so backed nothing up). */
      noWrite?: true;
      /**
       * A read cell whose fault never goes away: how many times the plugin sends each faulted request before it gives
       * up (src/org/retry.ts: every attempt of its policy for a transient fault, one for a permanent one).
       */
      attempts?: number;
    };

type FaultCase = {
  fault: string;
  /** For DEVELOPING.md: which request gets the fault, and how often. */
  where: string;
  /** The rules, given the command's target request. */
  rule?: (target: RequestMatch) => FaultRule | FaultRule[];
  /** Instead of a fault: a delay on the target request, applied before the org carries it out. */
  latency?: (target: RequestMatch) => LatencyRule;
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

/** The server error after every attempt of the retry policy, with their number. */
const retriesCause = new RegExp(`server error \\(${DEFAULT_RETRY.attempts} attempt\\(s\\)\\)`);

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

const READS_BEFORE_WRITE =
  'every read a write command sends before its write (REST queries, describe composites, list/readMetadata)';
/** Every read request a command can send (not the start-up requests of @salesforce/core, nor the allowance). */
const everyRead = (fault: FaultType) => (): FaultRule[] =>
  [
    { kind: ['rest-query', 'tooling-query', 'describe', 'describe-global'], fault },
    { kind: 'composite', fault },
    { soapOperation: ['readMetadata', 'listMetadata', 'describeMetadata'], fault },
  ];

export const FAULTS: FaultCase[] = [
  {
    fault: 'HTTP 500 once',
    where: 'once: the first read (readMetadata; a REST query for profile list), or the write',
    rule: once('http500'),
    read: { ok: true },
    write: { ok: false, ...serverError, state: 'old', mayLand: true },
  },
  {
    fault: 'HTTP 503 once',
    where: 'once: the first read, or the write',
    rule: once('http503'),
    read: { ok: true },
    write: { ok: false, ...serverError, state: 'old', mayLand: true },
  },
  {
    fault: 'HTTP 503 always',
    where: "every request of the command's target kind (jsforce's own retry is off: only the plugin's runs)",
    rule: always('http503'),
    read: { ok: false, ...serverError, cause: retriesCause, attempts: DEFAULT_RETRY.attempts },
  },
  {
    fault: 'dropped connection once',
    where: 'once: the first read, or the write',
    rule: once('drop'),
    read: { ok: true },
    write: { ok: false, ...unreachable, state: 'old', mayLand: true },
  },
  {
    fault: 'dropped connection always',
    where: "every request of the command's target kind",
    rule: always('drop'),
    read: { ok: false, ...unreachable, attempts: DEFAULT_RETRY.attempts },
  },
  {
    fault: `no answer once (HTTP_TIMEOUT=${TIMEOUT_MS})`,
    where: 'once: the first read, or the write',
    rule: once('hang'),
    env: { HTTP_TIMEOUT: String(TIMEOUT_MS) },
    read: { ok: true },
    write: { ok: false, ...timeout, state: 'old', mayLand: true },
  },
  {
    fault: `no answer always (HTTP_TIMEOUT=${TIMEOUT_MS})`,
    where: "every request of the command's target kind",
    rule: always('hang'),
    env: { HTTP_TIMEOUT: String(TIMEOUT_MS) },
    read: { ok: false, ...timeout, attempts: DEFAULT_RETRY.attempts },
  },
  {
    fault: 'INVALID_SESSION_ID',
    where: 'every matching request: reads, or the write',
    rule: always('invalid-session'),
    read: { ok: false, ...session, attempts: 1 },
    write: { ok: false, ...session, state: 'old' },
  },
  {
    fault: 'REQUEST_LIMIT_EXCEEDED',
    where: 'every matching request: reads, or the write',
    rule: always('request-limit'),
    read: { ok: false, ...limit, attempts: 1 },
    write: { ok: false, ...limit, state: 'old' },
  },
  {
    // On a write the org applied the change and only the answer was cut: the plugin reads the set back to learn that.
    fault: 'malformed body',
    where: 'every matching request (200 with half the body): reads, or the write',
    rule: always('malformed'),
    read: { ok: false, ...malformed, attempts: 1 },
    write: { ok: true, state: 'new' },
  },
  {
    // Not a multi-name write: the plugin sends one item per write call (src/org/writes.ts), so a write can't half-succeed.
    fault: "the org rejects the write's only item (UNKNOWN_EXCEPTION in its result)",
    where: "the write (the emulator's `partial` fault: its one item fails)",
    rule: always('partial'),
    write: {
      ok: false,
      cause: /The org rejected the (create|update|delete) of sharing set \w+: UNKNOWN_EXCEPTION/,
      action: /Fix what the org names/,
      says: 'WriteRejected: "The org rejected the update of sharing set X: UNKNOWN_EXCEPTION: …"',
      state: 'old',
    },
  },
  {
    // The org carries the write out only after the plugin has given up waiting and read the set back.
    fault: `slow write, past the time-out (HTTP_TIMEOUT=${TIMEOUT_MS}), landing later`,
    where: 'the write: carried out after 3 s',
    latency: (target) => ({ ...target, ms: 3000 }),
    env: { HTTP_TIMEOUT: String(TIMEOUT_MS) },
    write: { ok: false, ...timeout, state: 'old', mayLand: true, later: 'new' },
  },
  {
    fault: 'HTTP 503 once on the read before the write',
    where: 'once: the readMetadata before the write',
    rule: () => ({ ...soapRead, fault: 'http503', times: 1 }),
    write: { ok: true, state: 'new' },
  },
  {
    fault: 'HTTP 503 always on the reads before the write',
    where: READS_BEFORE_WRITE,
    rule: everyRead('http503'),
    write: { ok: false, ...serverError, cause: retriesCause, state: 'old', noWrite: true },
  },
  {
    fault: 'dropped connection always on the reads before the write',
    where: READS_BEFORE_WRITE,
    rule: everyRead('drop'),
    write: { ok: false, ...unreachable, state: 'old', noWrite: true },
  },
  {
    fault: 'INVALID_SESSION_ID on the reads before the write',
    where: READS_BEFORE_WRITE,
    rule: everyRead('invalid-session'),
    write: { ok: false, ...session, state: 'old', noWrite: true },
  },
  {
    fault: 'malformed body on the reads before the write',
    where: READS_BEFORE_WRITE,
    rule: everyRead('malformed'),
    write: { ok: false, ...malformed, state: 'old', noWrite: true },
  },
];

export type MatrixRow = {
  command: string;
  fault: string;
  json: boolean;
  faults: FaultRule[];
  latency: LatencyRule[];
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
          faults: fault.rule ? [fault.rule(command.target)].flat() : [],
          latency: fault.latency ? [fault.latency(command.target)] : [],
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
  const mayLand = outcome.mayLand ? '; says the write may still land, and how to check' : '';
  const attempts = outcome.attempts ? `; each faulted request sent ${outcome.attempts} time(s)` : '';
  const noWrite = outcome.noWrite ? '; no write call, no backup' : '';
  const later = outcome.later ? `, then the ${outcome.later} one once it lands` : '';
  return `exit 1, ${outcome.says}${attempts}${mayLand}${noWrite}${state}${later}`;
};

/** The matrix as Markdown: one row per fault, one column per command kind. */
export function matrixMarkdown(): string {
  const titles = (write: boolean): string =>
    COMMANDS.filter((command) => Boolean(command.write) === write)
      .map((command) => command.title)
      .join(', ');
  const lines = [`| fault | injected into | ${titles(false)} | ${titles(true)} |`, '| --- | --- | --- | --- |'];
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
  it('has a row for every command in oclif.manifest.json', () => {
    expectRowsForEveryCommand('the fault matrix (FaultCommand rows: `faults`)', (spec) => spec.faults);
  });

  it('DEVELOPING.md holds the current matrix', async () => {
    const doc = await readFile(join(pluginRoot, 'DEVELOPING.md'), 'utf8');
    expect(doc).to.contain(matrixMarkdown());
  });

  it('--dev-debug keeps the stack trace that --json otherwise leaves out', async () => {
    const env = await createOrgEnv({ fixture: 'demo', emulator: { faults: [{ ...soapRead, fault: 'http503' }] } });
    try {
      const plain = await env.run(['sharing', 'set', 'list', '-o', env.alias, '--json']);
      expect(plain.code).to.equal(1);
      expect(plain.json).to.not.have.property('stack');
      const debug = failed(await env.run(['sharing', 'set', 'list', '-o', env.alias, '--json', '--dev-debug']));
      expect(debug.code).to.equal(1);
      expect(debug.json.name).to.equal('ServerError');
      expect(debug.json.stack).to.match(STACK_LINE);
    } finally {
      await env.cleanup();
    }
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
        // The compare org is a copy of the demo org, faults never injected.
        if (command.args.includes(COMPARE_ALIAS)) await env.addOrg(COMPARE_ALIAS);
        if (!command.write) {
          const { json } = await env.run([...command.args, '-o', env.alias, '--json'], {
            cwd: work,
          });
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
          if (command.write?.project) {
            // A project holding the cell's definition (the set the flags would describe), and nothing else.
            victim = command.write.op === 'create' ? `New_Set_${cell}` : 'Case_Sharing';
            const definition = {
              ...cellDefinition(victim),
              ...(command.write.op === 'update' ? { description: `cell ${cell}` } : {}),
            };
            args.push('--source-dir', await writeProject(join(work, `project-${cell}`), [definition]), '--no-prompt');
          } else if (command.write?.op === 'update')
            args.push('--mapping', 'Case.Account=Account', '--description', `cell ${cell}`, '--update');
          if (command.write?.op === 'create' && !command.write.project) {
            victim = `New_Set_${cell}`;
            args.push('--name', victim, '--mapping', 'Case.Account=Account');
          }
          if (command.write) args.push('--backup-dir', backupDir);
          if (command.write?.op === 'delete') {
            victim = env.emulator.state.sharingSets[0].fullName;
            args.push('--name', victim);
          }
          if (row.json || row.expected.ok) args.push('--json');
          const before = env.emulator.state.sharingSets;
          env.emulator.setFaults(row.faults);
          env.emulator.setLatency(undefined, row.latency);
          env.emulator.clearLog();
          const { code, stdout, stderr, json } = await env.run(args, { cwd: work, env: row.env, timeoutMs: 60_000 });
          const finished = Date.now();
          env.emulator.setFaults([]);
          env.emulator.setLatency(undefined, []);
          expectInjected(row, env.emulator.log, finished);
          expect(stderr, 'no stack trace').to.not.match(STACK_LINE);
          expect(stdout, 'no stack trace').to.not.match(STACK_LINE);
          expect(stdout + stderr, 'no access token in the output').to.not.contain(env.emulator.token);

          if (row.expected.ok) {
            expect(code, stderr).to.equal(command.okCode);
            if (!command.write) expect(stable(json?.result)).to.deep.equal(baseline);
          } else {
            expectFailure(row, row.expected, { code, stdout, stderr, json });
          }

          if (command.write) {
            const writes = env.emulator.log.filter((entry) => entry.write);
            if (!row.expected.ok && row.expected.noWrite) {
              expect(writes, 'no write call after the reads failed').to.deep.equal([]);
              expect(env.emulator.writeCalls(), 'no write call after the reads failed').to.deep.equal([]);
              expect(await readdir(backupDir).catch(() => []), 'no backup: nothing was replaced').to.deep.equal([]);
            } else {
              // Exactly one write call, never retried, carrying one item (src/org/writes.ts; DEVELOPING.md).
              expect(writes, 'exactly one write call, never retried').to.have.length(1);
              expect(writes[0].names, 'one item per write call').to.deep.equal([
                command.write.op === 'update' ? 'Case_Sharing' : victim,
              ]);
              await expectBackup(backupDir, command.write.op, victim, before);
            }
            expectState(before, row.expected.state ?? 'old', command.write.op, victim, cell);
            if (!row.expected.ok && row.expected.later) {
              // The slow write lands after the command has given up on it; then the org holds the new state, whole.
              expect(
                await waitUntil(() => writes.every((entry) => entry.end !== undefined), 10_000),
                'the slow write landed'
              ).to.equal(true);
              expectState(before, row.expected.later, command.write.op, victim, cell);
            }
          }
        });
      }

      /** For a write: no backup when nothing was replaced; else one, holding exactly what the org held before. */
      async function expectBackup(
        backupDir: string,
        op: 'create' | 'update' | 'delete',
        victim: string,
        before: FixtureSharingSet[]
      ): Promise<void> {
        if (op === 'create') {
          expect(await readdir(backupDir).catch(() => []), 'nothing replaced, nothing to back up').to.deep.equal([]);
          return;
        }
        const backups = await readdir(backupDir);
        expect(backups, 'one backup on disk').to.have.length(1);
        // Restoring it gives the old definition back.
        const replaced = op === 'update' ? 'Case_Sharing' : victim;
        // A deploy saves a folder per run, itself a project: sharingSets/<name>.sharingSet-meta.xml.
        const runFolder = join(backupDir, backups[0], 'sharingSets');
        const file = (await stat(runFolder).catch(() => undefined))?.isDirectory()
          ? join(runFolder, `${replaced}.sharingSet-meta.xml`)
          : join(backupDir, backups[0]);
        if (file !== join(backupDir, backups[0])) expect(await readdir(runFolder), 'one backup').to.have.length(1);
        const saved = await readSharingSetFile(file, backups[0], replaced);
        const old = before.find((set) => set.fullName === replaced);
        expect(old, replaced).to.not.equal(undefined);
        expect(diffSharingSets([fromFixture(old as FixtureSharingSet)], [saved]).hasDrift, 'backup = old').to.equal(
          false
        );
      }

      function expectState(
        before: typeof env.emulator.state.sharingSets,
        state: 'old' | 'new',
        op: 'create' | 'update' | 'delete',
        victim: string,
        n: number
      ): void {
        const after = env.emulator.state.sharingSets;
        if (state === 'old') {
          expect(after, 'the org holds the old definition').to.deep.equal(before);
        } else if (op === 'delete') {
          expect(after, 'the org holds the new state').to.deep.equal(before.filter((s) => s.fullName !== victim));
        } else {
          const name = op === 'create' ? victim : 'Case_Sharing';
          const changed = after.find((s) => s.fullName === name);
          // Whole: the profiles and mappings sent, not only the field that marks the cell.
          expect(changed?.profiles, 'the new profiles').to.deep.equal(['Customer Community User']);
          expect(changed?.accessMappings, 'the new mappings').to.deep.equal([
            { accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' },
          ]);
          if (op === 'update') expect(changed?.description, 'the org holds the new definition').to.equal(`cell ${n}`);
          expect(after.filter((s) => s.fullName !== name)).to.deep.equal(before.filter((s) => s.fullName !== name));
        }
      }
    });
  }
});

/** The definition a write cell sends: the one the flags of `set create` describe (checked by expectState). */
function cellDefinition(fullName: string): SharingSet {
  return {
    fullName,
    label: fullName.replace(/_/g, ' '),
    profiles: ['Customer Community User'],
    accessMappings: [{ accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' }],
  };
}

/** An SFDX project in `dir` holding `sets` (source format), for the commands that deploy a project. */
async function writeProject(dir: string, sets: SharingSet[]): Promise<string> {
  const folder = join(dir, 'force-app', 'main', 'default', 'sharingSets');
  await mkdir(folder, { recursive: true });
  await writeFile(join(dir, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'force-app' }] }));
  await Promise.all(
    sets.map((set) => writeFile(join(folder, `${set.fullName}.sharingSet-meta.xml`), serializeSharingSet(set)))
  );
  return dir;
}

/** The cell's fault fired (once for a "once" rule, and as often as the retry policy says for a lasting one), or its
 * delay held the request past the command's return. */
function expectInjected(row: MatrixRow, log: LogEntry[], finished: number): void {
  const faulted = log.filter((entry) => entry.fault !== undefined);
  if (row.faults.length > 0) expect(faulted, 'the fault was injected').to.have.length.greaterThan(0);
  if (row.faults.some((rule) => rule.times === 1)) expect(faulted, 'injected once').to.have.length(1);
  for (const rule of row.latency) {
    // The request was held: the org had not answered it when the command gave up and returned.
    const held = log.filter((entry) => matches(rule, entry));
    expect(held, 'the delayed request reached the org').to.have.length.greaterThan(0);
    for (const entry of held) {
      expect(entry.end === undefined || entry.end >= finished - 50, 'still held when the command returned').to.equal(
        true
      );
    }
  }
  if (!row.expected.ok && row.expected.attempts !== undefined) expectAttempts(faulted, row.expected.attempts);
}

/** A failing cell: exit 1, the cause on one line, the action (in the "Try this:" part, or `actions` with --json). */
function expectFailure(row: MatrixRow, expected: Extract<Outcome, { ok: false }>, run: RunResult): void {
  const { code, stdout, stderr } = run;
  expect(code, stdout + stderr).to.equal(1);
  const { cause, action } = expected;
  let actions: string;
  if (row.json) {
    const json = failed(run).json;
    expect(json.status, stdout).to.equal(1);
    expect(json.message).to.match(cause);
    expect(json.message, 'one line').to.not.contain('\n');
    expect(json, 'no stack trace in the JSON either').to.not.have.property('stack');
    // What the failed run cost, for a pipeline's accounting (the org's refusal of an item is a write result).
    if (json.name !== 'WriteRejectedError') expect(json.data?.apiCalls?.total, 'apiCalls').to.be.greaterThan(0);
    if (json.cause !== undefined) expect(json.cause, 'the cause in one line').to.not.contain('\n');
    actions = json.actions.join('\n');
  } else {
    const text = humanCause(stderr);
    expect(text, stderr).to.match(cause);
    expect(text.trim(), `one line:\n${stderr}`).to.not.contain('\n');
    expect(stripAnsi(stderr)).to.contain('Try this:');
    // Only the actions: the cause above may use the same words.
    actions = stripAnsi(stderr).split('Try this:')[1];
  }
  expect(actions).to.match(action);
  if (expected.mayLand) {
    expect(actions, 'says the write may still land').to.match(/may still be applied: check with "sf sharing set list/);
  } else {
    expect(actions).to.not.match(/may still be applied/);
  }
}

/**
 * A fault that never goes away: the plugin sent each faulted request (the same query, names or sub-requests) at most
 * `attempts` times, and the one it reported on exactly that many times, waiting longer before each retry (the policy
 * in src/org/retry.ts: baseDelayMs, doubled).
 */
function expectAttempts(faulted: LogEntry[], attempts: number): void {
  const byRequest = new Map<string, LogEntry[]>();
  for (const entry of faulted) {
    const key = JSON.stringify([
      entry.method,
      entry.path,
      entry.soapOperation,
      entry.soql,
      entry.names,
      entry.subrequests,
    ]);
    byRequest.set(key, [...(byRequest.get(key) ?? []), entry]);
  }
  const counts = [...byRequest.values()].map((entries) => entries.length);
  expect(Math.max(...counts), `attempts per request: ${JSON.stringify(counts)}`).to.equal(attempts);
  expect(
    counts.every((count) => count <= attempts),
    `bounded: ${JSON.stringify(counts)}`
  ).to.equal(true);
  for (const entries of byRequest.values()) {
    if (entries.length < 2) continue;
    for (let i = 1; i < entries.length; i++) {
      const previous = entries[i - 1];
      const wait = DEFAULT_RETRY.baseDelayMs * 2 ** (i - 1);
      // The retry leaves after the previous answer (or, for a request never answered, after it was sent) plus the wait.
      const from = previous.end ?? previous.start;
      expect(entries[i].start - from, `backoff before attempt ${i + 1}`).to.be.at.least(wait - 5);
    }
  }
}

/** A result without what legitimately differs between two runs (call counts, the org's remaining daily requests). */
function stable(result: unknown): unknown {
  return JSON.parse(
    JSON.stringify(result ?? null, (key, value: unknown) =>
      // `action`: set retrieve's files are created by the first run and left unchanged by the next ones.
      key === 'apiCalls' || key === 'dailyApiRequests' || key === 'action' ? undefined : value
    )
  );
}
