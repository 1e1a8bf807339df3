import { expect } from 'chai';
import { goodSnapshot } from '../snapshotBuilder.js';
import { only, reported } from '../ruleHarness.js';
import type { ProjectFileProblem, Snapshot } from '../../../../src/model/types.js';

const RULE = 'sharing-set-file-invalid';

const broken: ProjectFileProblem = {
  file: 'force-app/sharingSets/Broken.sharingSet-meta.xml',
  line: 4,
  message: 'The XML is malformed: … Fix the XML syntax.',
  code: 'malformed-xml',
  kind: 'sharingSet',
  fullName: 'Broken',
};

function withProblems(...fileProblems: ProjectFileProblem[]): Snapshot {
  return { ...goodSnapshot(), fileProblems };
}

describe(RULE, () => {
  it('fires on a sharing-set file that could not be read, with its file, line and fix', () => {
    expect(only(RULE, withProblems(broken))).to.deep.equal({
      messageId: 'invalid',
      data: { file: broken.file, line: 4, problem: broken.message },
      target: { sharingSet: 'Broken' },
      severity: 'error',
      confidence: 'high',
    });
  });

  it('fires on an unreadable sharingSets folder', () => {
    const folder: ProjectFileProblem = { file: 'force-app/sharingSets', message: 'cannot be read', kind: 'folder' };
    expect(only(RULE, withProblems(folder)).data.file).to.equal('force-app/sharingSets');
  });

  it('is silent on profile and object files (project-file-invalid reports them) and on a clean project', () => {
    const profile: ProjectFileProblem = { file: 'profiles/X.profile-meta.xml', message: 'bad', kind: 'profile' };
    expect(reported(RULE, withProblems(profile))).to.deep.equal([]);
    expect(reported(RULE, goodSnapshot())).to.deep.equal([]);
  });
});
