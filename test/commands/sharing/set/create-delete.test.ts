import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MetadataApi } from '@jsforce/jsforce-node/lib/api/metadata.js';
import { MockTestOrgData, TestContext } from '@salesforce/core/testSetup';
import { SfCommand, stubSfCommandUx, stubSpinner } from '@salesforce/sf-plugins-core';
import { expect } from 'chai';
import SharingSetCreate from '../../../../src/commands/sharing/set/create.js';
import SharingSetDelete from '../../../../src/commands/sharing/set/delete.js';
import { installFakeOrg, type FakeOrg, type Rec } from '../../../helpers/fakeOrg.js';

describe('sharing set create / delete (in-process)', () => {
  const $$ = new TestContext();
  const testOrg = new MockTestOrgData();
  let org: FakeOrg;
  let backups: string;

  beforeEach(async () => {
    await $$.stubAuths(testOrg);
    stubSfCommandUx($$.SANDBOX);
    stubSpinner($$.SANDBOX);
    backups = mkdtempSync(join(tmpdir(), 'plugin-sharing-cmd-'));
    org = { orgSets: [], writes: [] };
    installFakeOrg($$, org);
  });

  /** process.stdin.isTTY is undefined (not false) without a terminal, so sinon cannot stub it: set and restore it. */
  const stdinTTY = Object.getOwnPropertyDescriptor(process.stdin, 'isTTY');
  const stdinIsTerminal = (value: boolean): void => {
    Object.defineProperty(process.stdin, 'isTTY', { value, configurable: true });
  };
  afterEach(() => {
    if (stdinTTY) Object.defineProperty(process.stdin, 'isTTY', stdinTTY);
    else Reflect.deleteProperty(process.stdin, 'isTTY');
  });

  afterEach(() => {
    $$.restore();
    rmSync(backups, { recursive: true, force: true });
  });

  const createArgs = [
    '--target-org',
    testOrg.username,
    '--name',
    'Case_Sharing',
    '--profile',
    'Customer Community User',
  ];

  it('creates once, with the metadata keys in XSD order, and reads it back', async () => {
    const result = await SharingSetCreate.run([...createArgs, '--mapping', 'Case.Account=Account:Edit']);
    expect(result.action).to.equal('created');
    expect(org.writes.map((write) => write.op)).to.deep.equal(['create']);
    const [payload] = org.writes[0].payload as Rec[];
    // jsforce serialises keys in insertion order: they must follow the XSD sequence (docs/salesforce-facts.md §5).
    expect(Object.keys(payload)).to.deep.equal(['fullName', 'accessMappings', 'name', 'profiles']);
    expect(Object.keys((payload.accessMappings as Rec[])[0])).to.deep.equal([
      'accessLevel',
      'object',
      'objectField',
      'userField',
    ]);
    expect(result.sharingSet.accessMappings[0].accessLevel).to.equal('Edit');
  });

  it('refuses an ineligible profile and a non-lookup field together, writing nothing', async () => {
    try {
      await SharingSetCreate.run([...createArgs, '--profile', 'Standard User', '--mapping', 'Case.Subject=Account']);
      expect.fail('expected an error');
    } catch (error) {
      expect((error as Error).name).to.equal('InvalidError');
      expect((error as Error).message)
        .to.contain('Standard User')
        .and.contain('Case.Subject is a string field');
    }
    expect(org.writes).to.deep.equal([]);
  });

  it('a name with neither --profile nor --mapping is a forgotten flag: refused with exit 2, nothing written', async () => {
    try {
      await SharingSetCreate.run(['--target-org', testOrg.username, '--name', 'Empty_Set']);
      expect.fail('expected an error');
    } catch (error) {
      expect((error as Error).name).to.equal('NothingToCreateError');
      expect((error as { exitCode: number }).exitCode).to.equal(2);
      expect((error as { actions: string[] }).actions.join('\n')).to.contain('--mapping Case.Account=Account');
    }
    expect(org.writes).to.deep.equal([]);
  });

  it('profiles without a mapping (or a mapping without profiles) is refused with what is missing', async () => {
    const missing = async (args: string[]): Promise<string> => {
      try {
        await SharingSetCreate.run(['--target-org', testOrg.username, '--name', 'Half_Set', ...args]);
      } catch (error) {
        expect((error as Error).name).to.equal('InvalidError');
        return (error as Error).message;
      }
      return expect.fail('expected an error');
    };
    expect(await missing(['--profile', 'Customer Community User'])).to.contain(
      '--mapping: at least one access mapping'
    );
    expect(await missing(['--mapping', 'Case.Account=Account'])).to.contain('--profile: at least one profile');
    expect(org.writes).to.deep.equal([]);
  });

  it('a mapping that cannot be read is refused before any request reaches the org', async () => {
    await SharingSetCreate.run([...createArgs, '--mapping', 'Case.Account=Account']);
    // eslint-disable-next-line @typescript-eslint/unbound-method -- a sinon stub, read for its call count
    const list = MetadataApi.prototype.list as unknown as { callCount: number };
    const listed = list.callCount;
    try {
      await SharingSetCreate.run([...createArgs, '--mapping', 'Case', '--update', '--dry-run']);
      expect.fail('expected an error');
    } catch (error) {
      expect((error as Error).name).to.equal('InvalidError');
      expect((error as { exitCode: number }).exitCode).to.equal(2);
      expect((error as Error).message).to.contain('Can\'t read the mapping "Case"');
    }
    expect(list.callCount).to.equal(listed);
    expect(org.writes.map((write) => write.op)).to.deep.equal(['create']);
  });

  it('an existing name does not hide a problem only the org shows (a profile it lacks) either', async () => {
    await SharingSetCreate.run([...createArgs, '--mapping', 'Case.Account=Account']);
    try {
      await SharingSetCreate.run([
        ...createArgs,
        '--profile',
        'Customer Comunity User',
        '--mapping',
        'Case.Account=Account',
      ]);
      expect.fail('expected an error');
    } catch (error) {
      expect((error as Error).name).to.equal('InvalidError');
      expect((error as Error).message)
        .to.contain('"Customer Comunity User", which does not exist')
        .and.contain('it already exists');
    }
    expect(org.writes.map((write) => write.op)).to.deep.equal(['create']);
  });

  it('a dry run org.writes nothing', async () => {
    const result = await SharingSetCreate.run([...createArgs, '--mapping', 'Case.Account=Account', '--dry-run']);
    expect(result).to.include({ action: 'none', dryRun: true });
    expect(org.writes).to.deep.equal([]);
  });

  it('an existing set needs --update, which backs it up first', async () => {
    await SharingSetCreate.run([...createArgs, '--mapping', 'Case.Account=Account']);
    try {
      await SharingSetCreate.run([...createArgs, '--mapping', 'Case.Account=Account:Edit']);
      expect.fail('expected an error');
    } catch (error) {
      expect((error as Error).name).to.equal('AlreadyExistsError');
    }
    const result = await SharingSetCreate.run([
      ...createArgs,
      '--mapping',
      'Case.Account=Account:Edit',
      '--update',
      '--backup-dir',
      backups,
    ]);
    expect(result.action).to.equal('updated');
    expect(result.backups).to.have.length(1);
    expect(existsSync(result.backups[0])).to.equal(true);
    expect(org.writes.map((write) => write.op)).to.deep.equal(['create', 'update']);
  });

  it('delete: refused under --json without --no-prompt; backs up, deletes and checks it is gone with it', async () => {
    org.orgSets = [{ fullName: 'Old_Set', name: 'Old', profiles: ['Customer Community User'], accessMappings: [] }];
    $$.SANDBOX.stub(SfCommand.prototype, 'jsonEnabled').returns(true);
    try {
      await SharingSetDelete.run(['--target-org', testOrg.username, '--name', 'Old_Set']);
      expect.fail('expected an error');
    } catch (error) {
      expect((error as Error).name).to.equal('PromptNeededError');
    }
    const result = await SharingSetDelete.run([
      '--target-org',
      testOrg.username,
      '--name',
      'Old_Set',
      '--no-prompt',
      '--backup-dir',
      backups,
    ]);
    expect(result.deleted).to.equal(true);
    expect(readdirSync(backups)).to.have.length(1);
    expect(org.orgSets).to.deep.equal([]);
  });

  it('delete: with no terminal to answer a prompt (a pipeline), refuses before writing anything, exit 2', async () => {
    org.orgSets = [{ fullName: 'Old_Set', name: 'Old', profiles: [], accessMappings: [] }];
    stdinIsTerminal(false);
    const confirm = $$.SANDBOX.stub(SfCommand.prototype, 'confirm').resolves(true);
    try {
      await SharingSetDelete.run(['--target-org', testOrg.username, '--name', 'Old_Set', '--backup-dir', backups]);
      expect.fail('expected an error');
    } catch (error) {
      expect((error as Error).name).to.equal('PromptNeededError');
      expect((error as { exitCode: number }).exitCode).to.equal(2);
    }
    expect(confirm.called).to.equal(false);
    expect(org.writes).to.deep.equal([]);
    expect(org.orgSets).to.have.length(1);
  });

  it('delete --dry-run: reads the set, deletes nothing and org.writes nothing, not even a backup', async () => {
    org.orgSets = [{ fullName: 'Old_Set', name: 'Old', profiles: [], accessMappings: [] }];
    const result = await SharingSetDelete.run([
      '--target-org',
      testOrg.username,
      '--name',
      'Old_Set',
      '--dry-run',
      '--backup-dir',
      backups,
    ]);
    expect(result).to.include({ deleted: false, dryRun: true });
    expect(result).to.not.have.property('backup');
    expect(org.writes).to.deep.equal([]);
    expect(existsSync(backups) ? readdirSync(backups) : []).to.deep.equal([]);
    expect(org.orgSets).to.have.length(1);
  });

  it('delete: a declined prompt deletes nothing and keeps no backup', async () => {
    org.orgSets = [{ fullName: 'Old_Set', name: 'Old', profiles: [], accessMappings: [] }];
    stdinIsTerminal(true);
    $$.SANDBOX.stub(SfCommand.prototype, 'confirm').resolves(false);
    const result = await SharingSetDelete.run([
      '--target-org',
      testOrg.username,
      '--name',
      'Old_Set',
      '--backup-dir',
      backups,
    ]);
    expect(result.deleted).to.equal(false);
    expect(result).to.not.have.property('backup');
    expect(org.writes).to.deep.equal([]);
    expect(readdirSync(backups)).to.deep.equal([]);
  });
});
