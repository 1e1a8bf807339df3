import { execFileSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { OutputPathError, readRegularFile } from '../../../src/io/files.js';
import { findProjectFiles, ProjectError, type ListFolder } from '../../../src/source/project.js';
import { withTempDir } from '../../helpers/tmp.js';

const PROJECT = JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }] });

async function refusal(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a refusal');
}

describe('reading guards: hostile files and projects', () => {
  it('refuses a FIFO at once (no writer: a plain open would wait forever)', () =>
    withTempDir(async (dir) => {
      const fifo = join(dir, 'pipe');
      execFileSync('mkfifo', [fifo]);
      const started = Date.now();
      const error = await refusal(readRegularFile(fifo, 1024));
      expect(Date.now() - started).to.be.below(2000);
      expect(error).to.be.instanceOf(OutputPathError);
      expect((error as OutputPathError).reason).to.contain('not a regular file');
    }));

  it('refuses a device (/dev/zero) and a folder', async () => {
    expect(((await refusal(readRegularFile('/dev/zero', 1024))) as OutputPathError).reason).to.contain(
      'not a regular file'
    );
    await withTempDir(async (dir) => {
      expect(((await refusal(readRegularFile(dir, 1024))) as OutputPathError).reason).to.contain('folder');
    });
  });

  it('refuses a file over the bound before reading it, and reads one within it', () =>
    withTempDir(async (dir) => {
      const file = join(dir, 'big');
      await writeFile(file, 'x'.repeat(2048));
      expect(((await refusal(readRegularFile(file, 1024))) as OutputPathError).reason).to.contain('2048 bytes');
      expect((await readRegularFile(file, 4096)).length).to.equal(2048);
    }));

  it('sfdx-project.json as a FIFO: a project error at once', () =>
    withTempDir(async (dir) => {
      execFileSync('mkfifo', [join(dir, 'sfdx-project.json')]);
      const error = await refusal(findProjectFiles(dir));
      expect(error).to.be.instanceOf(ProjectError);
      expect(error.message).to.contain('not a regular file');
    }));

  it('sfdx-project.json linked outside the project (/etc/passwd): refused, its content never quoted', () =>
    withTempDir(async (dir) => {
      await symlink('/etc/passwd', join(dir, 'sfdx-project.json'));
      const error = await refusal(findProjectFiles(dir));
      expect(error).to.be.instanceOf(ProjectError);
      expect(error.message).to.contain('outside the project');
      expect(error.message).to.not.contain('root');
    }));

  it('sfdx-project.json linked to /dev/zero: refused at once', () =>
    withTempDir(async (dir) => {
      await symlink('/dev/zero', join(dir, 'sfdx-project.json'));
      const error = await refusal(findProjectFiles(dir));
      expect(error).to.be.instanceOf(ProjectError);
    }));

  it('invalid JSON is reported by position, without quoting the text', () =>
    withTempDir(async (dir) => {
      await writeFile(join(dir, 'sfdx-project.json'), 'secret-token-value');
      const error = await refusal(findProjectFiles(dir));
      expect(error.message).to.contain('not valid JSON').and.not.contain('secret-token');
    }));

  for (const target of ['../outside', '/']) {
    it(`a package directory linked out of the project (force-app -> ${target}) is refused, nothing outside is listed`, () =>
      withTempDir(async (dir) => {
        const project = join(dir, 'project');
        await mkdir(join(dir, 'outside', 'sharingSets'), { recursive: true });
        await writeFile(join(dir, 'outside', 'sharingSets', 'Outside.sharingSet-meta.xml'), '<SharingSet/>');
        await mkdir(project);
        await writeFile(join(project, 'sfdx-project.json'), PROJECT);
        await symlink(target, join(project, 'force-app'));
        const error = await refusal(findProjectFiles(project));
        expect(error).to.be.instanceOf(ProjectError);
        expect(error.message).to.contain('leads outside the project through a symbolic link');
      }));
  }

  it('a package directory linked within the project is followed', () =>
    withTempDir(async (dir) => {
      await mkdir(join(dir, 'real', 'sharingSets'), { recursive: true });
      await writeFile(join(dir, 'real', 'sharingSets', 'A.sharingSet-meta.xml'), '<SharingSet/>');
      await writeFile(join(dir, 'sfdx-project.json'), PROJECT);
      await symlink('real', join(dir, 'force-app'));
      const files = await findProjectFiles(dir);
      expect(files.sharingSets.map((f) => f.slice(dir.length))).to.deep.equal([
        '/force-app/sharingSets/A.sharingSet-meta.xml',
      ]);
    }));

  // Tests run as root, where chmod 000 denies nothing: the folder listing is injected to fail with EACCES.
  it('an unreadable folder (EACCES) is reported as a problem, the rest is still read', () =>
    withTempDir(async (dir) => {
      await mkdir(join(dir, 'force-app', 'locked'), { recursive: true });
      await mkdir(join(dir, 'force-app', 'sharingSets'), { recursive: true });
      await writeFile(join(dir, 'force-app', 'sharingSets', 'A.sharingSet-meta.xml'), '<SharingSet/>');
      await writeFile(join(dir, 'sfdx-project.json'), PROJECT);
      const { readdir } = await import('node:fs/promises');
      const listing: ListFolder = async (folder) => {
        if (folder.endsWith('locked')) {
          throw Object.assign(new Error(`EACCES: permission denied, scandir '${folder}'`), { code: 'EACCES' });
        }
        return readdir(folder, { withFileTypes: true });
      };
      const files = await findProjectFiles(dir, listing);
      expect(files.sharingSets).to.have.length(1);
      expect(files.unreadableFolders).to.deep.equal([
        { folder: join(dir, 'force-app', 'locked'), reason: 'permission denied (EACCES)' },
      ]);
    }));
});
