/* eslint-disable camelcase -- custom object API names are not camelCase */
/**
 * What real orgs do that a plain emulated org does not (issue 15): each block switches on one emulator behaviour
 * (test/emulator/behaviours.ts) and runs the plugin's binary against it.
 */
import { expect } from 'chai';
import { cloneFixture, loadFixture } from '../emulator/index.js';
import { createOrgEnv, failed, succeeded, useOrgEnv, type OrgEnv } from '../helpers/e2e.js';
import type { SharingAuditResult } from '../../src/commands/sharing/audit.js';
import type { SharingProfileListResult } from '../../src/commands/sharing/profile/list.js';
import { assertMatchesSchema } from './schema.js';

/** A one-line error naming the missing permissions, and no stack. */
function expectMetadataAccessError(
  run: { code: number; stdout: string; stderr: string },
  json: { name: string; message: string; actions: string[] }
): void {
  expect(run.code, run.stderr).to.equal(1);
  expect(json.name).to.equal('MetadataAccessDeniedError');
  expect(json.message).to.include('Modify Metadata Through Metadata API Functions').and.include('Modify All Data');
  expect(json.message.split('\n')).to.have.length(1);
  expect(json.actions.join(' ')).to.include('permission set');
  expect(`${run.stdout}${run.stderr}`).not.to.match(/\n\s+at /);
}

describe('e2e: real orgs (issue 15)', () => {
  describe('1. Metadata API reads need Modify Metadata or Modify All Data', () => {
    let env: OrgEnv;
    useOrgEnv({ fixture: 'demo', emulator: { behaviours: { metadataNeedsModifyAll: true } } }, (ready) => {
      env = ready;
    });

    it('profile list still classifies every profile and says the sharing sets could not be read', async () => {
      const run = succeeded(
        await env.run<SharingProfileListResult>(['sharing', 'profile', 'list', '-o', env.alias, '--json'])
      );
      expect(run.code, run.stderr).to.equal(0);
      assertMatchesSchema('sharing-profile-list', run.json.result);
      expect(run.json.result.sharingSetsUnreadable).to.equal(true);
      expect(run.json.result.profiles.map((row) => row.name)).to.include('Customer Community User');
      expect(run.json.warnings.join(' ')).to.include('could not be read').and.include('Modify All Data');
    });

    it('profile list shows the sharing-sets column as not readable', async () => {
      const run = await env.run(['sharing', 'profile', 'list', '-o', env.alias]);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.include('(not readable)');
    });

    for (const args of [
      ['sharing', 'set', 'list'],
      ['sharing', 'audit'],
    ]) {
      it(`${args.join(' ')} fails with one line naming the permissions`, async () => {
        const run = failed(await env.run([...args, '-o', env.alias, '--json']));
        expectMetadataAccessError(run, run.json);
      });
    }

    it('set diff against another org fails with one line naming the permissions', async () => {
      await env.addOrg('compare');
      const run = failed(await env.run(['sharing', 'set', 'diff', '-o', env.alias, '-c', 'compare', '--json']));
      expectMetadataAccessError(run, run.json);
    });
  });

  describe("2. standard profile names in the running user's language", () => {
    let env: OrgEnv;
    useOrgEnv(
      {
        fixture: 'demo',
        emulator: {
          behaviours: {
            userLanguage: 'de',
            translatedProfiles: { 'Customer Community User': 'Kunden-Community-Benutzer' },
          },
        },
      },
      (ready) => {
        env = ready;
      }
    );

    it('a saved name that matches no translated profile is a low-confidence warning, not a sure error', async () => {
      const run = succeeded(
        await env.run<SharingAuditResult>([
          'sharing',
          'audit',
          '-o',
          env.alias,
          '--rule',
          'profile-not-found',
          '--json',
        ])
      );
      const findings = run.json.result.findings.filter(
        (finding) => finding.target.profile === 'Customer Community User'
      );
      expect(findings, run.stderr).to.have.length.greaterThan(0);
      for (const finding of findings) {
        expect(finding).to.deep.include({ severity: 'warning', confidence: 'low' });
        expect(finding.message).to.include('"de"').and.include('translated');
      }
      // One language query, sent in the first round with the profiles (no dependent round trip).
      const queries = env.emulator.log.filter((entry) => entry.soql?.includes('LanguageLocaleKey'));
      expect(queries).to.have.length(1);
      const firstRead = env.emulator.log.find((entry) => entry.soapOperation === 'readMetadata');
      expect(queries[0].seq).to.be.below(firstRead!.seq);
    });
  });

  describe('3. REQUEST_LIMIT_EXCEEDED: concurrency refusal or daily allowance', () => {
    it('a concurrency refusal backs off, sends fewer requests and carries on', async () => {
      const env = await createOrgEnv({ fixture: 'demo', emulator: { behaviours: { concurrencyLimitBursts: 3 } } });
      try {
        const run = succeeded(await env.run<SharingAuditResult>(['sharing', 'audit', '-o', env.alias, '--json']));
        expect(run.code, run.stderr).to.be.oneOf([0, 3]);
        expect(env.emulator.log.filter((entry) => entry.fault === 'concurrent-limit')).to.have.length(3);
      } finally {
        await env.cleanup();
      }
    });

    it('only a spent daily allowance stops the command, with the /limits figures', async () => {
      const env = await createOrgEnv({
        fixture: 'demo',
        emulator: { faults: [{ kind: 'rest-query', fault: 'request-limit' }] },
      });
      try {
        const run = failed(await env.run(['sharing', 'profile', 'list', '-o', env.alias, '--json']));
        expect(run.code).to.equal(1);
        expect(run.json.name).to.equal('RequestLimitExceededError');
        expect(run.json.message)
          .to.include('TotalRequests')
          .and.match(/\/limits: \d+ of \d+ daily API requests remain/);
        expect(env.emulator.log.filter((entry) => entry.fault === 'request-limit')).to.have.length.at.most(2);
      } finally {
        await env.cleanup();
      }
    });
  });

  describe('4. aggregate queries on large objects (an org with millions of cases)', () => {
    it('--deep asks the record counts once, skips small objects, and says a timed-out count was not checked', async () => {
      const env = await createOrgEnv({
        fixture: 'demo',
        emulator: {
          behaviours: { recordCounts: { Case: 5_000_000 }, queryTimeoutOn: ['Case'] },
          // The aggregate over millions of cases runs until Salesforce cancels it (held here for 1.5 s, not 2 min).
          latency: [{ kind: 'rest-query', path: 'FROM%20Case%20.*GROUP%20BY', ms: 1500 }],
        },
      });
      try {
        const started = Date.now();
        const run = succeeded(
          await env.run<SharingAuditResult>([
            'sharing',
            'audit',
            '-o',
            env.alias,
            '--deep',
            '--rule',
            'account-data-skew',
            '--json',
          ])
        );
        const elapsed = Date.now() - started;
        expect(run.code, run.stderr).to.be.oneOf([0, 3]);
        assertMatchesSchema('sharing-audit', run.json.result);
        const gap = run.json.result.findings.find((finding) => finding.message.includes('running for too long'));
        expect(gap, JSON.stringify(run.json.result.findings)).to.not.equal(undefined);
        expect(gap).to.deep.include({ severity: 'info', confidence: 'low' });
        expect(gap!.message).to.include('Case').and.include('AccountId').and.include('with --deep again');
        const log = env.emulator.log;
        expect(log.filter((entry) => entry.path.includes('/limits/recordCount'))).to.have.length(1);
        const aggregates = log.filter((entry) => (entry.soql ?? '').includes('GROUP BY'));
        // Contact, Asset, Entitlement and the custom object hold a few records: never grouped.
        expect(
          aggregates.filter((entry) => / FROM (Contact|Asset|Entitlement|Solar_Panel__c) /.test(entry.soql ?? ''))
        ).to.deep.equal([]);
        // The cancelled query is not sent again (three tries of a two-minute query would hold the audit six minutes).
        expect(aggregates.filter((entry) => entry.fault === undefined && entry.status === 400)).to.have.length(1);
        expect(elapsed, 'one cancelled query, not three').to.be.below(15_000);
      } finally {
        await env.cleanup();
      }
    });
  });

  describe('5. fields hidden from the running user by field-level security', () => {
    let env: OrgEnv;
    useOrgEnv(
      { fixture: 'demo', emulator: { behaviours: { hiddenFields: { Solar_Panel__c: ['Account__c'] } } } },
      (ready) => {
        env = ready;
      }
    );

    it('audit: a mapping through a hidden field is "could not be confirmed" (medium), not a sure error', async () => {
      const run = succeeded(
        await env.run<SharingAuditResult>([
          'sharing',
          'audit',
          '-o',
          env.alias,
          '--rule',
          'object-field-unresolved',
          '--json',
        ])
      );
      expect(run.code, run.stderr).to.equal(0);
      const findings = run.json.result.findings.filter(
        (finding) => finding.target.sharingSet === 'Solar_Panel_Sharing'
      );
      expect(findings, JSON.stringify(run.json.result.findings)).to.have.length(1);
      expect(findings[0]).to.deep.include({ severity: 'warning', confidence: 'medium' });
      expect(findings[0].message)
        .to.include('FieldDefinition lists Solar_Panel__c.Account__c')
        .and.include('field-level security');
      expect(findings[0].message).to.include('read access to it');
      // One Tooling FieldDefinition query for the missing names, none for the paths describe resolved.
      const lookups = env.emulator.log.filter((entry) => (entry.soql ?? '').includes('FROM FieldDefinition'));
      expect(lookups.map((entry) => entry.kind)).to.deep.equal(['tooling-query']);
    });

    it('create: the hidden field does not block; the warning says why', async () => {
      const run = succeeded(
        await env.run<{ warnings: Array<{ ruleId: string; confidence: string; message: string }> }>([
          'sharing',
          'set',
          'create',
          '-o',
          env.alias,
          '--name',
          'Panels_Again',
          '--profile',
          'Solar Installer Community',
          '--mapping',
          'Solar_Panel__c.Account__c=Account',
          '--dry-run',
          '--json',
        ])
      );
      expect(run.code, run.stderr).to.equal(0);
      const warning = run.json.result.warnings.find((entry) => entry.ruleId === 'object-field-unresolved');
      expect(warning, JSON.stringify(run.json.result.warnings)).to.deep.include({ confidence: 'medium' });
      expect(warning!.message).to.include('field-level security');
    });
  });

  describe('6. polymorphic lookups (Case.OwnerId: Group, then User)', () => {
    it('follows Owner to User, and reports a wrong path through Owner', async () => {
      const fixture = cloneFixture(loadFixture('demo'));
      const owner = fixture.objects.find((object) => object.name === 'Case')!.fields.find((f) => f.name === 'OwnerId')!;
      expect(owner.referenceTo).to.deep.equal(['Group', 'User']);
      // A real org describes Group (its fields are known), so a segment missing on every target is a sure error.
      if (!fixture.objects.some((object) => object.name === 'Group')) {
        fixture.objects.push({
          name: 'Group',
          label: 'Group',
          custom: false,
          internalSharingModel: 'Read',
          externalSharingModel: 'Read',
          fields: [
            { name: 'Id', type: 'id' },
            { name: 'Name', type: 'string' },
          ],
        });
      }
      fixture.sharingSets.push({
        fullName: 'Owner_Paths',
        name: 'Owner Paths',
        profiles: ['Customer Community User'],
        accessMappings: [
          { accessLevel: 'Read', object: 'Case', objectField: 'Owner.Account', userField: 'Account' },
          { accessLevel: 'Read', object: 'Case', objectField: 'Owner.Acount', userField: 'Account' },
        ],
      });
      const env = await createOrgEnv({ fixture });
      try {
        const run = succeeded(
          await env.run<SharingAuditResult>([
            'sharing',
            'audit',
            '-o',
            env.alias,
            '--rule',
            'object-field-unresolved',
            '--json',
          ])
        );
        const onSet = run.json.result.findings.filter((finding) => finding.target.sharingSet === 'Owner_Paths');
        expect(
          onSet.map((finding) => finding.target.mappingIndex),
          JSON.stringify(onSet)
        ).to.deep.equal([1]);
        expect(onSet[0].message).to.include('Owner.Acount');
      } finally {
        await env.cleanup();
      }
    });
  });

  describe('8. reading back after a write, from an org that keeps a normalised form', () => {
    let env: OrgEnv;
    // A working folder: --update writes its backup under the current folder.
    useOrgEnv(
      { fixture: 'demo', work: 'plugin-sharing-realorg-', emulator: { behaviours: { normalisesOnWrite: true } } },
      (ready) => {
        env = ready;
      }
    );
    type Created = { sharingSet: { accessMappings: Array<{ objectField: string }> }; action: string };

    it('create writes objectField AccountId as Account, the documented form, and succeeds (the org keeps that form)', async () => {
      const run = succeeded(
        await env.run<Created>([
          'sharing',
          'set',
          'create',
          '-o',
          env.alias,
          '--name',
          'Form_Cases',
          '--profile',
          'Customer Community User',
          '--mapping',
          'Case.AccountId=Account',
          '--json',
        ])
      );
      expect(run.code, run.stderr).to.equal(0);
      expect(run.json.result.action).to.equal('created');
      expect(run.json.result.sharingSet.accessMappings[0].objectField).to.equal('Account');
      const written = env.emulator.log.filter((entry) => entry.soapOperation === 'createMetadata');
      expect(written).to.have.length(1);
      expect(
        env.emulator.state.sharingSets.find((set) => set.fullName === 'Form_Cases')?.accessMappings[0].objectField
      ).to.equal('Account');
    });

    it('--update leaving out the description the org keeps: the write landed, and the warning quotes the value', async () => {
      const first = await env.run([
        'sharing',
        'set',
        'create',
        '-o',
        env.alias,
        '--name',
        'Form_Described',
        '--profile',
        'Customer Community User',
        '--mapping',
        'Case.Account=Account',
        '--description',
        'Cases of the account',
        '--json',
      ]);
      expect(first.code, first.stderr).to.equal(0);
      const run = succeeded(
        await env.run<Created>(
          [
            'sharing',
            'set',
            'create',
            '-o',
            env.alias,
            '--name',
            'Form_Described',
            '--profile',
            'Customer Community User',
            '--mapping',
            'Case.Account=Account:Edit',
            '--update',
            '--json',
          ],
          { cwd: env.work }
        )
      );
      expect(run.code, run.stderr).to.equal(0);
      expect(run.json.result.action).to.equal('updated');
      const warning = run.json.warnings.find((text) => text.includes('description'));
      expect(warning, JSON.stringify(run.json.warnings)).to.include('landed').and.include('"Cases of the account"');
      expect(env.emulator.log.filter((entry) => entry.soapOperation === 'updateMetadata')).to.have.length(1);
    });
  });

  describe('9. the External Apps license', () => {
    it('is recognised (eligible, below high confidence, with its source) instead of unknown', async () => {
      const fixture = cloneFixture(loadFixture('demo'));
      fixture.licenses.push({ id: '100000000000EXTAPP', name: 'External Apps', key: 'EXTERNAL_APPS_EMULATED' });
      fixture.profiles.push({
        id: '00e000000000EXTAPP',
        name: 'Field Partner',
        licenseId: '100000000000EXTAPP',
        userType: 'PowerPartner',
      });
      const env = await createOrgEnv({ fixture });
      try {
        const run = succeeded(
          await env.run<SharingProfileListResult>([
            'sharing',
            'profile',
            'list',
            '-o',
            env.alias,
            '-p',
            'Field Partner',
            '--json',
          ])
        );
        expect(run.json.result.profiles[0]).to.deep.include({ eligibility: 'eligible', licenseName: 'External Apps' });
        expect(run.json.result.profiles[0].confidence).not.to.equal('high');
      } finally {
        await env.cleanup();
      }
    });
  });

  describe('7. JWT-based access tokens and SOAP', () => {
    let env: OrgEnv;
    useOrgEnv({ fixture: 'demo', emulator: { behaviours: { jwtToken: true } } }, (ready) => {
      env = ready;
    });

    it('says to use API 68.0 or later, or turn the setting off, instead of a raw jsforce error', async () => {
      const run = failed(await env.run(['sharing', 'set', 'list', '-o', env.alias, '--json']));
      expect(run.code, run.stderr).to.equal(1);
      expect(run.json.name).to.equal('JwtSoapRefusedError');
      expect(run.json.actions.join(' ')).to.include('--api-version 68.0');
      expect(env.emulator.log.filter((entry) => entry.kind === 'soap')).to.have.length(0);
    });

    it('reads the sharing sets at API 68.0', async () => {
      const run = succeeded(
        await env.run<{ sharingSets: unknown[] }>([
          'sharing',
          'set',
          'list',
          '-o',
          env.alias,
          '--api-version',
          '68.0',
          '--json',
        ])
      );
      expect(run.code, run.stderr).to.equal(0);
      expect(run.json.result.sharingSets.length).to.be.greaterThan(0);
    });
  });
});
