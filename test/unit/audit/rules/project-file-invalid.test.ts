import { expect } from 'chai';
import { goodSnapshot } from '../snapshotBuilder.js';
import { only, reported } from '../ruleHarness.js';
import type { ProjectFileProblem, Snapshot } from '../../../../src/model/types.js';

const RULE = 'project-file-invalid';

function withProblems(...fileProblems: ProjectFileProblem[]): Snapshot {
  return { ...goodSnapshot(), fileProblems };
}

describe(RULE, () => {
  it('fires on a profile file that could not be read', () => {
    const problem: ProjectFileProblem = { file: 'profiles/X.profile-meta.xml', line: 2, message: 'bad', kind: 'profile' };
    expect(only(RULE, withProblems(problem))).to.deep.equal({
      messageId: 'unreadable',
      data: { file: problem.file, line: 2, problem: 'bad' },
      target: {},
      severity: 'warning',
      confidence: 'high',
    });
  });

  it('is silent on sharing-set files (sharing-set-file-invalid reports them)', () => {
    const problem: ProjectFileProblem = { file: 'sharingSets/A.sharingSet-meta.xml', message: 'bad', kind: 'sharingSet' };
    expect(reported(RULE, withProblems(problem))).to.deep.equal([]);
  });
});
