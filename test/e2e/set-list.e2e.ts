import { expect } from 'chai';
import { orgWithSets, startEmulator, type Emulator } from '../emulator/index.js';
import { createOrgEnv, succeeded, useOrgEnv, type OrgEnv } from '../helpers/e2e.js';
import type { SharingSetListResult } from '../../src/commands/sharing/set/list.js';
import { assertMatchesSchema } from './schema.js';
import { stripAnsi } from './text.js';

describe('e2e: sf sharing set list', () => {
  describe('the demo org', () => {
    let env: OrgEnv;
    useOrgEnv({ fixture: 'demo' }, (ready) => {
      env = ready;
    });

    it('returns every set with all mappings and profiles, matching the schema', async () => {
      const { code, json } = succeeded(
        await env.run<SharingSetListResult>(['sharing', 'set', 'list', '-o', env.alias, '--json'])
      );
      expect(code).to.equal(0);
      expect(json.status).to.equal(0);
      assertMatchesSchema('sharing-set-list', json.result);
      const byName = new Map(json.result.sharingSets.map((set: { fullName: string }) => [set.fullName, set]));
      expect(byName.get('Case_Sharing')).to.deep.equal({
        fullName: 'Case_Sharing',
        label: 'Share cases with users',
        description: 'Customer community users see every case of their account and their own contact.',
        profiles: ['Customer Community User', 'customer community login user'],
        accessMappings: [
          { accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' },
          { accessLevel: 'Read', object: 'Case', objectField: 'Contact', userField: 'Contact' },
        ],
      });
      const fixtureNames = env.emulator.state.sharingSets.map((set) => set.fullName).sort();
      expect([...byName.keys()].sort()).to.deep.equal(fixtureNames);
      expect(env.emulator.writeCalls()).to.deep.equal([]);
    });

    it('prints a table with one row per mapping, grouped by set', async () => {
      const { code, stdout } = await env.run(['sharing', 'set', 'list', '-o', env.alias]);
      expect(code).to.equal(0);
      // Boxed on a terminal, plain under CI=true (@oclif/table): either way one row holds the set and its label.
      expect(stdout).to.match(/Case_Sharing\s+│?\s*Share cases with users/);
      expect(stdout).to.match(/sharing set\(s\), \d+ access mapping\(s\)/);
      // The org is shown by its alias too, not only its username.
      expect(stdout).to.contain(`in ${env.alias} (${env.username}).`);
    });

    it('reads only the named sets', async () => {
      const { code, json } = succeeded(
        await env.run<SharingSetListResult>(['sharing', 'set', 'list', '-o', env.alias, '-n', 'Case_Sharing', '--json'])
      );
      expect(code).to.equal(0);
      expect(json.result.sharingSets.map((set: { fullName: string }) => set.fullName)).to.deep.equal(['Case_Sharing']);
      // One listMetadata resolves the typed names to the org's spelling (docs/salesforce-facts.md §12).
      expect(env.emulator.log.filter((entry) => entry.soapOperation === 'listMetadata')).to.have.length(1);
    });

    it('lists the named sets that exist, reports the others, and exits 5', async () => {
      const run = await env.run<SharingSetListResult>([
        'sharing',
        'set',
        'list',
        '-o',
        env.alias,
        '-n',
        'No_Such_Set',
        '-n',
        'case_sharing',
        '--json',
      ]);
      expect(run.code).to.equal(5);
      const json = run.json as { status: number; result: SharingSetListResult; warnings: string[] };
      expect(json.status).to.equal(5);
      assertMatchesSchema('sharing-set-list', json.result);
      expect(json.result.sharingSets.map((set) => set.fullName)).to.deep.equal(['Case_Sharing']);
      expect(json.result.missing).to.deep.equal(['No_Such_Set']);
      expect(json.warnings.join('\n'))
        .to.contain('No sharing set named No_Such_Set')
        .and.contain('sf sharing set list --target-org');
    });

    it('filters by --profile, --object and --access (any case), in the table and in JSON, after reading every set', async () => {
      const { json } = succeeded(
        await env.run<SharingSetListResult>([
          'sharing',
          'set',
          'list',
          '-o',
          env.alias,
          '--profile',
          'CUSTOMER COMMUNITY USER',
          '--object',
          'case',
          '--json',
        ])
      );
      const expected = env.emulator.state.sharingSets
        .filter((set) => set.profiles.some((p) => p.toLowerCase() === 'customer community user'))
        .filter((set) => set.accessMappings.some((m) => m.object === 'Case'))
        .map((set) => set.fullName)
        .sort();
      expect(expected.length).to.be.greaterThan(0);
      expect(json.result.sharingSets.map((set) => set.fullName).sort()).to.deep.equal(expected);
      const reads = env.emulator.log
        .filter((entry) => entry.soapOperation === 'readMetadata')
        .flatMap((e) => e.names ?? []);
      expect(reads).to.have.length(env.emulator.state.sharingSets.length);

      const edit = succeeded(
        await env.run<SharingSetListResult>(['sharing', 'set', 'list', '-o', env.alias, '--access', 'edit', '--json'])
      );
      for (const set of edit.json.result.sharingSets) {
        expect(set.accessMappings.some((m) => m.accessLevel === 'Edit')).to.equal(true);
      }
      const table = await env.run(['sharing', 'set', 'list', '-o', env.alias, '--object', 'Case', '--access', 'Edit']);
      expect(table.code).to.equal(0);
      expect(stripAnsi(table.stdout)).to.not.contain('Asset_Sharing');
    });

    it('says which profile a filter most likely meant when nothing matches', async () => {
      const { code, stdout } = await env.run([
        'sharing',
        'set',
        'list',
        '-o',
        env.alias,
        '--profile',
        'Customer Comunity User',
      ]);
      expect(code).to.equal(0);
      expect(stdout).to.contain('Did you mean "Customer Community User"?');
    });
  });

  for (const count of [0, 1, 10, 11, 250]) {
    it(`lists ${count} sets with ceil(${count}/10) readMetadata calls`, async () => {
      const env = await createOrgEnv({ fixture: orgWithSets(count) });
      try {
        const { code, json } = succeeded(
          await env.run<SharingSetListResult>(['sharing', 'set', 'list', '-o', env.alias, '--json'])
        );
        expect(code).to.equal(0);
        expect(json.result.sharingSets).to.have.length(count);
        for (const set of json.result.sharingSets) {
          expect(set.accessMappings).to.have.length(1);
          expect(set.profiles).to.deep.equal(['Customer Community User']);
        }
        const reads = env.emulator.log.filter((entry) => entry.soapOperation === 'readMetadata');
        expect(reads).to.have.length(Math.ceil(count / 10));
        for (const read of reads) expect(read.names?.length).to.be.at.most(10);
        expect(json.result.apiCalls.metadataRead).to.equal(Math.ceil(count / 10));
      } finally {
        await env.cleanup();
      }
    });
  }

  it('says so when the org has no sharing sets', async () => {
    const env = await createOrgEnv({ fixture: orgWithSets(0) });
    try {
      const { code, stdout } = await env.run(['sharing', 'set', 'list', '-o', env.alias]);
      expect(code).to.equal(0);
      expect(stdout).to.match(/has no sharing sets/);
    } finally {
      await env.cleanup();
    }
  });

  describe('failures', () => {
    let emulator: Emulator;
    let env: OrgEnv;
    before(async () => {
      emulator = await startEmulator({ fixture: 'demo' });
      env = await createOrgEnv({ org: emulator });
    });
    after(async () => {
      await env.cleanup();
      await emulator.stop();
    });

    /** Expected failures print one line of error (plus actions), never a stack trace. */
    function expectOneLineError(stderr: string, pattern: RegExp): void {
      // Colour codes appear when the environment says colour is supported (CI=true does): compare the text.
      const errorLine = stripAnsi(stderr)
        .split('\n')
        .find((line) => line.startsWith('Error'));
      expect(errorLine, stderr).to.match(pattern);
      expect(stderr).to.not.match(/\n\s+at .+\(.+:\d+:\d+\)/);
    }

    it('an expired token: one line naming the org, an action to log in again, exit 1', async () => {
      emulator.expireToken(true);
      try {
        const { code, stderr } = await env.run(['sharing', 'set', 'list', '-o', env.alias]);
        expect(code).to.equal(1);
        expectOneLineError(stderr, /session for .* has expired/);
        expect(stderr).to.contain('sf org login web --alias');
      } finally {
        emulator.expireToken(false);
      }
    });

    it('an unreachable org: one line naming the URL, exit 1', async () => {
      const dead = await startEmulator({ fixture: 'demo' });
      const deadEnv = await createOrgEnv({ org: dead, alias: 'gone' });
      await dead.stop();
      try {
        const { code, stderr } = await deadEnv.run(['sharing', 'set', 'list', '-o', 'gone']);
        expect(code).to.equal(1);
        expectOneLineError(stderr, /Can't reach the org at http:\/\/127\.0\.0\.1:\d+/);
      } finally {
        await deadEnv.cleanup();
      }
    });

    it('an unknown alias: the sf CLI error with its action, exit 1', async () => {
      const { code, stderr } = await env.run(['sharing', 'set', 'list', '-o', 'no-such-alias']);
      expect(code).to.equal(1);
      expect(stderr).to.match(/no-such-alias/);
      expect(stderr).to.not.match(/\n\s+at .+\(.+:\d+:\d+\)/);
    });
  });
});
