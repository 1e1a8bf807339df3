import { expect } from 'chai';
import type { SharingSet } from '../../../src/model/types.js';
import { diffSharingSets } from '../../../src/diff/diff.js';

function set(fullName: string, extra: Partial<SharingSet> = {}): SharingSet {
  return {
    fullName,
    label: fullName.replace(/_/g, ' '),
    profiles: ['Customer Community User'],
    accessMappings: [{ accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' }],
    ...extra,
  };
}

describe('diffSharingSets', () => {
  it('finds no drift between equal sides', () => {
    const diff = diffSharingSets([set('A'), set('B')], [set('B'), set('A')]);
    expect(diff.hasDrift).to.equal(false);
    expect(diff.unchanged).to.deep.equal(['A', 'B']);
    expect(diff.changed).to.deep.equal([]);
    expect(diff.summary).to.include({ target: 2, source: 2, unchanged: 2, changed: 0 });
  });

  it('reports sets only in the source (would be created) and only in the target org', () => {
    const diff = diffSharingSets([set('Old'), set('Both')], [set('Both'), set('New')]);
    expect(diff.onlyInSource.map((s) => s.fullName)).to.deep.equal(['New']);
    expect(diff.onlyInTarget.map((s) => s.fullName)).to.deep.equal(['Old']);
    expect(diff.onlyInSource[0]).to.not.have.property('location');
    expect(diff.summary).to.include({ onlyInSource: 1, onlyInTarget: 1, unchanged: 1 });
    expect(diff.hasDrift).to.equal(true);
  });

  it('reports profiles in one side only, keeping the original spelling', () => {
    const diff = diffSharingSets(
      [set('A', { profiles: ['Customer Community User', 'Partner Community User'] })],
      [set('A', { profiles: ['customer community user', 'Customer Community Plus User'] })]
    );
    expect(diff.changed).to.have.length(1);
    expect(diff.changed[0].profilesInSourceOnly).to.deep.equal(['Customer Community Plus User']);
    expect(diff.changed[0].profilesInTargetOnly).to.deep.equal(['Partner Community User']);
    expect(diff.summary.profileChanges).to.equal(2);
  });

  it('does not report a case-only profile change, profile order or duplicates', () => {
    const diff = diffSharingSets(
      [set('A', { profiles: ['B Profile', 'A Profile'] })],
      [set('A', { profiles: [' a profile ', 'b PROFILE', 'B Profile'] })]
    );
    expect(diff.hasDrift).to.equal(false);
  });

  it('reports mappings in one side only and access level changes separately', () => {
    const diff = diffSharingSets(
      [
        set('A', {
          accessMappings: [
            { accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' },
            { accessLevel: 'Read', object: 'Contact', objectField: 'Id', userField: 'Contact' },
          ],
        }),
      ],
      [
        set('A', {
          accessMappings: [
            { accessLevel: 'Edit', object: 'Case', objectField: 'Account', userField: 'Account' },
            { accessLevel: 'Read', object: 'Order', objectField: 'Account', userField: 'Account' },
          ],
        }),
      ]
    );
    const change = diff.changed[0];
    expect(change.mappingsInSourceOnly).to.deep.equal([
      { accessLevel: 'Read', object: 'Order', objectField: 'Account', userField: 'Account' },
    ]);
    expect(change.mappingsInTargetOnly).to.deep.equal([
      { accessLevel: 'Read', object: 'Contact', objectField: 'Id', userField: 'Contact' },
    ]);
    expect(change.accessLevelChanges).to.deep.equal([
      { object: 'Case', objectField: 'Account', userField: 'Account', target: 'Read', source: 'Edit' },
    ]);
    expect(diff.summary).to.include({ mappingChanges: 2, accessLevelChanges: 1 });
  });

  it('ignores mapping order, field case and surrounding whitespace', () => {
    const target = set('A', {
      accessMappings: [
        { accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' },
        { accessLevel: 'Edit', object: 'Contact', objectField: 'Id', userField: 'Contact' },
      ],
    });
    const source = set('A', {
      accessMappings: [
        { accessLevel: 'Edit', object: ' contact', objectField: 'ID', userField: 'contact ' },
        { accessLevel: 'Read', object: 'CASE', objectField: 'account', userField: 'Account' },
      ],
    });
    expect(diffSharingSets([target], [source]).hasDrift).to.equal(false);
  });

  it('keeps the wider level when one side lists the same mapping twice', () => {
    const mapping = { object: 'Case', objectField: 'Account', userField: 'Account' };
    const diff = diffSharingSets(
      [set('A', { accessMappings: [{ ...mapping, accessLevel: 'Edit' }] })],
      [
        set('A', {
          accessMappings: [
            { ...mapping, accessLevel: 'Read' },
            { ...mapping, accessLevel: 'Edit' },
          ],
        }),
      ]
    );
    expect(diff.hasDrift).to.equal(false);
  });

  it('reports label and description changes; trims, treats blank as absent, keeps inner whitespace', () => {
    const diff = diffSharingSets(
      [set('A', { label: 'Share cases', description: 'Cases  of the account' }), set('B', { description: '  ' })],
      [set('A', { label: ' Share cases with users ', description: 'Cases of the account' }), set('B')]
    );
    expect(diff.changed.map((c) => c.fullName)).to.deep.equal(['A']);
    expect(diff.changed[0].label).to.deep.equal({ target: 'Share cases', source: 'Share cases with users' });
    expect(diff.changed[0].description).to.deep.equal({
      target: 'Cases  of the account',
      source: 'Cases of the account',
    });
  });

  it('reports a description added on one side with the other side absent', () => {
    const diff = diffSharingSets([set('A')], [set('A', { description: 'New text' })]);
    expect(diff.changed[0].description).to.deep.equal({ source: 'New text' });
    expect(diff.changed[0]).to.not.have.property('label');
  });

  it('keys sets on fullName case-insensitively and keeps the source spelling for display', () => {
    const diff = diffSharingSets([set('Share_Cases')], [set('share_cases', { label: 'Share Cases' })]);
    expect(diff.onlyInSource).to.deep.equal([]);
    expect(diff.onlyInTarget).to.deep.equal([]);
    expect(diff.hasDrift).to.equal(false);
    const labelled = diffSharingSets([set('Share_Cases')], [set('share_cases', { label: 'Other' })]);
    expect(labelled.changed[0]).to.include({ fullName: 'Share_Cases', sourceFullName: 'share_cases' });
  });

  it('ignores source locations', () => {
    const diff = diffSharingSets([set('A')], [set('A', { location: { file: 'x.sharingSet-meta.xml', line: 2 } })]);
    expect(diff.hasDrift).to.equal(false);
  });

  it('filters by names, case-insensitively, and lists names found on neither side', () => {
    const diff = diffSharingSets([set('A'), set('B'), set('C')], [set('B', { label: 'x' }), set('D')], {
      names: ['b', 'D', 'missing', 'MISSING'],
    });
    expect(diff.changed.map((c) => c.fullName)).to.deep.equal(['B']);
    expect(diff.onlyInSource.map((s) => s.fullName)).to.deep.equal(['D']);
    expect(diff.onlyInTarget).to.deep.equal([]);
    expect(diff.notFound).to.deep.equal(['missing']);
    expect(diff.summary).to.include({ target: 1, source: 2 });
  });

  it('returns every array in a stable order whatever the input order', () => {
    const target = [set('b'), set('C'), set('a', { profiles: ['Z', 'y', 'X'] })];
    const source = [set('a', { profiles: ['w'] }), set('D'), set('e'), set('c')];
    const one = diffSharingSets(target, source);
    const two = diffSharingSets([...target].reverse(), [...source].reverse());
    expect(one).to.deep.equal(two);
    expect(one.onlyInSource.map((s) => s.fullName)).to.deep.equal(['D', 'e']);
    expect(one.changed[0].profilesInTargetOnly).to.deep.equal(['X', 'y', 'Z']);
    expect(JSON.parse(JSON.stringify(one))).to.deep.equal(one);
  });

  it('reports names held twice on one side differing only in case', () => {
    const diff = diffSharingSets([set('A')], [set('A'), set('a', { label: 'other' })]);
    expect(diff.ambiguous).to.deep.equal([{ side: 'source', fullNames: ['A', 'a'] }]);
    expect(diff.hasDrift).to.equal(false);
  });

  it('sorts profiles and mappings of a set only on one side', () => {
    const diff = diffSharingSets(
      [],
      [
        set('A', {
          profiles: ['b', 'A'],
          accessMappings: [
            { accessLevel: 'Read', object: 'Order', objectField: 'Account', userField: 'Account' },
            { accessLevel: 'Read', object: 'Case', objectField: 'Contact', userField: 'Contact' },
          ],
        }),
      ]
    );
    expect(diff.onlyInSource[0].profiles).to.deep.equal(['A', 'b']);
    expect(diff.onlyInSource[0].accessMappings.map((m) => m.object)).to.deep.equal(['Case', 'Order']);
  });
});
