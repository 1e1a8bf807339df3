import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { writeSharingSetFile } from '../../../src/source/files.js';
import { loadSourceSnapshot } from '../../../src/source/snapshot.js';
import { STANDARD_OBJECTS } from '../../../src/source/standardObjects.js';
import { withTempDir } from '../../helpers/e2e.js';

async function put(path: string, text: string): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, text);
}

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const field = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<CustomField ${NS}>\n${body}\n</CustomField>\n`;

describe('source snapshot: broken and hostile files', () => {
  it('lists every unusable profile, object and field file instead of throwing or guessing', () =>
    withTempDir(async (dir) => {
      const lol = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('\n');
      await put(
        join(dir, 'objects/Evil__c/Evil__c.object-meta.xml'),
        `<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY l0 "lol">\n${lol}]>\n<CustomObject ${NS}><label>&l9;</label></CustomObject>`
      );
      await put(join(dir, 'objects/Evil__c/fields/Broken__c.field-meta.xml'), field('<type>Lookup</type><referenceTo>Account</wrong>'));
      await put(join(dir, 'objects/Evil__c/fields/Deep__c.field-meta.xml'), `<CustomField>${'<a>'.repeat(100_000)}</CustomField>`);
      await put(join(dir, 'objects/Evil__c/fields/Wrong__c.field-meta.xml'), `<CustomObject ${NS}/>`);
      await put(join(dir, 'profiles/Bad%ZZ.profile-meta.xml'), `<Profile ${NS}><userLicense>x</userLicense></Profile>`);
      await put(join(dir, 'profiles/Latin.profile-meta.xml'), '<Profile>\xff</Profile>');
      await writeFile(join(dir, 'profiles/Latin.profile-meta.xml'), Buffer.from([0x3c, 0x50, 0x3e, 0xff, 0xfe]));
      const started = performance.now();
      const { snapshot, problems } = await loadSourceSnapshot(dir);
      expect(performance.now() - started).to.be.below(2000);
      const byFile = Object.fromEntries(problems.map((p) => [p.file.split(/[\\/]/).pop(), p.code]));
      expect(byFile).to.deep.equal({
        'Evil__c.object-meta.xml': 'doctype',
        'Broken__c.field-meta.xml': 'malformed-xml',
        'Deep__c.field-meta.xml': 'too-deep',
        'Wrong__c.field-meta.xml': 'wrong-root',
        'Bad%ZZ.profile-meta.xml': 'invalid-name',
        'Latin.profile-meta.xml': 'not-utf8',
      });
      expect(snapshot.objects.Evil__c).to.equal(undefined);
      expect(snapshot.profiles).to.deep.equal([]);
      expect(snapshot.coverage.profiles).to.equal('partial');
    }));
});

describe('source snapshot: fields as describe reports them', () => {
  it('reads hierarchy, namespaced and master-detail fields, and adds Id and OwnerId to custom objects', () =>
    withTempDir(async (dir) => {
      await put(
        join(dir, 'objects/Deal__c/Deal__c.object-meta.xml'),
        `<CustomObject ${NS}><sharingModel>Private</sharingModel><externalSharingModel>Private</externalSharingModel></CustomObject>`
      );
      await put(
        join(dir, 'objects/Deal__c/fields/acme__Partner__c.field-meta.xml'),
        field('<referenceTo>Account</referenceTo><relationshipName>Partner</relationshipName><type>Lookup</type>')
      );
      await put(join(dir, 'objects/Deal__c/fields/Approver__c.field-meta.xml'), field('<type>Hierarchy</type><relationshipName>Approver</relationshipName>'));
      await put(
        join(dir, 'objects/Line__c/Line__c.object-meta.xml'),
        `<CustomObject ${NS}><sharingModel>ControlledByParent</sharingModel></CustomObject>`
      );
      await put(
        join(dir, 'objects/Line__c/fields/Deal__c.field-meta.xml'),
        field('<referenceTo>Deal__c</referenceTo><relationshipName>Lines</relationshipName><type>MasterDetail</type>')
      );
      // A retrieved standard field file carries no referenceTo: it must not hide the table's entry.
      await put(join(dir, 'objects/Case/fields/AccountId.field-meta.xml'), field('<fullName>AccountId</fullName><type>Lookup</type>'));
      const { snapshot, problems } = await loadSourceSnapshot(dir);
      expect(problems).to.deep.equal([]);
      expect(snapshot.coverage.profiles).to.equal('none');
      const deal = snapshot.objects.Deal__c.fields ?? [];
      const named = (name: string): unknown => deal.find((f) => f.name === name);
      expect(deal.map((f) => f.name).sort()).to.deep.equal(['Approver__c', 'Id', 'OwnerId', 'acme__Partner__c']);
      expect(named('OwnerId')).to.deep.equal({ name: 'OwnerId', type: 'reference', referenceTo: ['Group', 'User'], relationshipName: 'Owner' });
      expect(named('acme__Partner__c')).to.deep.include({ referenceTo: ['Account'], relationshipName: 'acme__Partner__r' });
      expect(named('Approver__c')).to.deep.include({ referenceTo: ['User'], relationshipName: 'Approver__r' });
      expect(snapshot.objects.Line__c.fields?.map((f) => f.name)).to.deep.equal(['Id', 'Deal__c']);
      expect(snapshot.objects.Case.fields?.find((f) => f.name === 'AccountId')).to.deep.include({ referenceTo: ['Account'] });
    }));

  it('reads a metadata-format folder: inline fields of .object files and .profile files', () =>
    withTempDir(async (dir) => {
      await put(join(dir, 'package.xml'), `<Package ${NS}><version>62.0</version></Package>`);
      await put(
        join(dir, 'objects/Invoice__c.object'),
        `<CustomObject ${NS}><fields><fullName>Account__c</fullName><referenceTo>Account</referenceTo><relationshipName>Invoices</relationshipName><type>Lookup</type></fields><sharingModel>Read</sharingModel></CustomObject>`
      );
      await put(join(dir, 'profiles/Custom%3A Partner.profile'), `<Profile ${NS}><userLicense>Partner Community</userLicense></Profile>`);
      const { snapshot, problems } = await loadSourceSnapshot(dir);
      expect(problems).to.deep.equal([]);
      expect(snapshot.objects.Invoice__c).to.deep.include({ internalSharingModel: 'Read' });
      expect(snapshot.objects.Invoice__c.fields?.find((f) => f.name === 'Account__c')?.relationshipName).to.equal('Invoices__r');
      expect(snapshot.profiles).to.deep.equal([{ name: 'Custom: Partner', licenseName: 'Partner Community' }]);
    }));
});

describe('safe writing: symbolic links', () => {
  it('refuses to write through a sharingSets link that leaves the target folder', () =>
    withTempDir(async (dir) => {
      await mkdir(join(dir, 'project'));
      await mkdir(join(dir, 'elsewhere'));
      await symlink(join(dir, 'elsewhere'), join(dir, 'project', 'sharingSets'));
      let caught: unknown;
      await writeSharingSetFile(join(dir, 'project'), {
        fullName: 'Linked',
        label: 'Linked',
        profiles: [],
        accessMappings: [],
      }).catch((error: unknown) => {
        caught = error;
      });
      expect((caught as Error)?.message).to.match(/symbolic link/);
    }));
});

describe('standard object table', () => {
  it('cites a page for every object and says how every lookup was checked', () => {
    for (const [name, entry] of Object.entries(STANDARD_OBJECTS)) {
      expect(entry.source, name).to.match(/^https:\/\/developer\.salesforce\.com\/docs\/.*object_reference.*\.htm$/);
      for (const lookup of entry.lookups) {
        expect(lookup.confirmed, `${name}.${lookup.name}`).to.equal(lookup.evidence !== 'unconfirmed');
        if (lookup.seen) expect(lookup.seen).to.match(/^https:\/\/developer\.salesforce\.com\//);
        expect(lookup.referenceTo.length, `${name}.${lookup.name}`).to.be.greaterThan(0);
      }
    }
  });

  it('holds the lookups sharing-set paths go through', () => {
    const rel = (object: string, fieldName: string): string | undefined =>
      STANDARD_OBJECTS[object].lookups.find((l) => l.name === fieldName)?.relationshipName;
    expect(rel('Case', 'AccountId')).to.equal('Account');
    expect(rel('Case', 'EntitlementId')).to.equal('Entitlement');
    expect(rel('Contact', 'ReportsToId')).to.equal('ReportsTo');
    expect(rel('User', 'ManagerId')).to.equal('Manager');
    expect(STANDARD_OBJECTS.Case.lookups.find((l) => l.name === 'OwnerId')?.referenceTo).to.deep.equal(['Group', 'User']);
  });
});
