import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { SharingSet } from '../../../src/model/types.js';
import { serializeSharingSet } from '../../../src/source/sharingSetXml.js';
import { backupSharingSet, writeSharingSetFile } from '../../../src/source/files.js';
import { ProjectError } from '../../../src/source/project.js';
import { loadProjectSharingSets, loadSourceSnapshot } from '../../../src/source/snapshot.js';
import { pluginRoot, withTempDir } from '../../helpers/e2e.js';

const set = (fullName: string, label = fullName): SharingSet => ({
  fullName,
  label,
  profiles: ['Customer Community User'],
  accessMappings: [{ accessLevel: 'Read' as const, object: 'Case', objectField: 'Account', userField: 'Account' }],
});

async function put(path: string, text: string): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, text);
}

describe('source projects', () => {
  it('reads sharing sets from every package directory of sfdx-project.json', () =>
    withTempDir(async (dir) => {
      await put(
        join(dir, 'sfdx-project.json'),
        JSON.stringify({ packageDirectories: [{ path: 'app-one' }, { path: 'pkg/two' }] })
      );
      await put(join(dir, 'app-one/main/default/sharingSets/One.sharingSet-meta.xml'), serializeSharingSet(set('One')));
      await put(join(dir, 'pkg/two/sharingSets/Two.sharingSet-meta.xml'), serializeSharingSet(set('Two')));
      await put(join(dir, 'elsewhere/sharingSets/Ignored.sharingSet-meta.xml'), serializeSharingSet(set('Ignored')));
      await put(join(dir, 'app-one/node_modules/x/sharingSets/Nm.sharingSet-meta.xml'), serializeSharingSet(set('Nm')));
      const { sharingSets, problems } = await loadProjectSharingSets(dir);
      expect(sharingSets.map((s) => s.fullName)).to.deep.equal(['One', 'Two']);
      expect(problems).to.deep.equal([]);
    }));

  it('reads a metadata-format folder (no sfdx-project.json)', () =>
    withTempDir(async (dir) => {
      await put(join(dir, 'sharingSets/Mdapi_Set.sharingSet'), serializeSharingSet(set('Mdapi_Set')));
      const { sharingSets } = await loadProjectSharingSets(dir);
      expect(sharingSets.map((s) => s.fullName)).to.deep.equal(['Mdapi_Set']);
    }));

  it('lists every broken file and every duplicate at once', () =>
    withTempDir(async (dir) => {
      await put(join(dir, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'a' }, { path: 'b' }] }));
      await put(join(dir, 'a/sharingSets/Same.sharingSet-meta.xml'), serializeSharingSet(set('Same')));
      await put(join(dir, 'b/sharingSets/Same.sharingSet-meta.xml'), serializeSharingSet(set('Same', 'Other')));
      await put(join(dir, 'a/sharingSets/Broken.sharingSet-meta.xml'), '<SharingSet><name>x</nam></SharingSet>');
      await put(
        join(dir, 'b/sharingSets/Labelled.sharingSet-meta.xml'),
        serializeSharingSet(set('Labelled')).replace('<name>', '<label>x</label><name>')
      );
      const { sharingSets, problems } = await loadProjectSharingSets(dir);
      expect(sharingSets.map((s) => s.fullName)).to.deep.equal(['Same']);
      expect(problems.map((p) => p.message)).to.have.length(3);
      expect(
        problems.some((p) => p.message.includes('malformed') && p.file.endsWith('Broken.sharingSet-meta.xml'))
      ).to.equal(true);
      expect(problems.some((p) => p.message.includes('<label>'))).to.equal(true);
      expect(problems.some((p) => p.message.includes('also defined in'))).to.equal(true);
    }));

  it('explains a broken sfdx-project.json', () =>
    withTempDir(async (dir) => {
      await put(join(dir, 'sfdx-project.json'), '{ not json');
      let caught: unknown;
      await loadProjectSharingSets(dir).catch((error: unknown) => {
        caught = error;
      });
      expect(caught).to.be.instanceOf(ProjectError);
      await put(join(dir, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: '../outside' }] }));
      caught = undefined;
      await loadProjectSharingSets(dir).catch((error: unknown) => {
        caught = error;
      });
      expect((caught as Error).message).to.match(/outside the project/);
    }));

  // Found by the readers' fuzzing (npm run fuzz -- --seed 42): these crashed with a TypeError (exit 10).
  for (const text of [
    'null',
    '[]',
    '"force-app"',
    '{"packageDirectories":"force-app"}',
    '{"packageDirectories":[null, 3]}',
  ]) {
    it(`sfdx-project.json holding ${text}: a ProjectError naming the file, not a TypeError`, () =>
      withTempDir(async (dir) => {
        await put(join(dir, 'sfdx-project.json'), text);
        const caught = await loadSourceSnapshot(dir).then(
          () => undefined,
          (error: unknown) => error
        );
        expect(caught).to.be.instanceOf(ProjectError);
        expect((caught as ProjectError).file).to.equal(join(dir, 'sfdx-project.json'));
        expect((caught as Error).message).to.match(/packageDirectories/);
      }));
  }

  it('builds a snapshot of the sample project: sets with locations, profiles with licenses, objects with fields', async () => {
    const { snapshot, problems } = await loadSourceSnapshot(join(pluginRoot, 'test/fixtures/projects/ursa-major'));
    expect(problems).to.deep.equal([]);
    expect(snapshot.origin.kind).to.equal('source');
    expect(snapshot.coverage).to.deep.equal({ profiles: 'partial', objects: 'partial', activeUsers: false });
    expect(snapshot.sharingSets.map((s) => s.fullName)).to.deep.equal([
      'Case_Sharing',
      'Installer_Edit',
      'Solar_Panel_Sharing',
    ]);
    expect(snapshot.sharingSets[0].location?.file).to.match(/sharingSets\/Case_Sharing\.sharingSet-meta\.xml$/);
    expect(snapshot.profiles.find((p) => p.name === 'Standard User')).to.deep.equal({
      name: 'Standard User',
      licenseName: 'Salesforce',
    });
    const panel = snapshot.objects.Solar_Panel__c;
    expect(panel).to.include({ internalSharingModel: 'Private', externalSharingModel: 'Private' });
    expect(panel.fields?.find((f) => f.name === 'Account__c')).to.deep.equal({
      name: 'Account__c',
      type: 'reference',
      referenceTo: ['Account'],
      relationshipName: 'Solar_Panels__r',
    });
    expect(snapshot.objects.Case.fields?.find((f) => f.relationshipName === 'Entitlement')?.referenceTo).to.deep.equal([
      'Entitlement',
    ]);
    expect(snapshot.objects.Case.externalSharingModel).to.equal(undefined);
  });

  describe('writing files', () => {
    it('never overwrites without being asked, backs up what it replaces, and verifies what it wrote', () =>
      withTempDir(async (dir) => {
        const first = await writeSharingSetFile(dir, set('Safe_Set', 'First'));
        expect(first.path).to.equal(join(dir, 'sharingSets', 'Safe_Set.sharingSet-meta.xml'));
        let caught: unknown;
        await writeSharingSetFile(dir, set('Safe_Set', 'Second')).catch((error: unknown) => {
          caught = error;
        });
        expect((caught as Error).message).to.match(/already exists/);
        expect(await readFile(first.path, 'utf8')).to.contain('<name>First</name>');
        const second = await writeSharingSetFile(dir, set('Safe_Set', 'Second'), {
          overwrite: true,
          backupDir: join(dir, 'bk'),
        });
        expect(await readFile(second.backup as string, 'utf8')).to.contain('<name>First</name>');
        expect(await readFile(second.path, 'utf8')).to.contain('<name>Second</name>');
        expect((await readdir(join(dir, 'sharingSets'))).filter((f) => f.endsWith('.tmp'))).to.deep.equal([]);
      }));

    it('refuses names that would leave the folder', () =>
      withTempDir(async (dir) => {
        for (const name of ['../escape', 'a/b', 'a__b']) {
          let caught: unknown;
          // eslint-disable-next-line no-await-in-loop
          await writeSharingSetFile(dir, set(name)).catch((error: unknown) => {
            caught = error;
          });
          expect(caught, name).to.be.instanceOf(Error);
        }
        expect(await readdir(dir)).to.deep.equal([]);
      }));

    it('writes timestamped backups that never overwrite each other', () =>
      withTempDir(async (dir) => {
        const paths = await Promise.all([1, 2, 3].map(() => backupSharingSet(set('Backed_Up'), dir)));
        expect(new Set(paths).size).to.equal(3);
        for (const path of paths) expect(path).to.match(/Backed_Up-\d{8}T\d{6}Z(-\d+)?\.sharingSet-meta\.xml$/);
      }));
  });
});
