import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { failed, succeeded, useOrgEnv, type OrgEnv, type RunResult } from '../helpers/e2e.js';
import type { SharingSetDeleteResult } from '../../src/commands/sharing/set/delete.js';
import type { SharingSetCreateResult } from '../../src/commands/sharing/set/create.js';
import { parseSharingSetXml } from '../../src/source/sharingSetXml.js';
import { expectBackupHolds } from '../helpers/sharingSets.js';
import { runInTerminal } from '../helpers/terminal.js';
import { assertMatchesSchema } from './schema.js';

const writeOps = (env: OrgEnv): string[] => env.emulator.writeCalls().map((entry) => entry.soapOperation ?? entry.path);

describe('e2e: sf sharing set create / delete', () => {
  let env: OrgEnv;
  let work: string;
  useOrgEnv({ fixture: 'demo', work: 'plugin-sharing-create-' }, (ready) => {
    env = ready;
    work = env.work;
  });

  const create = (args: string[]): Promise<RunResult<SharingSetCreateResult>> =>
    env.run<SharingSetCreateResult>(['sharing', 'set', 'create', '-o', env.alias, ...args, '--json'], { cwd: work });
  const orgSet = (name: string): (typeof env.emulator.state.sharingSets)[number] | undefined =>
    env.emulator.state.sharingSets.find((set) => set.fullName === name);

  it('lists every problem at once and writes nothing when the definition is wrong', async () => {
    const { code, json } = failed(
      await create([
        '--name',
        'Bad_Set',
        '--profile',
        'Standard User',
        '--profile',
        'Ursa Major Solar Profile',
        '--profile',
        'Nobody At All',
        '--mapping',
        'No_Such_Object__c.Account=Account',
        '--mapping',
        'Case.Subject=Account',
      ])
    );
    // The definition given is refused: bad arguments (2), not a failure of the org (1).
    expect(code).to.equal(2);
    expect(json.name).to.equal('InvalidError');
    for (const expected of [
      'profile "Nobody At All", which does not exist',
      'Profile "Standard User"',
      'Profile "Ursa Major Solar Profile"',
      'No_Such_Object__c does not exist',
      'Case.Subject is a string field, not a lookup',
    ]) {
      expect(json.message).to.contain(expected);
    }
    expect(writeOps(env)).to.deep.equal([]);
  });

  for (const name of ['../etc/x', 'a__b', 'x'.repeat(81)]) {
    it(`refuses the name ${
      name.length > 20 ? `of ${name.length} characters` : JSON.stringify(name)
    } and writes nothing`, async () => {
      const { code, json } = failed(
        await create([
          '--name',
          name,
          '--profile',
          'Customer Community User',
          '--mapping',
          'Case.Account=Account',
          '--output-dir',
          work,
        ])
      );
      expect(code).to.equal(2);
      expect(json.message).to.match(/--name: the name/);
      expect(writeOps(env)).to.deep.equal([]);
      expect(await readdir(work)).to.deep.equal([]);
    });
  }

  it('a dry run checks against the org and writes nothing', async () => {
    const { code, json } = succeeded(
      await create([
        '--name',
        'Dry_Run',
        '--profile',
        'Customer Community User',
        '--mapping',
        'WorkOrder.Account=Account',
        '--dry-run',
      ])
    );
    expect(code).to.equal(0);
    expect(json.result).to.include({ action: 'none', dryRun: true, checkedAgainstOrg: true });
    expect(writeOps(env)).to.deep.equal([]);
    expect(orgSet('Dry_Run')).to.equal(undefined);
  });

  it('a dry run without --json prints the definition alone on stdout; notices and advisories go to stderr', async () => {
    // Manager.Account on Case's own Account lookup: an info advisory (child-without-parent-account).
    const { code, stdout, stderr } = await env.run(
      [
        'sharing',
        'set',
        'create',
        '-o',
        env.alias,
        '--name',
        'Dry_Run_Xml',
        '--profile',
        'Customer Community User',
        '--mapping',
        'Case.Account=Manager.Account',
        '--dry-run',
      ],
      { cwd: work }
    );
    expect(code, stderr).to.equal(0);
    const parsed = parseSharingSetXml(stdout, 'stdout', 'Dry_Run_Xml');
    expect(parsed.accessMappings).to.deep.equal([
      { accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Manager.Account' },
    ]);
    expect(stdout.trimStart().startsWith('<?xml')).to.equal(true);
    expect(stderr).to.contain('child-without-parent-account').and.contain('Dry run');
    expect(writeOps(env)).to.deep.equal([]);
  });

  it('creates with one write, reads it back, and writes the source file too', async () => {
    const description = 'Quotes "here", <tags> & \'apostrophes\'';
    const { code, json } = succeeded(
      await create([
        '--name',
        'Work_Orders',
        '--label',
        'Work orders & cases',
        '--description',
        description,
        '--profile',
        'Customer Community User',
        '--profile',
        'customer community user',
        '--mapping',
        'WorkOrder.Account=Account:Edit',
        '--mapping',
        'Case.Entitlement.Account=Account',
        '--output-dir',
        join(work, 'project'),
      ])
    );
    expect(code, JSON.stringify(json)).to.equal(0);
    assertMatchesSchema('sharing-set-create', json.result);
    expect(json.result.action).to.equal('created');
    expect(writeOps(env)).to.deep.equal(['createMetadata']);
    const writeSeq = env.emulator.writeCalls()[0].seq;
    expect(env.emulator.log.some((entry) => entry.soapOperation === 'readMetadata' && entry.seq > writeSeq)).to.equal(
      true
    );
    expect(orgSet('Work_Orders')).to.deep.include({
      name: 'Work orders & cases',
      description,
      profiles: ['Customer Community User'],
    });
    const file = await readFile(join(work, 'project', 'sharingSets', 'Work_Orders.sharingSet-meta.xml'), 'utf8');
    expect(file).to.contain(
      '<description>Quotes &quot;here&quot;, &lt;tags&gt; &amp; &apos;apostrophes&apos;</description>'
    );
    expect(json.result.file).to.match(/Work_Orders\.sharingSet-meta\.xml$/);
  });

  it('refuses to replace an existing set without --update, and an existing file too', async () => {
    const { code, json } = failed(
      await create([
        '--name',
        'Work_Orders',
        '--profile',
        'Customer Community User',
        '--mapping',
        'Case.Account=Account',
      ])
    );
    expect(code).to.equal(1);
    expect(json.name).to.equal('AlreadyExistsError');
    expect(json.actions.join(' ')).to.contain('--update');
    expect(writeOps(env)).to.deep.equal([]);
  });

  it('--update saves a backup that restores the previous definition exactly', async () => {
    const before = structuredClone(orgSet('Case_Sharing'));
    const updated = succeeded(
      await create([
        '--name',
        'Case_Sharing',
        '--label',
        'Changed',
        '--profile',
        'Customer Community User',
        '--mapping',
        'Case.Contact=Contact:Edit',
        '--update',
      ])
    );
    expect(updated.code, JSON.stringify(updated.json)).to.equal(0);
    expect(updated.json.result.action).to.equal('updated');
    const [backup] = updated.json.result.backups;
    expect(backup).to.match(/\.sharing-backups\/Case_Sharing-\d{8}T\d{6}Z/);
    expect(orgSet('Case_Sharing')?.name).to.equal('Changed');

    env.emulator.clearLog();
    const restored = succeeded(await create(['--definition-file', join(work, backup), '--update']));
    expect(restored.code, JSON.stringify(restored.json)).to.equal(0);
    expect(restored.json.result.sharingSet.fullName).to.equal('Case_Sharing');
    expect(orgSet('Case_Sharing')).to.deep.equal(before);
    expect(writeOps(env)).to.deep.equal(['updateMetadata']);
  });

  it('delete refuses --json without --no-prompt, then deletes after a backup and checks it is gone', async () => {
    const refused = failed(
      await env.run<SharingSetDeleteResult>(
        ['sharing', 'set', 'delete', '-o', env.alias, '--name', 'Work_Orders', '--json'],
        {
          cwd: work,
        }
      )
    );
    expect(refused.code, 'a usage error').to.equal(2);
    expect(refused.json.name).to.equal('PromptNeededError');
    expect(writeOps(env)).to.deep.equal([]);

    const before = structuredClone(orgSet('Work_Orders'));
    const deleted = succeeded(
      await env.run<SharingSetDeleteResult>(
        ['sharing', 'set', 'delete', '-o', env.alias, '--name', 'Work_Orders', '--no-prompt', '--json'],
        { cwd: work }
      )
    );
    expect(deleted.code, deleted.stdout).to.equal(0);
    assertMatchesSchema('sharing-set-delete', deleted.json.result);
    expect(deleted.json.result.deleted).to.equal(true);
    expect(writeOps(env)).to.deep.equal(['deleteMetadata']);
    expect(orgSet('Work_Orders')).to.equal(undefined);

    const restored = succeeded(await create(['--definition-file', join(work, deleted.json.result.backup as string)]));
    expect(restored.code, JSON.stringify(restored.json)).to.equal(0);
    expect(orgSet('Work_Orders')).to.deep.equal(before);
  });

  // A SIGINT sent to the process, and Ctrl-C typed at the prompt (which the terminal, in raw mode, hands to the prompt
  // as a key rather than as a signal): the set stays, its backup is whole, and the message says both.
  for (const how of ['SIGINT', 'Ctrl-C'] as const) {
    it(`delete: ${how} at the confirmation prompt: exit 130, nothing deleted, the backup named and whole`, async () => {
      const before = structuredClone(orgSet('Case_Sharing'));
      const backups = join(work, `delete-backups-${how}`);
      const run = runInTerminal(
        env,
        ['sharing', 'set', 'delete', '-o', env.alias, '--name', 'Case_Sharing', '--backup-dir', backups],
        work
      );
      expect(await run.shows('Delete sharing set Case_Sharing'), `no prompt:\n${run.output()}`).to.equal(true);
      if (how === 'SIGINT') process.kill(run.pluginPid() as number, 'SIGINT');
      else run.type('\x03');
      const code = await run.ended();
      const output = run.output().replace(/\r?\n/g, ' ');
      expect(code, output).to.equal(130);
      const [backup] = await readdir(backups);
      expect(output).to.contain(
        `Interrupted before anything was deleted: Case_Sharing is unchanged in the org. Its current definition is saved in ${join(
          backups,
          backup
        )}.`
      );
      expect(output).not.to.match(/ExitPromptError|ExitError|\s+at /);
      await expectBackupHolds(join(backups, backup), before);
      expect(writeOps(env)).to.deep.equal([]);
      expect(orgSet('Case_Sharing')).to.deep.equal(before);
    });
  }

  it('a path through a file (--output-dir, --backup-dir) is one clear error naming it, and nothing is changed', async () => {
    const blocker = join(work, 'a-file');
    await writeFile(blocker, 'not a folder');
    const createInto = (outputDir: string): ReturnType<typeof create> =>
      create([
        '--name',
        'Blocked_Output',
        '--profile',
        'Customer Community User',
        '--mapping',
        'WorkOrder.Account=Account',
        '--output-dir',
        outputDir,
      ]);
    const created = failed(await createInto(join(blocker, 'project')));
    // Refused before anything is sent: the org is unchanged.
    expect(created.code, created.stdout).to.equal(1);
    expect(writeOps(env)).to.deep.equal([]);
    expect(orgSet('Blocked_Output')).to.equal(undefined);
    expect(created.json.name).to.equal('CannotWriteError');
    expect(created.json.message).to.contain(blocker).and.contain('a part of the path is a file, not a folder');
    expect(created.json.message).to.not.match(/\.tmp|ENOTDIR: not a directory/);
    expect(created.json.actions.join(' ')).to.contain('choose a path');

    // The same for a file where the project's sharingSets folder should be, and for a project file already there
    // (without --update): refused before the org write, which would otherwise have happened first.
    const project = join(work, 'blocked-project');
    await mkdir(project, { recursive: true });
    await writeFile(join(project, 'sharingSets'), 'a file');
    const inTheWay = failed(await createInto(project));
    expect(inTheWay.code, inTheWay.stdout).to.equal(1);
    expect(inTheWay.json.name).to.equal('CannotWriteError');
    const existing = join(work, 'existing-project');
    await mkdir(join(existing, 'sharingSets'), { recursive: true });
    await writeFile(join(existing, 'sharingSets', 'Blocked_Output.sharingSet-meta.xml'), 'kept as it is');
    const already = failed(await createInto(existing));
    expect(already.code, already.stdout).to.equal(1);
    expect(already.json.name).to.equal('FileExistsError');
    expect(await readFile(join(existing, 'sharingSets', 'Blocked_Output.sharingSet-meta.xml'), 'utf8')).to.equal(
      'kept as it is'
    );
    expect(writeOps(env)).to.deep.equal([]);
    expect(orgSet('Blocked_Output')).to.equal(undefined);

    env.emulator.clearLog();
    const before = orgSet('Case_Sharing');
    const deleted = failed(
      await env.run<SharingSetDeleteResult>(
        [
          'sharing',
          'set',
          'delete',
          '-o',
          env.alias,
          '--name',
          'Case_Sharing',
          '--no-prompt',
          '--backup-dir',
          join(blocker, 'backups'),
          '--json',
        ],
        { cwd: work }
      )
    );
    expect(deleted.code, deleted.stdout).to.equal(1);
    expect(deleted.json.name).to.equal('CannotWriteError');
    expect(deleted.json.message).to.contain(join(blocker, 'backups'));
    // No backup, no delete.
    expect(writeOps(env)).to.deep.equal([]);
    expect(orgSet('Case_Sharing')).to.deep.equal(before);
  });

  it('delete of a set that does not exist fails clearly and writes nothing', async () => {
    const { code, json } = failed(
      await env.run<SharingSetDeleteResult>(
        ['sharing', 'set', 'delete', '-o', env.alias, '--name', 'Never_Was', '--no-prompt', '--json'],
        { cwd: work }
      )
    );
    expect(code).to.equal(1);
    expect(json.name).to.equal('NotFoundError');
    expect(writeOps(env)).to.deep.equal([]);
  });

  it('needs somewhere to write (a usage error)', async () => {
    const { code, json } = failed(
      await env.run<SharingSetCreateResult>(['sharing', 'set', 'create', '--name', 'X', '--json'], { cwd: work })
    );
    expect(code).to.equal(2);
    expect(json.name).to.equal('NoDestinationError');
  });
});
