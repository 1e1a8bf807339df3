import { expect } from 'chai';
import { runAudit } from '../../../src/audit/engine.js';
import { unverifiedRefs } from '../../../src/audit/unverified.js';
import type { Snapshot } from '../../../src/model/types.js';
import { CUSTOMER, EXOTIC, goodSnapshot, mapping, sharingSet } from './snapshotBuilder.js';

/** A project read without an org: Case's fields only partly known, some profiles, no Invoice__c. */
function project(profiles: Snapshot['profiles'], coverage: 'none' | 'partial'): Snapshot {
  const base = goodSnapshot();
  const objects: Snapshot['objects'] = { ...base.objects, Case: { ...base.objects.Case, fieldsPartial: true } };
  delete objects.Invoice__c;
  return {
    ...base,
    origin: { kind: 'source', sourceDir: '/project' },
    objects,
    profiles,
    coverage: { profiles: coverage, objects: 'partial', activeUsers: false },
    sharingSets: [
      sharingSet(
        'Gate',
        ['Customer Community User', 'Standard User', 'Ghost', 'Exotic User'],
        [
          mapping('Invoice__c', 'Account_Lookup__c', 'Account'),
          mapping('Case', 'Widget__r.Account', 'Account'),
          mapping('Case', 'Account', 'Account'),
        ],
        { file: 'Gate.sharingSet-meta.xml', line: 2, mappingLines: [3, 9, 15], profileLines: [21, 22, 23, 24] }
      ),
    ],
  };
}

const summary = (snapshot: Snapshot): string[] =>
  unverifiedRefs(snapshot).map((ref) => `${ref.kind} ${ref.name}: ${ref.reason}`);

describe('unverifiedRefs', () => {
  it('lists objects and paths the project cannot check, and every profile it does not hold', () => {
    expect(summary(project([], 'none'))).to.deep.equal([
      'object Invoice__c: object-not-in-project',
      'objectField Case.Widget__r.Account: not-confirmed',
      'profile Customer Community User: profile-not-read',
      'profile Standard User: profile-by-name',
      'profile Ghost: profile-not-read',
      'profile Exotic User: profile-not-read',
    ]);
  });

  it('lists profiles missing from a partial profile folder, and known profiles whose license is not known', () => {
    expect(summary(project([CUSTOMER, EXOTIC], 'partial')).filter((line) => line.startsWith('profile'))).to.deep.equal([
      'profile Standard User: profile-by-name',
      'profile Ghost: profile-not-in-project',
      'profile Exotic User: license-unknown',
    ]);
  });

  it('is empty for an org read in full (its findings say what is wrong)', () => {
    expect(unverifiedRefs(goodSnapshot())).to.deep.equal([]);
  });

  it('gives the engine file and line of each entry', () => {
    const [object] = runAudit(project([], 'none')).unverified;
    expect(object.location).to.deep.include({ file: 'Gate.sharingSet-meta.xml', line: 2 });
    const profile = runAudit(project([], 'none')).unverified.find((ref) => ref.name === 'Ghost');
    expect(profile?.location?.lineOfTarget).to.equal(23);
  });
});
