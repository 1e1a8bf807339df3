import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { SfError } from '@salesforce/core';
import { EXIT } from '../../../src/cli/exitCodes.js';
import { pluginRoot } from '../../helpers/e2e.js';

type ComputeErrorCode = (error: Error) => number;

/** sf-plugins-core's own choice of exit code for an error (not exported: read from its file). */
async function computeErrorCode(): Promise<ComputeErrorCode> {
  const file = join(pluginRoot, 'node_modules', '@salesforce', 'sf-plugins-core', 'lib', 'errorHandling.js');
  return ((await import(file)) as { computeErrorCode: ComputeErrorCode }).computeErrorCode;
}

describe("README's exit-code table", () => {
  const readme = readFileSync(join(pluginRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## JSON output and exit codes'), readme.indexOf('## Performance'));
  // A row may list several codes (`| 130, 143 |`).
  const listed = [...section.matchAll(/^\| (\d+(?:, \d+)*) \|/gm)].flatMap((match) => match[1].split(', ').map(Number));

  it('lists every code the plugin sets, the interrupt code and the codes sf-plugins-core forces', () => {
    const codes = new Set<number>([...Object.values(EXIT), 1, 10, 20, 130, 143]);
    expect(listed.sort((a, b) => a - b)).to.deep.equal([...codes].sort((a, b) => a - b));
  });

  it('an org error carrying a Salesforce ErrorId ("gack") exits 20 whatever exit code the plugin gave it', async () => {
    const compute = await computeErrorCode();
    const gack = new SfError(
      'UNKNOWN_EXCEPTION: An unexpected error occurred. Please include this ErrorId if you contact support: 1955462734-162385 (-1372706716)',
      'OrgFailure',
      [],
      1
    );
    expect(compute(gack)).to.equal(20);
    expect(
      compute(new SfError('An unexpected error occurred. ErrorId: 1234567-8901 (-1)', 'OrgFailure', [], 1))
    ).to.equal(1);
    expect(compute(new TypeError('x is undefined'))).to.equal(10);
  });
});
