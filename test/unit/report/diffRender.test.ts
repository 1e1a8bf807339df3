import { expect } from 'chai';
import type { AccessLevel, SharingSet } from '../../../src/model/types.js';
import { diffSharingSets } from '../../../src/diff/diff.js';
import { renderDiffMarkdown, renderDiffText } from '../../../src/report/diffRender.js';

const m = (object: string, accessLevel: AccessLevel = 'Read'): SharingSet['accessMappings'][number] => ({
  accessLevel,
  object,
  objectField: 'Account',
  userField: 'Account',
});
const target: SharingSet[] = [
  { fullName: 'Old', label: 'Old', profiles: ['P1'], accessMappings: [m('Case')] },
  {
    fullName: 'Both',
    label: 'Both',
    description: 'x',
    profiles: ['P1', 'P2'],
    accessMappings: [m('Case'), m('Order')],
  },
  { fullName: 'Same', label: 'Same', profiles: ['P1'], accessMappings: [m('Case')] },
];
const source: SharingSet[] = [
  { fullName: 'New', label: 'New ```\u001b[31m', profiles: ['P1'], accessMappings: [m('Case', 'Edit')] },
  { fullName: 'both', label: 'Both v2', profiles: ['p1', 'P3'], accessMappings: [m('Case', 'Edit'), m('Contact')] },
  { fullName: 'Same', label: 'Same', profiles: ['p1'], accessMappings: [m('Case')] },
];
const diff = diffSharingSets(target, source);
const labels = { targetLabel: 'org prod', sourceLabel: 'project' };

describe('renderDiffText', () => {
  const text = renderDiffText(diff, labels);
  const lines = text.split('\n');

  it('reads like a review: one block per set, +, - and ~ lines', () => {
    expect(lines[0]).to.equal('Sharing sets: org prod compared with project');
    const both = lines.indexOf('~ Both (project: both)');
    expect(lines.slice(both, both + 8)).to.deep.equal([
      '~ Both (project: both)',
      '~     label: "Both" -> "Both v2"',
      '~     description: "x" -> (none)',
      '+     profile P3',
      '-     profile P2',
      '+     mapping Contact: Account = user Account (Read)',
      '-     mapping Order: Account = user Account (Read)',
      '~     mapping Case: Account = user Account: Read -> Edit',
    ]);
    expect(lines).to.include('+ New (only in project)');
    expect(lines).to.include('- Old (only in org prod)');
    expect(lines).to.include('-     mapping Case: Account = user Account (Read)');
    expect(text).to.not.contain('Same');
    expect(lines.indexOf('~ Both (project: both)')).to.be.lessThan(lines.indexOf('+ New (only in project)'));
  });

  it('has no ANSI codes unless a colouriser adds them', () => {
    expect(text).to.not.contain('\u001b');
    const coloured = renderDiffText(diff, { colourise: (t, kind) => (kind === 'added' ? `<g>${t}</g>` : t) });
    expect(coloured).to.contain('<g>+     profile P3</g>');
    expect(coloured).to.contain('~ Both');
  });

  it('summarises and says when nothing differs', () => {
    expect(text).to.contain('1 set to create, 1 changed, 1 only in target, 1 unchanged');
    // The label and description changes shown above are counted too; with none, they are not mentioned.
    expect(text).to.contain('1 unchanged (1 label, 1 description, 2 profiles, 2 mappings, 1 access level differ).');
    const mappingOnly = renderDiffText(
      diffSharingSets(target, [{ ...target[1], accessMappings: [m('Case', 'Edit')] }, target[0], target[2]])
    );
    expect(mappingOnly).to.contain('unchanged (0 profiles, ').and.not.match(/\d+ (label|description)/);
    expect(renderDiffText(diffSharingSets(target, target))).to.contain('No differences (3 sharing sets equal).');
    expect(renderDiffText(diffSharingSets(target, target, { names: ['nope'] }))).to.contain(
      'Not found on either side: nope'
    );
  });
});

describe('renderDiffMarkdown', () => {
  const md = renderDiffMarkdown(diff, labels);

  it('has a heading, a summary table and one fenced diff block per set', () => {
    expect(md.split('\n')[0]).to.equal('## Sharing set drift: org prod ← project');
    expect(md).to.contain('**3 sharing sets differ.**');
    expect(md).to.contain('| Only in project (would be created) | 1 |');
    expect(md).to.contain('| Unchanged | 1 |');
    expect(md).to.contain('### Both (project: both)\n\n```diff\n~ Both (project: both)\n');
    expect(md.match(/^#{3} /gm)).to.have.length(3);
  });

  it('never lets content close a fence early', () => {
    expect(md).to.contain('````diff\n+ New (only in project)');
    expect(md).to.not.contain('\u001b');
  });

  it('says when nothing differs', () => {
    expect(renderDiffMarkdown(diffSharingSets(target, target))).to.contain('**No differences.**');
  });
});
