import { expect } from 'chai';
import { deletionRisk, planBatches, planDeploy } from '../../../src/deploy/plan.js';
import type { SharingSet } from '../../../src/model/types.js';

const set = (fullName: string, extra: Partial<SharingSet> = {}): SharingSet => ({
  fullName,
  label: fullName.replace(/_/g, ' '),
  profiles: ['Customer Community User'],
  accessMappings: [{ accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' }],
  ...extra,
});
const names = (sets: SharingSet[]): string[] => sets.map((item) => item.fullName);

describe('deploy plan', () => {
  const org = [set('Same'), set('Changed'), set('Dropped'), set('Case_Differs')];
  const project = [
    set('Same', { location: { file: 'a.xml', line: 1 } }),
    set('Changed', { description: 'new' }),
    set('New_Set'),
    set('case_differs', { label: 'Case Differs', profiles: ['customer community user'] }),
  ];

  it('classifies create, update, unchanged and keep (no --delete-missing), sorted by name', () => {
    const plan = planDeploy(org, project);
    expect(plan.items.map((item) => [item.fullName, item.action])).to.deep.equal([
      ['Case_Differs', 'unchanged'],
      ['Changed', 'update'],
      ['Dropped', 'keep'],
      ['New_Set', 'create'],
      ['Same', 'unchanged'],
    ]);
    expect(names(plan.creates)).to.deep.equal(['New_Set']);
    expect(names(plan.updates)).to.deep.equal(['Changed']);
    expect(plan.updates[0].description).to.equal('new');
    expect(plan.deletes).to.deep.equal([]);
    expect(plan.kept).to.deep.equal(['Dropped']);
    expect(plan.hasChanges).to.equal(true);
  });

  it('backs up the org definitions of what it updates and deletes, and deletes only with deleteMissing', () => {
    const plan = planDeploy(org, project, { deleteMissing: true });
    expect(names(plan.deletes)).to.deep.equal(['Dropped']);
    expect(plan.replaced.map((item) => [item.fullName, item.description])).to.deep.equal([
      ['Changed', undefined],
      ['Dropped', undefined],
    ]);
    expect(plan.kept).to.deep.equal([]);
    expect(plan.items.find((item) => item.fullName === 'Dropped')?.action).to.equal('delete');
  });

  it('sends no source location, and updates under the org spelling of the name', () => {
    const plan = planDeploy([set('Mixed_Case')], [set('mixed_case', { label: 'Other' })]);
    expect(plan.updates).to.deep.equal([{ ...set('Mixed_Case'), label: 'Other' }]);
    const created = planDeploy([], [set('X', { location: { file: 'x', line: 1 } })]).creates[0];
    expect(created).to.not.have.property('location');
  });

  it('with names, plans only those, and reports a name neither side holds', () => {
    const plan = planDeploy(org, project, { names: ['changed', 'Nowhere'], deleteMissing: true });
    expect(plan.items.map((item) => item.fullName)).to.deep.equal(['Changed']);
    expect(plan.notFound).to.deep.equal(['Nowhere']);
    expect(plan.deletes).to.deep.equal([]);
  });

  it('has no changes when the org already holds the project (order and case never count)', () => {
    const plan = planDeploy(
      [set('A', { profiles: ['P1', 'P2'] })],
      [set('a', { label: 'A', profiles: ['p2', 'p1'], description: '  ' })]
    );
    expect(plan.hasChanges).to.equal(false);
    expect(plan.unchanged).to.deep.equal(['A']);
  });

  it('refuses deleting every set or more than half of the org, not half or fewer', () => {
    const orgOf = (n: number): SharingSet[] => Array.from({ length: n }, (_, i) => set(`S${i}`));
    const dropping = (n: number, keep: number): ReturnType<typeof deletionRisk> =>
      deletionRisk(planDeploy(orgOf(n), orgOf(n).slice(0, keep), { deleteMissing: true }), n);
    expect(dropping(4, 0)).to.equal('all');
    expect(dropping(4, 1)).to.equal('most');
    expect(dropping(4, 2)).to.equal(undefined);
    expect(dropping(1, 0)).to.equal('all');
    expect(dropping(4, 4)).to.equal(undefined);
  });

  it('batches deletes, then updates, then creates, at most `size` per call', () => {
    const many = (prefix: string, n: number): SharingSet[] =>
      Array.from({ length: n }, (_, i) => set(`${prefix}_${i + 10}`));
    const orgSets = [...many('Upd', 12), ...many('Del', 3)];
    const projectSets = [...many('Upd', 12).map((item) => ({ ...item, label: 'changed' })), ...many('New', 21)];
    const batches = planBatches(planDeploy(orgSets, projectSets, { deleteMissing: true }), 10);
    expect(batches.map((batch) => [batch.operation, batch.sets.length])).to.deep.equal([
      ['delete', 3],
      ['update', 10],
      ['update', 2],
      ['create', 10],
      ['create', 10],
      ['create', 1],
    ]);
    expect(batches.flatMap((batch) => names(batch.sets))).to.have.length(36);
  });

  it('a set renamed in the project is deleted before its successor is created', () => {
    const batches = planBatches(planDeploy([set('Old_Name')], [set('New_Name')], { deleteMissing: true }), 10);
    expect(batches.map((batch) => [batch.operation, names(batch.sets)])).to.deep.equal([
      ['delete', ['Old_Name']],
      ['create', ['New_Name']],
    ]);
  });
});
