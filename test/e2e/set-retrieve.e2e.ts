import { chmod, lstat, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { failed, succeeded, useOrgEnv, type OrgEnv, type RunResult } from '../helpers/e2e.js';
import type { SharingSetRetrieveResult } from '../../src/commands/sharing/set/retrieve.js';
import type { SharingSetDiffResult } from '../../src/commands/sharing/set/diff.js';
import { parseSharingSetXml } from '../../src/source/sharingSetXml.js';
import { assertMatchesSchema } from './schema.js';

const sharingSetsIn = (env: OrgEnv): string[] => env.emulator.state.sharingSets.map((set) => set.fullName).sort();
const reads = (env: OrgEnv): number =>
  env.emulator.log.filter((entry) => entry.soapOperation === 'readMetadata').length;

describe('e2e: sf sharing set retrieve', () => {
  let env: OrgEnv;
  useOrgEnv({ fixture: 'demo', workPerTest: 'plugin-sharing-retrieve-' }, (ready) => {
    env = ready;
  });

  const retrieve = (args: string[]): Promise<RunResult<SharingSetRetrieveResult>> =>
    env.run<SharingSetRetrieveResult>(['sharing', 'set', 'retrieve', '-o', env.alias, ...args, '--json'], {
      cwd: env.work,
    });
  const diff = (dir: string): Promise<RunResult<SharingSetDiffResult>> =>
    env.run<SharingSetDiffResult>(['sharing', 'set', 'diff', '-o', env.alias, '--source-dir', dir, '--json'], {
      cwd: env.work,
    });
  const project = async (): Promise<string> => {
    const root = join(env.work, 'proj');
    await mkdir(join(root, 'force-app'), { recursive: true });
    await mkdir(join(root, 'other'), { recursive: true });
    await writeFile(
      join(root, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'other' }, { path: 'force-app', default: true }] })
    );
    return root;
  };

  it('writes every set into the default package directory, and the project then diffs clean against the org', async () => {
    const root = await project();
    const run = succeeded(await retrieve(['--output-dir', 'proj']));
    expect(run.code).to.equal(0);
    assertMatchesSchema('sharing-set-retrieve', run.json.result);
    const { files, packageDirectory } = run.json.result;
    expect(packageDirectory).to.equal('force-app');
    expect(files.map((file) => file.fullName).sort()).to.deep.equal(sharingSetsIn(env));
    expect(files.every((file) => file.action === 'created')).to.equal(true);
    const folder = join(root, 'force-app', 'main', 'default', 'sharingSets');
    expect((await readdir(folder)).sort()).to.deep.equal(sharingSetsIn(env).map((name) => `${name}.sharingSet-meta.xml`));
    // One list, then reads in batches of 10: nothing written to the org.
    expect(env.emulator.writeCalls()).to.deep.equal([]);
    expect(reads(env)).to.equal(Math.ceil(files.length / 10));

    const text = await readFile(join(folder, 'Case_Sharing.sharingSet-meta.xml'), 'utf8');
    expect(text).to.match(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<SharingSet xmlns=/);
    expect(text).to.contain('\n    <accessMappings>\n        <accessLevel>');
    const parsed = parseSharingSetXml(text, 'Case_Sharing.sharingSet-meta.xml', 'Case_Sharing');
    const inOrg = env.emulator.state.sharingSets.find((set) => set.fullName === 'Case_Sharing');
    expect(parsed.label).to.equal(inOrg?.name);

    const clean = succeeded(await diff(root));
    expect(clean.code).to.equal(0);
    expect(clean.json.result.hasDrift).to.equal(false);
  });

  it('writes the named sets only, in the org spelling, into a folder that is not a project', async () => {
    const run = succeeded(await retrieve(['--output-dir', 'src', '--name', 'case_sharing', '--name', 'Asset_Sharing']));
    expect(run.json.result.files.map((file) => file.fullName)).to.deep.equal(['Asset_Sharing', 'Case_Sharing']);
    expect(run.json.result.packageDirectory).to.equal(undefined);
    expect((await readdir(join(env.work, 'src', 'sharingSets'))).sort()).to.deep.equal([
      'Asset_Sharing.sharingSet-meta.xml',
      'Case_Sharing.sharingSet-meta.xml',
    ]);
    expect(reads(env)).to.equal(1);
  });

  it('never replaces an existing file without --force, and checks every file before reading the sets', async () => {
    const folder = join(env.work, 'src', 'sharingSets');
    await mkdir(folder, { recursive: true });
    const mine = join(folder, 'Case_Sharing.sharingSet-meta.xml');
    await writeFile(mine, 'my own edit');
    const { code, json } = failed(await retrieve(['--output-dir', 'src']));
    expect(code).to.equal(1);
    expect(json.name).to.equal('FilesExistError');
    expect(json.message).to.contain('Case_Sharing.sharingSet-meta.xml');
    expect(json.actions.join(' ')).to.contain('--force');
    expect(await readFile(mine, 'utf8')).to.equal('my own edit');
    expect(await readdir(folder)).to.deep.equal(['Case_Sharing.sharingSet-meta.xml']);
    // Listed, never read in bulk.
    expect(reads(env)).to.equal(0);
  });

  it('with --force replaces a file after a backup, and leaves a file that already holds the definition alone', async () => {
    const first = succeeded(await retrieve(['--output-dir', 'src', '--name', 'Case_Sharing', '--name', 'Asset_Sharing']));
    const casePath = first.json.result.files.find((file) => file.fullName === 'Case_Sharing')?.path as string;
    await writeFile(casePath, (await readFile(casePath, 'utf8')).replace(/<name>[^<]*<\/name>/, '<name>Edited</name>'));
    const again = succeeded(
      await retrieve(['--output-dir', 'src', '--name', 'Case_Sharing', '--name', 'Asset_Sharing', '--force'])
    );
    const byName = Object.fromEntries(again.json.result.files.map((file) => [file.fullName, file]));
    expect(byName.Asset_Sharing.action).to.equal('unchanged');
    expect(byName.Case_Sharing.action).to.equal('replaced');
    const backup = byName.Case_Sharing.backup as string;
    expect(backup).to.match(/^\.sharing-backups\/Case_Sharing-\d{8}T\d{6}Z\.sharingSet-meta\.xml$/);
    expect(await readFile(join(env.work, backup), 'utf8')).to.contain('<name>Edited</name>');
    expect(await readFile(casePath, 'utf8')).not.to.contain('Edited');
    expect(await readdir(join(env.work, '.sharing-backups'))).to.have.length(1);
  });

  it('never writes through a symbolic link, and reads nothing in bulk first', async () => {
    const elsewhere = join(env.work, 'elsewhere');
    await mkdir(elsewhere);
    await mkdir(join(env.work, 'src'));
    await symlink(elsewhere, join(env.work, 'src', 'sharingSets'));
    const { code, json } = failed(await retrieve(['--output-dir', 'src']));
    expect(code).to.equal(1);
    expect(json.name).to.equal('SymbolicLinkError');
    expect(await readdir(elsewhere)).to.deep.equal([]);
    expect(reads(env)).to.equal(0);
    expect((await lstat(join(env.work, 'src', 'sharingSets'))).isSymbolicLink()).to.equal(true);
  });

  it('refuses bad inputs with a clear error and writes nothing', async () => {
    await writeFile(join(env.work, 'a-file'), '');
    const cases: Array<{ args: string[]; code: number; name?: string; says: string }> = [
      { args: ['--output-dir', 'a-file'], code: 1, name: 'NotAFolderError', says: 'it is a file, not a folder' },
      { args: ['--output-dir', 'src', '--name', 'No_Such_Set'], code: 1, name: 'NotFoundError', says: 'No_Such_Set' },
      { args: ['--output-dir', 'a-file/below'], code: 1, says: 'a-file' },
      { args: [], code: 2, says: 'output-dir' },
    ];
    for (const { args, code, name, says } of cases) {
      // eslint-disable-next-line no-await-in-loop
      const run = failed(await retrieve(args));
      expect(run.code, args.join(' ')).to.equal(code);
      if (name) expect(run.json.name, args.join(' ')).to.equal(name);
      expect(run.json.message, args.join(' ')).to.contain(says);
      expect(run.stdout).not.to.match(/^\s+at /m);
    }
    expect(await readdir(env.work)).to.deep.equal(['a-file']);
    expect(reads(env)).to.equal(0);
  });

  it('refuses a folder it cannot write into before reading anything', async function () {
    if (process.getuid?.() === 0) this.skip(); // root writes anywhere: chmod denies nothing
    const locked = join(env.work, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o555);
    const run = failed(await retrieve(['--output-dir', 'locked']));
    await chmod(locked, 0o755);
    expect(run.json.name).to.equal('NotWritableError');
    expect(reads(env)).to.equal(0);
  });

  it('says in human output which files it wrote', async () => {
    const run = await env.run(['sharing', 'set', 'retrieve', '-o', env.alias, '-d', 'src', '-n', 'Case_Sharing'], {
      cwd: env.work,
    });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.contain(join('src', 'sharingSets', 'Case_Sharing.sharingSet-meta.xml'));
    expect(run.stdout).to.contain('Wrote 1 sharing set file(s)');
  });

  describe('backups compared with the org', () => {
    const diffBackup = (path: string, ...more: string[]): Promise<RunResult<SharingSetDiffResult>> =>
      env.run<SharingSetDiffResult>(['sharing', 'set', 'diff', '-o', env.alias, '--backup', path, ...more, '--json'], {
        cwd: env.work,
      });
    const backupText = (fullName: string, label: string): string =>
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<SharingSet xmlns="http://soap.sforce.com/2006/04/metadata">',
        `    <fullName>${fullName}</fullName>`,
        '    <accessMappings>',
        '        <accessLevel>Read</accessLevel>',
        '        <object>Case</object>',
        '        <objectField>Account</objectField>',
        '        <userField>Account</userField>',
        '    </accessMappings>',
        `    <name>${label}</name>`,
        '    <profiles>Customer Community User</profiles>',
        '</SharingSet>',
        '',
      ].join('\n');

    it('maps each backup to its set by the name inside it, and tells several backups of one set apart', async () => {
      const folder = join(env.work, '.sharing-backups');
      await mkdir(folder);
      const inOrg = env.emulator.state.sharingSets.find((set) => set.fullName === 'Case_Sharing');
      // Two backups of Case_Sharing (one renamed by hand, its name only inside), one of Asset_Sharing.
      await writeFile(join(folder, 'Case_Sharing-20261201T090000Z.sharingSet-meta.xml'), backupText('Case_Sharing', 'Old'));
      await writeFile(join(folder, 'kept-20261202T090000Z.sharingSet-meta.xml'), backupText('Case_Sharing', inOrg?.name ?? ''));
      await writeFile(join(folder, 'Asset_Sharing-20261201T090000Z-2.sharingSet-meta.xml'), backupText('Asset_Sharing', 'A'));
      const run = succeeded(await diffBackup('.sharing-backups'));
      expect(run.code).to.equal(3);
      assertMatchesSchema('sharing-set-diff', run.json.result);
      const backups = run.json.result.backups ?? [];
      expect(backups.map((backup) => [backup.fullName, backup.savedAt])).to.deep.equal([
        ['Asset_Sharing', '2026-12-01T09:00:00Z'],
        ['Case_Sharing', '2026-12-01T09:00:00Z'],
        ['Case_Sharing', '2026-12-02T09:00:00Z'],
      ]);
      // The older Case_Sharing backup differs from the org (its label); each is compared with Case_Sharing only.
      expect(backups[1].diff.changed.map((change) => change.label?.source)).to.deep.equal(['Old']);
      expect(backups.every((backup) => backup.diff.onlyInTarget.length === 0)).to.equal(true);
      expect(backups.every((backup) => backup.diff.onlyInSource.length === 0)).to.equal(true);
      expect(env.emulator.writeCalls()).to.deep.equal([]);

      const one = succeeded(await diffBackup(join('.sharing-backups', 'kept-20261202T090000Z.sharingSet-meta.xml')));
      expect(one.json.result.diff.changed.map((change) => change.fullName)).to.deep.equal(
        inOrg?.description === undefined && (inOrg?.accessMappings.length ?? 0) === 1 ? [] : ['Case_Sharing']
      );
      expect(one.json.result.backups?.map((backup) => backup.fullName)).to.deep.equal(['Case_Sharing']);
    });

    it('compares the backup a delete saved with the org: the set would be created again', async () => {
      const deleted = await env.run(['sharing', 'set', 'delete', '-o', env.alias, '-n', 'Asset_Sharing', '--no-prompt'], {
        cwd: env.work,
      });
      expect(deleted.code, deleted.stderr).to.equal(0);
      const [file] = await readdir(join(env.work, '.sharing-backups'));
      expect(await readFile(join(env.work, '.sharing-backups', file), 'utf8')).to.contain(
        '<fullName>Asset_Sharing</fullName>'
      );
      const run = succeeded(await diffBackup('.sharing-backups'));
      expect(run.code).to.equal(3);
      expect(run.json.result.diff.onlyInSource.map((set) => set.fullName)).to.deep.equal(['Asset_Sharing']);
      // Restore it, as the delete's message says, and the backup then matches the org.
      const restored = await env.run(
        ['sharing', 'set', 'create', '-o', env.alias, '--definition-file', join('.sharing-backups', file)],
        { cwd: env.work }
      );
      expect(restored.code, restored.stderr).to.equal(0);
      expect(succeeded(await diffBackup('.sharing-backups')).code).to.equal(0);
    });

    it('refuses a folder without backups, and a broken backup, naming it', async () => {
      await mkdir(join(env.work, 'empty'));
      const none = failed(await diffBackup('empty'));
      expect(none.code).to.equal(1);
      expect(none.json.name).to.equal('NoBackupsError');
      await writeFile(join(env.work, 'Case_Sharing-20261201T090000Z.sharingSet-meta.xml'), '<SharingSet>');
      const broken = failed(await diffBackup('Case_Sharing-20261201T090000Z.sharingSet-meta.xml'));
      expect(broken.json.name).to.equal('SourceProblemsError');
      expect(broken.json.message).to.contain('Case_Sharing-20261201T090000Z.sharingSet-meta.xml');
    });
  });

  it('create --definition-file given a folder says to pass one file (exit 2), and sends nothing', async () => {
    await mkdir(join(env.work, 'src', 'sharingSets'), { recursive: true });
    const run = failed(
      await env.run(['sharing', 'set', 'create', '-o', env.alias, '--definition-file', 'src', '--json'], {
        cwd: env.work,
      })
    );
    expect(run.code).to.equal(2);
    expect(run.json.name).to.equal('DefinitionIsFolderError');
    expect(run.json.actions.join('\n')).to.contain('--definition-file src/sharingSets/<ApiName>.sharingSet-meta.xml');
    expect(run.json.actions.join('\n')).to.contain('--source-dir src');
    expect(env.emulator.log).to.deep.equal([]);
  });
});
