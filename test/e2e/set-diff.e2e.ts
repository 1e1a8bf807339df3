import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Emulator, Fixture } from '../emulator/index.js';
import {
  createOrgEnv,
  failed,
  makeTempDir,
  otherOrg,
  pluginRoot,
  succeeded,
  useOrgEnv,
  type OrgEnv,
} from '../helpers/e2e.js';
import type { SharingSetDiffResult } from '../../src/commands/sharing/set/diff.js';
import { removeDir } from '../helpers/tmp.js';
import { assertMatchesSchema } from './schema.js';

const driftProject = join(pluginRoot, 'test', 'fixtures', 'projects', 'drift');

/** Every request takes this long, so that two reads made one after the other cannot overlap in the logs. */
const LATENCY_MS = 40;

/** The demo org with drift planted (this org is the source side; the demo org is the target). */
function driftedOrg(): Fixture {
  const fixture = otherOrg('compare');
  const set = (name: string): Fixture['sharingSets'][number] => {
    const found = fixture.sharingSets.find((candidate) => candidate.fullName === name);
    if (!found) throw new Error(`demo fixture has no ${name}`);
    return found;
  };
  set('Case_Sharing').profiles.push('Customer Community Plus User');
  set('Case_Sharing').accessMappings.reverse();
  set('Partner_Opportunities').accessMappings[0].accessLevel = 'Edit';
  set('Contact_Directory').description = 'Contacts of the account, for community plus users.';
  set('Asset_Sharing').profiles = ['customer community user'];
  fixture.sharingSets = fixture.sharingSets.filter((candidate) => candidate.fullName !== 'Solar_Panel_Sharing');
  fixture.sharingSets.push({
    fullName: 'Work_Order_Sharing',
    name: 'Share work orders',
    profiles: ['Customer Community User'],
    accessMappings: [{ accessLevel: 'Read', object: 'WorkOrder', objectField: 'Account', userField: 'Account' }],
  });
  return fixture;
}

type TwoOrgs = { env: OrgEnv; compare: Emulator; cleanup: () => Promise<void> };

/** The demo org as alias `target` and a second emulator as alias `compare`, both authorised in one HOME. */
async function twoOrgs(source: Fixture): Promise<TwoOrgs> {
  const env = await createOrgEnv({ fixture: 'demo', alias: 'target', emulator: { latencyMs: LATENCY_MS } });
  const compare = await env.addOrg('compare', { fixture: source, emulator: { latencyMs: LATENCY_MS } });
  return { env, compare, cleanup: () => env.cleanup() };
}

const names = (sets: Array<{ fullName: string }>): string[] => sets.map((set) => set.fullName);

describe('e2e: sf sharing set diff', () => {
  describe('two orgs with drift', () => {
    let orgs: TwoOrgs;
    before(async () => {
      orgs = await twoOrgs(driftedOrg());
    });
    after(async () => orgs.cleanup());
    beforeEach(() => {
      orgs.env.emulator.clearLog();
      orgs.compare.clearLog();
    });

    it('reports every planted difference, exits 3 with status 3, and matches the schema', async () => {
      const { code, json } = succeeded(
        await orgs.env.run<SharingSetDiffResult>(['sharing', 'set', 'diff', '-o', 'target', '-c', 'compare', '--json'])
      );
      expect(code).to.equal(3);
      expect(json.status).to.equal(3);
      assertMatchesSchema('sharing-set-diff', json.result);
      const { diff } = json.result;
      expect(json.result.hasDrift).to.equal(true);
      expect(json.result.target).to.deep.equal({
        kind: 'org',
        org: orgs.env.username,
        orgId: orgs.env.emulator.orgId,
      });
      expect(json.result.source).to.deep.equal({ kind: 'org', org: orgs.compare.username, orgId: orgs.compare.orgId });
      expect(names(diff.onlyInSource)).to.deep.equal(['Work_Order_Sharing']);
      expect(names(diff.onlyInTarget)).to.deep.equal(['Solar_Panel_Sharing']);
      expect(names(diff.changed)).to.deep.equal(['Case_Sharing', 'Contact_Directory', 'Partner_Opportunities']);
      expect(diff.unchanged).to.deep.equal(['Account_Self_Service', 'Asset_Sharing', 'Entitlement_Cases']);
      const [caseSharing, contactDirectory, partner] = diff.changed;
      expect(caseSharing.profilesInSourceOnly).to.deep.equal(['Customer Community Plus User']);
      expect(caseSharing.mappingsInSourceOnly).to.deep.equal([]);
      expect(contactDirectory.description).to.deep.equal({
        target: 'Lets community plus users see the contacts of their account.',
        source: 'Contacts of the account, for community plus users.',
      });
      expect(partner.accessLevelChanges).to.deep.equal([
        { object: 'Opportunity', objectField: 'Account', userField: 'Account', target: 'Read', source: 'Edit' },
      ]);
      expect(json.result.apiCalls).to.include({ metadataList: 2, metadataRead: 2, metadataWrite: 0 });
    });

    it('never writes to either org, and reads both orgs at the same time', async () => {
      const { code } = await orgs.env.run(['sharing', 'set', 'diff', '-o', 'target', '-c', 'compare', '--json']);
      expect(code).to.equal(3);
      expect(orgs.env.emulator.writeCalls()).to.deep.equal([]);
      expect(orgs.compare.writeCalls()).to.deep.equal([]);
      // The metadata reads (logins and version checks while the flags are parsed are sequential by design).
      const soap = (log: Emulator['log']): Emulator['log'] => log.filter((entry) => entry.kind === 'soap');
      const first = soap(orgs.env.emulator.log);
      const second = soap(orgs.compare.log);
      expect(first).to.have.length(2);
      expect(second).to.have.length(2);
      const firstEnd = Math.max(...first.map((entry) => entry.end ?? Infinity));
      const secondEnd = Math.max(...second.map((entry) => entry.end ?? Infinity));
      expect(Math.min(...second.map((entry) => entry.start))).to.be.below(firstEnd);
      expect(Math.min(...first.map((entry) => entry.start))).to.be.below(secondEnd);
    });

    it('prints a review grouped by set, without colour when stdout is not a terminal', async () => {
      const { code, stdout } = await orgs.env.run(['sharing', 'set', 'diff', '-o', 'target', '-c', 'compare']);
      expect(code).to.equal(3);
      expect(stdout).to.not.contain('\u001b[');
      expect(stdout).to.contain(`Sharing sets: org ${orgs.env.username} compared with org ${orgs.compare.username}`);
      expect(stdout).to.contain('+ Work_Order_Sharing (only in org');
      expect(stdout).to.contain('- Solar_Panel_Sharing (only in org');
      expect(stdout).to.contain('~ Case_Sharing\n+     profile Customer Community Plus User');
      expect(stdout).to.contain('~     mapping Opportunity: Account = user Account: Read -> Edit');
      expect(stdout).to.match(/1 set to create, 3 changed, 1 only in target, 3 unchanged/);
    });

    it('prints Markdown for a pull request or job summary with --result-format markdown', async () => {
      const { code, stdout } = await orgs.env.run([
        'sharing',
        'set',
        'diff',
        '-o',
        'target',
        '-c',
        'compare',
        '--result-format',
        'markdown',
      ]);
      expect(code).to.equal(3);
      expect(stdout).to.match(/^## Sharing set drift: org /);
      expect(stdout).to.contain('**5 sharing sets differ.**');
      expect(stdout).to.contain(
        '### Case\\_Sharing\n\n```diff\n~ Case_Sharing\n+     profile Customer Community Plus User'
      );
      expect(stdout).to.contain('| Changed | 3 |');
    });

    it('compares only the named sets; a name on one side only is a difference', async () => {
      const { code, json } = succeeded(
        await orgs.env.run<SharingSetDiffResult>([
          'sharing',
          'set',
          'diff',
          '-o',
          'target',
          '-c',
          'compare',
          '-n',
          'asset_sharing',
          '-n',
          'Work_Order_Sharing',
          '--json',
        ])
      );
      expect(code).to.equal(3);
      expect(names(json.result.diff.onlyInSource)).to.deep.equal(['Work_Order_Sharing']);
      expect(json.result.diff.unchanged).to.deep.equal(['Asset_Sharing']);
      expect(json.result.diff.summary).to.include({ target: 1, source: 2, changed: 0, onlyInTarget: 0 });
      // One listMetadata per org resolves the typed names to each org's spelling (docs/salesforce-facts.md §12).
      expect(json.result.apiCalls.metadataList).to.equal(2);
    });

    it('fails naming a --name that is on neither side', async () => {
      const { code, json } = failed(
        await orgs.env.run<SharingSetDiffResult>([
          'sharing',
          'set',
          'diff',
          '-o',
          'target',
          '-c',
          'compare',
          '-n',
          'No_Such_Set',
          '-n',
          'Case_Sharing',
          '--json',
        ])
      );
      expect(code).to.equal(1);
      expect(json.name).to.equal('NotFoundError');
      expect(json.message).to.contain('No_Such_Set');
      expect(json.message).to.not.contain('Case_Sharing');
      expect(json.actions.join('\n')).to.contain('sf sharing set list --target-org');
    });
  });

  describe('two orgs without drift', () => {
    let orgs: TwoOrgs;
    before(async () => {
      orgs = await twoOrgs(otherOrg('compare'));
    });
    after(async () => orgs.cleanup());

    it('exits 0 and says there are no differences', async () => {
      const { code, stdout } = await orgs.env.run(['sharing', 'set', 'diff', '-o', 'target', '-c', 'compare']);
      expect(code).to.equal(0);
      expect(stdout).to.contain('No differences (7 sharing sets equal).');
    });

    it('returns hasDrift false with status 0', async () => {
      const { code, json } = succeeded(
        await orgs.env.run<SharingSetDiffResult>(['sharing', 'set', 'diff', '-o', 'target', '-c', 'compare', '--json'])
      );
      expect(code).to.equal(0);
      expect(json.status).to.equal(0);
      expect(json.result.hasDrift).to.equal(false);
      expect(json.result.diff.unchanged).to.have.length(7);
      assertMatchesSchema('sharing-set-diff', json.result);
    });
  });

  describe('an org and a project', () => {
    let env: OrgEnv;
    useOrgEnv({ fixture: 'demo' }, (ready) => {
      env = ready;
    });

    it('reports the planted drift; case, order and blanks are not differences', async () => {
      const { code, json } = succeeded(
        await env.run<SharingSetDiffResult>(['sharing', 'set', 'diff', '-o', env.alias, '-d', driftProject, '--json'])
      );
      expect(code).to.equal(3);
      expect(json.status).to.equal(3);
      assertMatchesSchema('sharing-set-diff', json.result);
      expect(json.result.source).to.deep.equal({ kind: 'project', sourceDir: driftProject });
      const { diff } = json.result;
      expect(names(diff.onlyInSource)).to.deep.equal(['Order_Sharing']);
      expect(names(diff.onlyInTarget)).to.deep.equal(['Solar_Panel_Sharing']);
      expect(diff.unchanged).to.deep.equal(['Case_Sharing', 'Partner_Opportunities']);
      expect(diff.changed).to.deep.equal([
        {
          fullName: 'Account_Self_Service',
          profilesInSourceOnly: [],
          profilesInTargetOnly: [],
          mappingsInSourceOnly: [],
          mappingsInTargetOnly: [],
          accessLevelChanges: [
            { object: 'Account', objectField: 'Id', userField: 'Account', target: 'Edit', source: 'Read' },
          ],
        },
        {
          fullName: 'Asset_Sharing',
          profilesInSourceOnly: ['Customer Community Login User'],
          profilesInTargetOnly: [],
          mappingsInSourceOnly: [],
          mappingsInTargetOnly: [],
          accessLevelChanges: [],
        },
        {
          fullName: 'Contact_Directory',
          label: { target: 'Contact directory', source: 'Account contact directory' },
          profilesInSourceOnly: [],
          profilesInTargetOnly: [],
          mappingsInSourceOnly: [],
          mappingsInTargetOnly: [],
          accessLevelChanges: [],
        },
        {
          fullName: 'Entitlement_Cases',
          profilesInSourceOnly: [],
          profilesInTargetOnly: [],
          mappingsInSourceOnly: [],
          mappingsInTargetOnly: [
            { accessLevel: 'Read', object: 'Entitlement', objectField: 'Account', userField: 'Account' },
          ],
          accessLevelChanges: [],
        },
      ]);
      expect(json.result.apiCalls).to.include({ metadataList: 1, metadataRead: 1, metadataWrite: 0 });
      expect(env.emulator.writeCalls()).to.deep.equal([]);
    });

    it('prints the review with the project named as the source', async () => {
      const { code, stdout } = await env.run(['sharing', 'set', 'diff', '-o', env.alias, '--source-dir', driftProject]);
      expect(code).to.equal(3);
      expect(stdout).to.contain(`compared with project ${driftProject}`);
      expect(stdout).to.contain('~ Contact_Directory\n~     label: "Contact directory" -> "Account contact directory"');
      expect(stdout).to.contain('+ Order_Sharing (only in project');
    });

    it('exits 0 when the named sets are equal', async () => {
      const args = ['sharing', 'set', 'diff', '-o', env.alias, '-d', driftProject, '-n', 'Case_Sharing', '--json'];
      const { code, json } = succeeded(await env.run<SharingSetDiffResult>(args));
      expect(code).to.equal(0);
      expect(json.result.hasDrift).to.equal(false);
      expect(json.result.diff.unchanged).to.deep.equal(['Case_Sharing']);
    });

    it('exits 1 naming the broken file of a project, rather than reporting its set as missing', async () => {
      const dir = await makeTempDir('plugin-sharing-diff-');
      try {
        await cp(driftProject, dir, { recursive: true });
        const file = join(dir, 'force-app', 'main', 'default', 'sharingSets', 'Case_Sharing.sharingSet-meta.xml');
        await writeFile(file, '<SharingSet xmlns="http://soap.sforce.com/2006/04/metadata"><name>Broken');
        const { code, json } = succeeded(
          await env.run<SharingSetDiffResult>(['sharing', 'set', 'diff', '-o', env.alias, '-d', dir, '--json'])
        );
        expect(code).to.equal(1);
        expect(json.result.unreadableFiles?.map((problem) => problem.file).join('\n')).to.contain(
          'Case_Sharing.sharingSet-meta.xml'
        );
        const compared = [...json.result.diff.onlyInTarget, ...json.result.diff.onlyInSource].map(
          (set) => set.fullName
        );
        expect(compared).to.not.include('Case_Sharing');
      } finally {
        await removeDir(dir);
      }
    });
  });

  describe('bad flags', () => {
    let env: OrgEnv;
    useOrgEnv({ fixture: 'demo' }, (ready) => {
      env = ready;
    });

    it('neither --source-dir nor --compare-org: a usage error naming both, exit 2', async () => {
      const { code, stderr } = await env.run(['sharing', 'set', 'diff', '-o', env.alias]);
      expect(code).to.equal(2);
      expect(stderr).to.match(/Exactly one of the following must be provided: /);
      for (const flag of ['--source-dir', '--compare-org', '--backup']) expect(stderr).to.contain(flag);
      expect(env.emulator.log.filter((entry) => entry.kind === 'soap')).to.deep.equal([]);
    });

    it('both --source-dir and --compare-org: a usage error, exit 2', async () => {
      const args = ['sharing', 'set', 'diff', '-o', env.alias, '-d', driftProject, '-c', env.alias];
      const { code, stderr } = await env.run(args);
      expect(code).to.equal(2);
      expect(stderr).to.match(
        /--(compare-org|source-dir) cannot also be provided when using --(source-dir|compare-org)/
      );
      expect(env.emulator.log.filter((entry) => entry.kind === 'soap')).to.deep.equal([]);
    });

    it('a --source-dir that does not exist: the flag parser names it, exit 2 (a bad flag value)', async () => {
      const args = ['sharing', 'set', 'diff', '-o', env.alias, '-d', join(driftProject, 'no-such-folder')];
      const { code, stderr } = await env.run(args);
      expect(code).to.equal(2);
      expect(stderr).to.match(/No directory found at .*no-such-folder/);
    });
  });
});
