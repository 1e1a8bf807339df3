/**
 * Hostile data and hostile folders around the write commands (issue 21, "Nothing is written to the org until every
 * local write it implies is known to be possible"): an org value a backup file cannot hold (XML 1.0 has no form for
 * ESC or U+0001), a --output-dir whose sharingSets folder leads outside through a symbolic link, a folder that refuses
 * new files (/proc: the tests run as root, which chmod does not stop), a file standing where the backup folder should
 * be, a default backup folder that is a link. Each is refused before the first write request, with nothing written.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  cloneFixture,
  loadFixture,
  type Emulator,
  type Fixture,
  type FixtureSharingSet,
} from '../../emulator/index.js';
import { createOrgEnv, failed, makeTempDir, otherOrg, type OrgEnv } from '../../helpers/e2e.js';
import { fromFixture, writeProject } from '../../helpers/sharingSets.js';
import { removeDir } from '../../helpers/tmp.js';
import { serializeSharingSet } from '../../../src/source/index.js';

const ESC_LABEL = 'Cases \x1b[2J';
const CTL_DESCRIPTION = 'one\x01two';
const PROFILE = 'Customer Community User';
const MAPPING = 'Case.Account=Account';

const plainSet = (fullName: string): FixtureSharingSet => ({
  fullName,
  name: fullName.replace(/_/g, ' '),
  profiles: [PROFILE],
  accessMappings: [{ accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' }],
});

/** The demo org's sets made deployable, and two sets whose label or description a backup file cannot hold. */
function hostileOrg(): Fixture {
  const org = cloneFixture(loadFixture('demo'));
  org.sharingSets = [
    { ...plainSet('Esc_Label'), name: ESC_LABEL },
    { ...plainSet('Ctl_Description'), description: CTL_DESCRIPTION },
  ];
  return org;
}

describe('e2e reliability: hostile values and folders never let a write reach the org first', function () {
  this.timeout(180_000);
  let env: OrgEnv;
  let work: string;
  let initial: string;
  before(async () => {
    env = await createOrgEnv({ fixture: hostileOrg(), alias: 'target' });
    initial = JSON.stringify(env.emulator.state.sharingSets);
  });
  after(async () => env?.cleanup());
  beforeEach(async () => {
    env.emulator.clearLog();
    work = await makeTempDir('plugin-sharing-hostile-writes-');
  });
  afterEach(async () => removeDir(work));

  /** Nothing was sent that writes, and the org holds what it held. */
  const expectOrgUntouched = (): void => {
    expect(env.emulator.writeCalls()).to.deep.equal([]);
    expect(JSON.stringify(env.emulator.state.sharingSets)).to.equal(initial);
  };
  const entries = async (dir: string): Promise<string[]> => (existsSync(dir) ? readdir(dir, { recursive: true }) : []);
  /** `set deploy` to the org `alias`, without a prompt, in JSON. */
  const deploy = (alias: string, ...args: string[]): string[] => [
    'sharing',
    'set',
    'deploy',
    '-o',
    alias,
    '--no-prompt',
    '--json',
    ...args,
  ];
  const create = (...args: string[]): string[] => [
    'sharing',
    'set',
    'create',
    '-o',
    'target',
    '--profile',
    PROFILE,
    '--mapping',
    MAPPING,
    '--json',
    ...args,
  ];

  describe('an org value a backup file cannot hold', () => {
    const backupCases = [
      { what: 'set delete of a set whose label holds ESC', set: 'Esc_Label', char: '\\x1b', field: 'label' },
      {
        what: 'set delete of a set whose description holds U+0001',
        set: 'Ctl_Description',
        char: '\\x01',
        field: 'description',
      },
    ];
    // A dry run predicts the real run: it is refused the same way.
    for (const [{ what, set, char, field }, dryRun] of backupCases.flatMap(
      (c) =>
        [
          [c, []],
          [c, ['--dry-run']],
        ] as const
    )) {
      it(`${what}${
        dryRun.length ? ' (--dry-run)' : ''
      }: refused before any write, saying which value and to fix it in Setup`, async () => {
        const backups = join(work, 'backups');
        const result = failed(
          await env.run(
            [
              'sharing',
              'set',
              'delete',
              '-o',
              'target',
              '-n',
              set,
              '--no-prompt',
              '--backup-dir',
              backups,
              '--json',
              ...dryRun,
            ],
            { cwd: work }
          )
        );
        expect(result.code, result.stdout).to.equal(1);
        expect(result.json.name).to.equal('UnrepresentableOrgValueError');
        expect(result.json.message).to.contain(set).and.contain(field).and.contain(char);
        expect(result.json.actions.join('\n')).to.contain('Digital Experiences | Settings');
        expect(result.json.message).to.not.contain('\x1b').and.not.contain('\x01');
        expectOrgUntouched();
        expect(await entries(backups)).to.deep.equal([]);
      });
    }

    for (const dryRun of [[], ['--dry-run']]) {
      it(`set create --update${
        dryRun.length ? ' --dry-run' : ''
      } of a set whose label holds ESC: refused before any write`, async () => {
        const backups = join(work, 'backups');
        const result = failed(
          await env.run(create('-n', 'Esc_Label', '--update', '--backup-dir', backups, ...dryRun), { cwd: work })
        );
        expect(result.code, result.stdout).to.equal(1);
        expect(result.json.name).to.equal('UnrepresentableOrgValueError');
        expect(result.json.message).to.contain('Esc_Label').and.contain('\\x1b');
        expect(result.json.actions.join('\n')).to.contain('Digital Experiences | Settings');
        expectOrgUntouched();
        expect(await entries(backups)).to.deep.equal([]);
      });
    }

    for (const dryRun of [[], ['--dry-run']]) {
      it(`set deploy${
        dryRun.length ? ' --dry-run' : ''
      } replacing a set whose description holds U+0001: refused before the first write`, async () => {
        const project = await writeProject(join(work, 'project'), [
          plainSet('Esc_Label'),
          { ...plainSet('Ctl_Description'), description: 'clean' },
        ]);
        const backups = join(work, 'backups');
        const result = failed(
          await env.run(deploy('target', '--source-dir', project, '--backup-dir', backups, ...dryRun), { cwd: work })
        );
        expect(result.code, result.stdout).to.equal(1);
        expect(result.json.name).to.equal('UnrepresentableOrgValueError');
        expect(result.json.message).to.contain('\\x01');
        expect(result.json.actions.join('\n')).to.contain('Digital Experiences | Settings');
        expectOrgUntouched();
        expect(await entries(backups)).to.deep.equal([]);
      });
    }
  });

  describe('set create --output-dir: the project file is proven writable before the org is written', () => {
    it('sharingSets is a symbolic link leading outside --output-dir: refused, nothing written there or to the org', async () => {
      const outside = join(work, 'outside');
      const project = join(work, 'project');
      await mkdir(outside);
      await mkdir(project);
      await symlink(outside, join(project, 'sharingSets'));
      const result = failed(await env.run(create('-n', 'Linked_Out', '--output-dir', project), { cwd: work }));
      expect(result.code, result.stdout).to.equal(1);
      expect(result.json.message).to.contain('symbolic link');
      expectOrgUntouched();
      expect(await readdir(outside)).to.deep.equal([]);
    });

    it('--output-dir in a folder that refuses new files (/proc): refused, nothing written to the org', async () => {
      const result = failed(
        await env.run(create('-n', 'In_Proc', '--output-dir', `/proc/plugin-sharing-hostile-${process.pid}`), {
          cwd: work,
        })
      );
      expect(result.code, result.stdout).to.equal(1);
      expect(result.json.message).to.contain('/proc/plugin-sharing-hostile');
      expectOrgUntouched();
    });

    it('a description XML cannot hold (U+FFFF): a usage error, nothing written to the org or the disk', async () => {
      const project = join(work, 'project');
      const result = failed(
        await env.run(create('-n', 'Bad_Description', '--description', 'a\uFFFFb', '--output-dir', project), {
          cwd: work,
        })
      );
      expect(result.code, result.stdout).to.equal(2);
      expect(result.json.message).to.contain('description').and.contain('\\uffff');
      expectOrgUntouched();
      expect(await entries(project)).to.deep.equal([]);
    });

    it('--update replacing a project file, with a file where the backup folder should be: refused before the org is written', async () => {
      const project = join(work, 'project');
      await mkdir(join(project, 'sharingSets'), { recursive: true });
      await writeFile(
        join(project, 'sharingSets', 'New_Set.sharingSet-meta.xml'),
        serializeSharingSet(fromFixture(plainSet('New_Set')))
      );
      const blocked = join(work, 'not-a-folder');
      await writeFile(blocked, 'a file');
      const result = failed(
        await env.run(create('-n', 'New_Set', '--update', '--output-dir', project, '--backup-dir', blocked), {
          cwd: work,
        })
      );
      expect(result.code, result.stdout).to.equal(1);
      expect(result.json.message).to.contain('not-a-folder');
      expectOrgUntouched();
    });
  });

  describe('set deploy: the run folder for backups', () => {
    /** An org whose sets a backup can hold, so that only the folder is in question. */
    let clean: Emulator;
    let cleanInitial: string;
    before(async () => {
      const fixture = otherOrg('clean', loadFixture('demo'));
      fixture.sharingSets = [plainSet('Esc_Label'), { ...plainSet('Ctl_Description'), description: 'other' }];
      clean = await env.addOrg('clean', { fixture });
      cleanInitial = JSON.stringify(clean.state.sharingSets);
    });
    beforeEach(() => clean.clearLog());
    const expectCleanUntouched = (): void => {
      expect(clean.writeCalls()).to.deep.equal([]);
      expect(JSON.stringify(clean.state.sharingSets)).to.equal(cleanInitial);
    };

    it('a default .sharing-backups that is a symbolic link leading outside: refused before the first write', async () => {
      const outside = join(work, 'outside');
      await mkdir(outside);
      const project = await writeProject(join(work, 'project'), [
        { ...plainSet('Ctl_Description'), description: 'changed' },
        plainSet('Added_Set'),
      ]);
      await symlink(outside, join(project, '.sharing-backups'));
      const result = failed(await env.run(deploy('clean', '--source-dir', '.'), { cwd: project }));
      expect(result.code, result.stdout).to.equal(1);
      expect(result.json.message).to.contain('.sharing-backups').and.contain('symbolic link');
      expectCleanUntouched();
      expect(await entries(outside)).to.deep.equal([]);
    });

    it('a --backup-dir with a file in the way: refused before the first write', async () => {
      const project = await writeProject(join(work, 'project'), [
        { ...plainSet('Ctl_Description'), description: 'changed' },
      ]);
      const blocked = join(work, 'not-a-folder');
      await writeFile(blocked, 'a file');
      const result = failed(
        await env.run(deploy('clean', '--source-dir', project, '--backup-dir', blocked), { cwd: work })
      );
      expect(result.code, result.stdout).to.equal(1);
      expect(result.json.message).to.contain('not-a-folder');
      expectCleanUntouched();
    });
  });
});
