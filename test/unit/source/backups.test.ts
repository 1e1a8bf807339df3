import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { backupFileName, backupSharingSet, readBackups, serializeSharingSet } from '../../../src/source/index.js';
import type { SharingSet } from '../../../src/model/types.js';
import { withTempDir } from '../../helpers/tmp.js';

const set = (fullName: string, label: string): SharingSet => ({
  fullName,
  label,
  profiles: ['Customer Community User'],
  accessMappings: [{ accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' }],
});

describe('source/backups: backups mapped to their sets', () => {
  it('reads the set name and the save time from a backup file name', () => {
    expect(backupFileName('Case_Sharing-20261203T071000Z.sharingSet-meta.xml')).to.deep.equal({
      fullName: 'Case_Sharing',
      savedAt: '2026-12-03T07:10:00Z',
      sequence: 1,
    });
    expect(backupFileName('Case_Sharing-20261203T071000Z-3.sharingSet-meta.xml').sequence).to.equal(3);
    expect(backupFileName('Case_Sharing.sharingSet-meta.xml')).to.deep.equal({ fullName: 'Case_Sharing', sequence: 1 });
  });

  it('writes the API name inside a backup, and maps a renamed backup by it', () =>
    withTempDir(async (dir) => {
      const path = await backupSharingSet(set('Case_Sharing', 'Cases'), dir);
      expect(await readFile(path, 'utf8')).to.contain('    <fullName>Case_Sharing</fullName>\n    <accessMappings>');
      const renamed = join(dir, 'old-20261201T000000Z.sharingSet-meta.xml');
      await writeFile(renamed, await readFile(path, 'utf8'));
      const { backups, problems } = await readBackups(renamed);
      expect(problems).to.deep.equal([]);
      expect(backups.map((backup) => [backup.set.fullName, backup.savedAt])).to.deep.equal([
        ['Case_Sharing', '2026-12-01T00:00:00Z'],
      ]);
    }, 'plugin-sharing-backups-'));

  it('sorts a folder of backups by set then time, falls back to the file name, and lists broken files', () =>
    withTempDir(async (dir) => {
      await mkdir(join(dir, 'nested'));
      await writeFile(join(dir, 'B_Set-20261202T000000Z.sharingSet-meta.xml'), serializeSharingSet(set('B_Set', 'New')));
      await writeFile(join(dir, 'B_Set-20261201T000000Z.sharingSet-meta.xml'), serializeSharingSet(set('B_Set', 'Old')));
      await writeFile(join(dir, 'A_Set-20261203T000000Z.sharingSet-meta.xml'), '<SharingSet>');
      await writeFile(join(dir, 'notes.txt'), 'not a backup');
      const { backups, problems } = await readBackups(dir);
      expect(backups.map((backup) => backup.set.label)).to.deep.equal(['Old', 'New']);
      expect(problems.map((problem) => problem.file)).to.deep.equal([
        join(dir, 'A_Set-20261203T000000Z.sharingSet-meta.xml'),
      ]);
    }, 'plugin-sharing-backups-'));
});
