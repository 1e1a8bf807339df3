/**
 * Property-based tests of the readers (issue 20, point 2): generated and mutated files (test/fuzz/inputs.ts), judged
 * by test/fuzz/properties.ts. A short run here (FUZZ_RUNS to change it); `npm run fuzz` runs thousands and the
 * commands themselves. A failure prints fast-check's seed and the shrunk input to replay.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { projectInput, sharingSetInput } from '../../fuzz/inputs.js';
import { checkProject, checkSharingSetFile, count, emptyFigures } from '../../fuzz/properties.js';
import { withTempDir } from '../../helpers/tmp.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 120);

describe('fuzz: the readers never crash, hang or lose a definition', function () {
  this.timeout(600_000);

  it(`sharing-set files (${RUNS} generated and mutated): a definition or an error naming the file and line; accepted files round-trip`, async () => {
    const figures = emptyFigures();
    await fc.assert(
      fc.asyncProperty(sharingSetInput, (input) =>
        withTempDir(async (dir) => {
          const outcome = await checkSharingSetFile(input, dir);
          count(figures, outcome);
          expect(outcome.violations, `mutations ${JSON.stringify(input.mutations)}, ${input.encoding}`).to.deep.equal(
            []
          );
        }, 'plugin-sharing-fuzz-')
      ),
      { numRuns: RUNS }
    );
    // The generator reaches both sides: a fuzzer that only produced valid (or only broken) files would prove little.
    expect(figures.accepted, JSON.stringify(figures)).to.be.greaterThan(0);
    expect(figures.rejected, JSON.stringify(figures)).to.be.greaterThan(0);
    expect(figures.crashes).to.equal(0);
  });

  it(`projects (${Math.ceil(
    RUNS / 3
  )} generated: sfdx-project.json, sets, a profile, an object, a field): problems name their file`, async () => {
    const figures = emptyFigures();
    await fc.assert(
      fc.asyncProperty(projectInput, (input) =>
        withTempDir(async (dir) => {
          const outcome = await checkProject(input, dir);
          count(figures, outcome);
          expect(outcome.violations).to.deep.equal([]);
        }, 'plugin-sharing-fuzz-')
      ),
      { numRuns: Math.ceil(RUNS / 3) }
    );
    expect(figures.accepted + figures.rejected).to.equal(figures.tried);
  });
});
