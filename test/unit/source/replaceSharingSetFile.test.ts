import { mkdtemp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { replaceSharingSetFile } from '../../../src/source/files.js';

const XML = (label: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<SharingSet xmlns="http://soap.sforce.com/2006/04/metadata">\n    <name>${label}</name>\n</SharingSet>\n`;

describe('replaceSharingSetFile (audit --fix)', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'plugin-sharing-replace-'));
    await mkdir(join(root, 'sharingSets'));
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));

  it('backs the old text up, then writes the new one', async () => {
    const file = join(root, 'sharingSets', 'A_Set.sharingSet-meta.xml');
    await writeFile(file, XML('old'));
    const { backup } = await replaceSharingSetFile(root, file, XML('new'), { backupDir: join(root, 'backups') });
    expect(await readFile(file, 'utf8')).to.equal(XML('new'));
    expect(await readFile(backup, 'utf8')).to.equal(XML('old'));
  });

  it('refuses a file that is a symbolic link, and one reached through a linked folder', async () => {
    const outside = join(root, 'outside.xml');
    await writeFile(outside, XML('old'));
    const link = join(root, 'sharingSets', 'A_Set.sharingSet-meta.xml');
    await symlink(outside, link);
    let error = await replaceSharingSetFile(root, link, XML('new'), { backupDir: join(root, 'b') }).catch((e: Error) => e);
    expect((error as Error).message).to.match(/symbolic link/);
    await mkdir(join(root, 'real'));
    await writeFile(join(root, 'real', 'B_Set.sharingSet-meta.xml'), XML('old'));
    await symlink(join(root, 'real'), join(root, 'linked'));
    error = await replaceSharingSetFile(root, join(root, 'linked', 'B_Set.sharingSet-meta.xml'), XML('new'), {
      backupDir: join(root, 'b'),
    }).catch((e: Error) => e);
    expect((error as Error).message).to.match(/symbolic link/);
    expect(await readFile(outside, 'utf8')).to.equal(XML('old'));
    expect(await readFile(join(root, 'real', 'B_Set.sharingSet-meta.xml'), 'utf8')).to.equal(XML('old'));
  });
});
