import { expect } from 'chai';
import { cloneFixture, loadFixture, orgWithSets, type Fixture } from '../emulator/index.js';
import { createOrgEnv, succeeded, type OrgEnv } from '../helpers/e2e.js';
import type { SharingAuditResult } from '../../src/commands/sharing/audit.js';
import type { SharingSetListResult } from '../../src/commands/sharing/set/list.js';
import { withTempDir } from '../helpers/tmp.js';

const LOW = /Only \d+ of the org's 15000 daily API requests remain \(\S+\)/;

/** An org running dry: 120 of 15,000 daily requests left. */
const runningDry = (fixture: Fixture): Fixture => {
  const copy = cloneFixture(fixture);
  copy.limits = { dailyApiMax: 15_000, dailyApiRemaining: 120 };
  return copy;
};

async function withOrg(fixture: Fixture, body: (env: OrgEnv) => Promise<void>): Promise<void> {
  const env = await createOrgEnv({ fixture });
  try {
    await body(env);
  } finally {
    await env.cleanup();
  }
}

describe('e2e: daily API request awareness', () => {
  it('the audit reads /limits once, in its first round, and warns when the org is running dry', async () => {
    await withOrg(runningDry(loadFixture('demo')), async (env) => {
      const { code, json } = succeeded(
        await env.run<SharingAuditResult>(['sharing', 'audit', '-o', env.alias, '--json'])
      );
      expect(code).to.equal(3);
      const limits = env.emulator.log.filter((entry) => entry.kind === 'limits');
      expect(limits).to.have.length(1);
      expect(json.result.dailyApiRequests?.max).to.equal(15_000);
      expect(json.warnings.join('\n')).to.match(LOW);
      expect(json.result.apiCalls?.limits).to.equal(1);
      // In the first round: it starts before the first readMetadata ends.
      const firstRead = env.emulator.log.find((entry) => entry.soapOperation === 'readMetadata');
      expect(limits[0].start).to.be.at.most(firstRead?.end ?? Infinity);
    });
  });

  it('says nothing when plenty of requests remain', async () => {
    await withOrg(loadFixture('demo'), async (env) => {
      const { json } = succeeded(await env.run<SharingAuditResult>(['sharing', 'audit', '-o', env.alias, '--json']));
      expect(json.warnings.join('\n')).to.not.match(/daily API requests/);
      expect(json.result.dailyApiRequests?.remaining).to.be.greaterThan(500);
    });
  });

  describe('commands that make more than a handful of calls (60 sets: a list and 6 reads)', () => {
    const commands: Array<{ title: string; args: (alias: string, dir: string) => string[]; allowance: string }> = [
      { title: 'set list', args: (alias) => ['sharing', 'set', 'list', '-o', alias], allowance: 'dailyApiRequests' },
      {
        title: 'profile list',
        args: (alias) => ['sharing', 'profile', 'list', '-o', alias],
        allowance: 'dailyApiRequests',
      },
      {
        title: 'set diff --compare-org (each org)',
        args: (alias) => ['sharing', 'set', 'diff', '-o', alias, '--compare-org', alias],
        allowance: 'target.dailyApiRequests',
      },
      {
        title: 'set create',
        args: (alias, dir) => [
          'sharing',
          'set',
          'create',
          '-o',
          alias,
          '-n',
          'New_Set',
          '-p',
          'Customer Community User',
          '-m',
          'Case.Account=Account',
          '--backup-dir',
          dir,
        ],
        allowance: 'dailyApiRequests',
      },
    ];
    for (const { title, args, allowance } of commands) {
      it(`${title}: reads /limits once, alongside its reads, reports it and warns`, async () => {
        await withOrg(runningDry(orgWithSets(60)), async (env) =>
          withTempDir(async (dir) => {
            const { code, json, stderr } = succeeded(await env.run([...args(env.alias, dir), '--json']));
            expect(code, stderr).to.be.oneOf([0, 3]);
            const log = env.emulator.log;
            const limits = log.filter((entry) => entry.kind === 'limits');
            // One per org read (diff reads the same org twice, as two sides, each with its own client).
            expect(limits).to.have.length(title.startsWith('set diff') ? 2 : 1);
            const lastRead = log.filter((entry) => entry.soapOperation === 'readMetadata').at(-1);
            expect(limits[0].start, 'sent before the reads are all answered').to.be.at.most(lastRead?.end ?? 0);
            const reported = allowance
              .split('.')
              .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], json.result) as {
              max: number;
              remaining: number;
            };
            expect(reported).to.deep.equal({ max: 15_000, remaining: reported.remaining });
            expect(reported.remaining).to.be.below(120);
            expect(json.warnings.join('\n')).to.match(LOW);
          }, 'plugin-sharing-limits-')
        );
      });
    }
  });

  it('a command within a handful of calls does not read /limits (set list of 20 sets: 3 calls)', async () => {
    await withOrg(runningDry(orgWithSets(20)), async (env) => {
      const { code, json } = succeeded(
        await env.run<SharingSetListResult>(['sharing', 'set', 'list', '-o', env.alias, '--json'])
      );
      expect(code).to.equal(0);
      expect(env.emulator.log.filter((entry) => entry.kind === 'limits')).to.deep.equal([]);
      expect(json.result).to.not.have.property('dailyApiRequests');
      expect(json.result.apiCalls.total).to.equal(3);
    });
  });

  it('a /limits read that fails is a warning, and the command still answers', async () => {
    const env = await createOrgEnv({
      fixture: orgWithSets(60),
      emulator: { faults: [{ kind: 'limits', fault: 'http500' }] },
    });
    try {
      const { code, json } = succeeded(
        await env.run<SharingSetListResult>(['sharing', 'set', 'list', '-o', env.alias, '--json'])
      );
      expect(code).to.equal(0);
      expect(json.result.sharingSets).to.have.length(60);
      expect(json.result).to.not.have.property('dailyApiRequests');
      expect(json.warnings.join('\n')).to.match(/Could not read the remaining daily API requests of \S+ \(.+\)/);
      // Three tries in all: the plugin's bounded retry, with jsforce's own retry of GETs turned off (src/org/client.ts).
      const tries = env.emulator.log.filter((entry) => entry.kind === 'limits');
      expect(tries).to.have.length(3);
      expect(json.result.apiCalls.limits).to.equal(3);
      // Backoff: 250 ms before the second try, 500 ms before the third.
      expect(tries[1].start - (tries[0].end ?? Infinity)).to.be.at.least(240);
      expect(tries[2].start - (tries[1].end ?? Infinity)).to.be.at.least(490);
    } finally {
      await env.cleanup();
    }
  });
});
