import { expect } from 'chai';
import { fixSet } from '../../../src/cli/audit/fix.js';
import type { SharingSet, Snapshot } from '../../../src/model/types.js';

const MAPPING = { accessLevel: 'Read' as const, object: 'Case', objectField: 'Account', userField: 'Account' };

function snapshot(profiles: Snapshot['profiles']): Snapshot {
  return {
    origin: { kind: 'source' },
    sharingSets: [],
    profiles,
    objects: {},
    coverage: { profiles: 'partial', objects: 'partial', activeUsers: false },
  };
}

function set(change: Partial<SharingSet>): SharingSet {
  return { fullName: 'A_Set', label: 'A', profiles: ['Customer Community User'], accessMappings: [MAPPING], ...change };
}

describe('audit --fix: fixSet', () => {
  it('drops identical copies of mappings and profiles, keeping variants for a person to decide', () => {
    const edit = { ...MAPPING, accessLevel: 'Edit' as const };
    const { fixed, changes } = fixSet(
      set({
        accessMappings: [MAPPING, MAPPING, edit],
        profiles: ['Customer Community User', 'Customer Community User', 'customer community user'],
      }),
      snapshot([])
    );
    expect(fixed.accessMappings).to.deep.equal([MAPPING, edit]);
    expect(fixed.profiles).to.deep.equal(['Customer Community User', 'customer community user']);
    expect(changes).to.have.length(2);
  });

  it('removes internal and guest profiles only when their classification is high confidence', () => {
    const { fixed, changes } = fixSet(
      set({ profiles: ['Customer Community User', 'Custom Sales', 'Site Guest', 'Old Guest', 'System Administrator'] }),
      snapshot([
        { name: 'Customer Community User', licenseName: 'Customer Community' },
        { name: 'Custom Sales', licenseName: 'Salesforce' },
        { name: 'Site Guest', userType: 'Guest', licenseName: 'Guest' },
        // "Guest User License" is a secondary-source name (medium): left alone.
        { name: 'Old Guest', licenseName: 'Guest User License' },
      ])
    );
    expect(fixed.profiles).to.deep.equal(['Customer Community User', 'Old Guest', 'System Administrator']);
    expect(changes.join('\n')).to.match(/"Custom Sales"/).and.to.match(/"Site Guest"/);
  });

  it('changes nothing on a set as retrieved files look', () => {
    expect(fixSet(set({}), snapshot([])).changes).to.deep.equal([]);
  });
});
