/**
 * Names typed in any case, against an org whose readMetadata matches full names exactly (the emulator's
 * `exactCaseReadMetadata`; whether real orgs do is not documented: docs/salesforce-facts.md §12). Every command
 * resolves the typed name against listMetadata first, and shows the org's spelling.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { cloneFixture, loadFixture, type Fixture } from '../emulator/index.js';
import { failed, succeeded, useOrgEnv, type OrgEnv, type RunResult } from '../helpers/e2e.js';
import type { SharingSetListResult } from '../../src/commands/sharing/set/list.js';
import type { SharingSetDiffResult } from '../../src/commands/sharing/set/diff.js';
import type { SharingSetDeleteResult } from '../../src/commands/sharing/set/delete.js';
import type { SharingSetCreateResult } from '../../src/commands/sharing/set/create.js';
import { serializeSharingSet } from '../../src/source/index.js';
import type { SharingSet } from '../../src/model/types.js';

const SET = 'Share_Customer_Cases';

/** The demo org with one more set, spelled in mixed case. */
function orgWithMixedCaseSet(): Fixture {
  const fixture = cloneFixture(loadFixture('demo'));
  const base = fixture.sharingSets.find((set) => set.fullName === 'Case_Sharing');
  if (!base) throw new Error('the demo fixture has no Case_Sharing');
  fixture.sharingSets.push({ ...structuredClone(base), fullName: SET, name: 'Share customer cases' });
  return fixture;
}

describe('e2e: names in any case, on an org whose readMetadata reads names exactly', () => {
  let env: OrgEnv;
  useOrgEnv(
    {
      fixture: orgWithMixedCaseSet(),
      emulator: { behaviours: { exactCaseReadMetadata: true } },
      workPerTest: 'plugin-sharing-names-',
    },
    (ready) => {
      env = ready;
    }
  );
  const orgSet = (): SharingSet | undefined => {
    const stored = env.emulator.state.sharingSets.find((set) => set.fullName.toLowerCase() === SET.toLowerCase());
    if (!stored) return undefined;
    const { name, accessMappings, ...rest } = stored;
    return {
      ...rest,
      label: name,
      accessMappings: accessMappings.map((m) => ({ ...m, accessLevel: m.accessLevel as 'Read' | 'Edit' })),
    };
  };
  const readNames = (): string[] =>
    env.emulator.log.filter((entry) => entry.soapOperation === 'readMetadata').flatMap((entry) => entry.names ?? []);

  it('set list --name share_customer_cases finds the set and shows the org spelling', async () => {
    const { code, json } = succeeded(
      await env.run<SharingSetListResult>([
        'sharing',
        'set',
        'list',
        '-o',
        env.alias,
        '-n',
        SET.toLowerCase(),
        '--json',
      ])
    );
    expect(code).to.equal(0);
    expect(json.result.sharingSets.map((set) => set.fullName)).to.deep.equal([SET]);
    // readMetadata was sent the org's spelling, found by one listMetadata.
    expect(readNames()).to.deep.equal([SET]);
    expect(env.emulator.log.filter((entry) => entry.soapOperation === 'listMetadata')).to.have.length(1);
  });

  it('set diff --source-dir --name <lowercase> compares the existing set instead of reporting it "to create"', async () => {
    const set = orgSet();
    if (!set) throw new Error('fixture set missing');
    await mkdir(join(env.work, 'sharingSets'));
    await writeFile(join(env.work, 'sharingSets', `${SET}.sharingSet-meta.xml`), serializeSharingSet(set));
    const run = await env.run<SharingSetDiffResult>(
      ['sharing', 'set', 'diff', '-o', env.alias, '--source-dir', env.work, '--name', 'SHARE_customer_cases', '--json'],
      { cwd: env.work }
    );
    const { code, json } = succeeded(run);
    expect(json.result.diff.onlyInSource).to.deep.equal([]);
    expect(json.result.diff.unchanged).to.deep.equal([SET]);
    expect(json.result.hasDrift).to.equal(false);
    expect(code).to.equal(0);
  });

  it('create --update by the lowercase name updates the set under its own spelling', async () => {
    const run = await env.run<SharingSetCreateResult>(
      [
        'sharing',
        'set',
        'create',
        '-o',
        env.alias,
        '--name',
        SET.toLowerCase(),
        '--label',
        'Share customer cases',
        '--profile',
        'customer community user',
        '--mapping',
        'case.account=account:Edit',
        '--update',
        '--json',
      ],
      { cwd: env.work }
    );
    const { code, json } = succeeded(run);
    expect(code).to.equal(0);
    expect(json.result.action).to.equal('updated');
    expect(json.result.sharingSet.fullName).to.equal(SET);
    const writes = env.emulator.writeCalls();
    expect(writes.map((entry) => entry.names)).to.deep.equal([[SET]]);
    expect(orgSet()?.fullName).to.equal(SET);
    expect(orgSet()?.accessMappings.map((mapping) => mapping.accessLevel)).to.deep.equal(['Edit']);
    // The profile, the object and the paths typed in lower case are written, and shown, as the org spells them.
    expect(orgSet()?.profiles).to.deep.equal(['Customer Community User']);
    expect(orgSet()?.accessMappings).to.deep.equal([
      { accessLevel: 'Edit', object: 'Case', objectField: 'Account', userField: 'Account' },
    ]);
    expect(json.result.sharingSet.profiles).to.deep.equal(['Customer Community User']);
    expect(json.result.sharingSet.accessMappings[0]).to.include({ object: 'Case', objectField: 'Account' });
  });

  it('delete by the lowercase name deletes the set (named in the org spelling)', async () => {
    const run = await env.run<SharingSetDeleteResult>(
      ['sharing', 'set', 'delete', '-o', env.alias, '--name', SET.toLowerCase(), '--no-prompt', '--json'],
      { cwd: env.work }
    );
    const { code, json } = succeeded(run);
    expect(code).to.equal(0);
    expect(json.result.fullName).to.equal(SET);
    expect(json.result.deleted).to.equal(true);
    expect(env.emulator.writeCalls().map((entry) => entry.names)).to.deep.equal([[SET]]);
    expect(orgSet()).to.equal(undefined);
  });

  it('a name the org does not have in any case is still reported missing', async () => {
    const run = await env.run<SharingSetListResult>([
      'sharing',
      'set',
      'list',
      '-o',
      env.alias,
      '-n',
      'no_such_set',
      '--json',
    ]);
    expect(run.code).to.equal(5);
    expect(succeeded(run).json.result.missing).to.deep.equal(['no_such_set']);
  });
});

describe('e2e: did you mean, for objects and fields (create checks against the org)', () => {
  let env: OrgEnv;
  useOrgEnv({ fixture: 'demo', workPerTest: 'plugin-sharing-meant-' }, (ready) => {
    env = ready;
  });

  it('names the object and the field a misspelt mapping most likely meant, and writes nothing', async () => {
    const { code, json } = failed(
      await env.run(
        [
          'sharing',
          'set',
          'create',
          '-o',
          env.alias,
          '--name',
          'Typo_Set',
          '--profile',
          'Customer Community User',
          '--mapping',
          'Solar_Panl__c.Account__c=Account',
          '--mapping',
          'Case.Acount=Account',
          '--json',
        ],
        { cwd: env.work }
      )
    );
    expect(code).to.equal(2);
    expect(json.message).to.contain(
      'the object Solar_Panl__c does not exist in the org. Did you mean "Solar_Panel__c"?'
    );
    expect(json.message).to.match(/no field or relationship named "Acount".*Did you mean "Account"\?/);
    expect(env.emulator.writeCalls()).to.deep.equal([]);
    // The org's object names were read once (describeGlobal), only because an object was missing.
    expect(env.emulator.log.filter((entry) => entry.kind === 'describe-global')).to.have.length(1);
  });
});

describe('e2e: small things users noticed', () => {
  let env: OrgEnv;
  useOrgEnv({ fixture: 'demo', workPerTest: 'plugin-sharing-small-' }, (ready) => {
    env = ready;
  });
  const caseSharing = (): SharingSet => {
    const stored = env.emulator.state.sharingSets.find((set) => set.fullName === 'Case_Sharing');
    if (!stored) throw new Error('the demo org has no Case_Sharing');
    const { name, accessMappings, ...rest } = stored;
    return {
      ...rest,
      label: name,
      accessMappings: accessMappings.map((m) => ({ ...m, accessLevel: m.accessLevel as 'Read' | 'Edit' })),
    };
  };

  it('create --output-dir with the org taken from the sf config says which org it writes to', async () => {
    const config = join(env.home, '.sf', 'config.json');
    await writeFile(config, JSON.stringify({ 'target-org': env.alias }));
    try {
      const { json } = succeeded(
        await env.run<SharingSetCreateResult>(
          [
            'sharing',
            'set',
            'create',
            '--definition-file',
            await definitionFile(env.work, caseSharing()),
            '--name',
            'Case_Sharing',
            '--update',
            '--output-dir',
            env.work,
            '--json',
          ],
          { cwd: env.work }
        )
      );
      expect(json.warnings.join('\n')).to.contain(`also writes the sharing set to ${env.alias} (${env.username})`);
    } finally {
      await writeFile(config, '{}');
    }
  });

  it('the first backup in .sharing-backups says to keep it out of git; the next one does not', async () => {
    const update = (): Promise<RunResult> =>
      env.run(
        [
          'sharing',
          'set',
          'create',
          '-o',
          env.alias,
          '--name',
          'Case_Sharing',
          '--update',
          '--label',
          'Share cases',
          '--profile',
          'Customer Community User',
          '--mapping',
          'Case.Account=Account',
        ],
        { cwd: env.work }
      );
    const first = await update();
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout + first.stderr).to.contain('keep that folder out of version control');
    const second = await update();
    expect(second.code).to.equal(0);
    expect(second.stdout + second.stderr).to.not.contain('keep that folder out of version control');
  });

  it('an empty --source-dir fails clearly (exit 2) unless --allow-empty, for audit and diff', async () => {
    const check = async (command: string[]): Promise<void> => {
      const refused = failed(await env.run([...command, '--source-dir', env.work, '--json']));
      expect(refused.code).to.equal(2);
      expect(refused.json.name).to.equal('NoSharingSetsError');
      expect(refused.json.actions.join('\n')).to.contain('--allow-empty');
      const allowed = await env.run([...command, '--source-dir', env.work, '--allow-empty', '--json']);
      expect([0, 3]).to.include(allowed.code);
    };
    await check(['sharing', 'audit']);
    await check(['sharing', 'set', 'diff', '-o', env.alias]);
  });

  it('folders whose names start with a dot stay out of project reads (a backup is never read as the project)', async () => {
    await mkdir(join(env.work, 'sharingSets'));
    await writeFile(
      join(env.work, 'sharingSets', 'Case_Sharing.sharingSet-meta.xml'),
      serializeSharingSet(caseSharing())
    );
    await mkdir(join(env.work, '.sharing-backups', 'sharingSets'), { recursive: true });
    const ghost = { ...caseSharing(), fullName: 'Ghost_Set' };
    await writeFile(join(env.work, '.sharing-backups', 'Ghost_Set.sharingSet-meta.xml'), serializeSharingSet(ghost));
    await writeFile(
      join(env.work, '.sharing-backups', 'sharingSets', 'Ghost_Set.sharingSet-meta.xml'),
      serializeSharingSet(ghost)
    );
    const run = await env.run<SharingSetDiffResult>(
      ['sharing', 'set', 'diff', '-o', env.alias, '--source-dir', env.work, '--json'],
      { cwd: env.work }
    );
    const { json } = succeeded(run);
    expect(json.result.diff.onlyInSource.map((set) => set.fullName)).to.deep.equal([]);
    expect(json.result.diff.summary.source).to.equal(1);
  });
});

async function definitionFile(dir: string, set: SharingSet): Promise<string> {
  const file = join(dir, 'definition.sharingSet-meta.xml');
  await writeFile(file, serializeSharingSet(set));
  return file;
}
