import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { OutputPathError, checkFolderPath, writeFileAtomic } from '../../../src/io/files.js';
import { checkSharingSetFileTarget } from '../../../src/source/index.js';
import { rejection as rejectionOf } from '../../helpers/promises.js';

const rejection = (promise: Promise<unknown>): Promise<OutputPathError> =>
  rejectionOf<OutputPathError>(promise, (error) => expect(error).to.be.instanceOf(OutputPathError));

describe('io/files: paths that cannot be written', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'plugin-sharing-io-'));
    await writeFile(join(dir, 'a-file'), 'x');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('checkFolderPath accepts a folder that exists or could, and names a file in the way', async () => {
    await checkFolderPath(dir);
    await checkFolderPath(join(dir, 'new', 'deeper'));
    const error = await rejection(checkFolderPath(join(dir, 'a-file', 'below')));
    expect(error.reason).to.contain('a part of the path is a file, not a folder').and.contain(join(dir, 'a-file'));
    // It creates nothing.
    expect(await readdir(dir)).to.deep.equal(['a-file']);
  });

  it('writeFileAtomic through a file: the reason, the user path, and no temporary file named', async () => {
    const target = join(dir, 'a-file', 'sub', 'report.sarif');
    const error = await rejection(writeFileAtomic(target, 'content'));
    // The folder that could not be made, on the user's own path.
    expect(error.path).to.equal(join(dir, 'a-file', 'sub'));
    expect(error.reason).to.match(/^a part of the path is a file, not a folder \(ENOTDIR\)$/);
    expect(error.message).to.not.contain('.tmp');
  });

  it('checkSharingSetFileTarget refuses what writeSharingSetFile would, writing nothing', async () => {
    await checkSharingSetFileTarget(join(dir, 'project'), 'Fine_Name', false);
    await writeFile(join(dir, 'blocked'), 'x');
    await mkdir(join(dir, 'blocked-project'));
    await writeFile(join(dir, 'blocked-project', 'sharingSets'), 'x');
    expect((await rejection(checkSharingSetFileTarget(join(dir, 'blocked-project'), 'A', false))).reason).to.contain(
      'a part of the path is a file'
    );
    await mkdir(join(dir, 'existing', 'sharingSets'), { recursive: true });
    await writeFile(join(dir, 'existing', 'sharingSets', 'A.sharingSet-meta.xml'), 'x');
    expect((await rejection(checkSharingSetFileTarget(join(dir, 'existing'), 'A', false))).reason).to.equal(
      'already exists'
    );
    await checkSharingSetFileTarget(join(dir, 'existing'), 'A', true);
    expect((await readdir(dir)).sort()).to.deep.equal(['a-file', 'blocked', 'blocked-project', 'existing']);
  });
});
