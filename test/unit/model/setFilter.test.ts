import { expect } from 'chai';
import { filterSharingSets, filterSuggestions, isFiltering, parseAccessLevel } from '../../../src/model/setFilter.js';
import type { SharingSet } from '../../../src/model/types.js';

const set = (fullName: string, profiles: string[], mappings: Array<[string, 'Read' | 'Edit']>): SharingSet => ({
  fullName,
  label: fullName,
  profiles,
  accessMappings: mappings.map(([object, accessLevel]) => ({
    object,
    accessLevel,
    objectField: 'Account',
    userField: 'Account',
  })),
});

const sets = [
  set(
    'Case_Sharing',
    ['Customer Community User'],
    [
      ['Case', 'Read'],
      ['Contact', 'Edit'],
    ]
  ),
  set('Asset_Sharing', ['partner community user'], [['Asset', 'Read']]),
  set('Empty', [], []),
];
const names = (kept: SharingSet[]): string[] => kept.map((kept1) => kept1.fullName);

describe('model/setFilter', () => {
  it('keeps every set without a filter', () => {
    expect(isFiltering({})).to.equal(false);
    expect(isFiltering({ profiles: [] })).to.equal(false);
    expect(names(filterSharingSets(sets, {}))).to.deep.equal(['Case_Sharing', 'Asset_Sharing', 'Empty']);
  });

  it('matches profiles and objects case-insensitively, any of several values', () => {
    expect(names(filterSharingSets(sets, { profiles: ['Partner Community User'] }))).to.deep.equal(['Asset_Sharing']);
    expect(names(filterSharingSets(sets, { objects: ['case', 'ASSET'] }))).to.deep.equal([
      'Case_Sharing',
      'Asset_Sharing',
    ]);
  });

  it('with --object and --access, one mapping must have both', () => {
    expect(names(filterSharingSets(sets, { objects: ['Case'], access: 'Edit' }))).to.deep.equal([]);
    expect(names(filterSharingSets(sets, { objects: ['Contact'], access: 'Edit' }))).to.deep.equal(['Case_Sharing']);
    expect(names(filterSharingSets(sets, { access: 'Read' }))).to.deep.equal(['Case_Sharing', 'Asset_Sharing']);
  });

  it('combines profile and mapping filters (both must hold)', () => {
    expect(names(filterSharingSets(sets, { profiles: ['customer community user'], objects: ['Asset'] }))).to.deep.equal(
      []
    );
  });

  it('suggests the name a filter value most likely meant, among the names the sets use', () => {
    expect(
      filterSuggestions(sets, { profiles: ['Customer Comunity User', 'Nobody'], objects: ['Asett', 'case'] })
    ).to.deep.equal([
      { kind: 'profile', name: 'Customer Comunity User', meant: 'Customer Community User' },
      { kind: 'profile', name: 'Nobody' },
      { kind: 'object', name: 'Asett', meant: 'Asset' },
    ]);
  });

  it('reads Read and Edit in any case, nothing else', () => {
    expect(parseAccessLevel('edit')).to.equal('Edit');
    expect(parseAccessLevel('READ')).to.equal('Read');
    expect(parseAccessLevel('Write')).to.equal(undefined);
  });
});
