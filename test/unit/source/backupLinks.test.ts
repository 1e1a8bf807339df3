import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { OutputPathError } from '../../../src/io/files.js';
import { backupSharingSet, writeSharingSetFile } from '../../../src/source/files.js';
import type { SharingSet } from '../../../src/model/types.js';
import { withTempDir } from '../../helpers/tmp.js';

const SET: SharingSet = {
  fullName: 'Case_Sharing',
  label: 'Case Sharing',
  profiles: ['Customer Community User'],
  accessMappings: [{ accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' }],
};

async function refusal(promise: Promise<unknown>): Promise<OutputPathError> {
  try {
    await promise;
  } catch (error) {
    return error as OutputPathError;
  }
  throw new Error('expected a refusal');
}

describe('backups never copy what a link points at', () => {
  it('a project file that is a symbolic link is not replaced, and its target never reaches a backup', () =>
    withTempDir(async (dir) => {
      await writeFile(join(dir, 'secret.txt'), 'SECRET CONTENT');
      await mkdir(join(dir, 'project', 'sharingSets'), { recursive: true });
      await symlink(join(dir, 'secret.txt'), join(dir, 'project', 'sharingSets', 'Case_Sharing.sharingSet-meta.xml'));
      const backups = join(dir, 'backups');
      const error = await refusal(
        writeSharingSetFile(join(dir, 'project'), SET, { overwrite: true, backupDir: backups })
      );
      expect(error).to.be.instanceOf(OutputPathError);
      expect(error.reason).to.contain('symbolic link');
      const written = await readdir(backups).catch(() => []);
      const contents = await Promise.all(written.map((file) => readFile(join(backups, file), 'utf8')));
      for (const content of contents) expect(content).to.not.contain('SECRET');
      expect(await readFile(join(dir, 'secret.txt'), 'utf8')).to.equal('SECRET CONTENT');
    }));

  it('a default .sharing-backups that is a symbolic link is not written through', () =>
    withTempDir(async (dir) => {
      const cwd = process.cwd();
      await mkdir(join(dir, 'elsewhere'));
      await symlink(join(dir, 'elsewhere'), join(dir, '.sharing-backups'));
      process.chdir(dir);
      try {
        const error = await refusal(backupSharingSet(SET));
        expect(error.reason).to.contain('symbolic link');
        expect(await readdir(join(dir, 'elsewhere'))).to.deep.equal([]);
      } finally {
        process.chdir(cwd);
      }
    }));
});
