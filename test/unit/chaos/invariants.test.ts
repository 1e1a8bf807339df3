/**
 * The chaos harness's invariant checker (scripts/chaos/invariants.ts) on planted violations: a harness whose checker
 * cannot fail would pass vacuously, so each invariant is shown to catch the breach it is there for, and to accept the
 * outcomes the plugin is allowed (a lost answer that says how to check).
 */
import { expect } from 'chai';
import { checkRun, type RunObservation } from '../../../scripts/chaos/invariants.js';
import { drawFaults, drawScenario, runRandom } from '../../../scripts/chaos/scenarios.js';
import type { SharingSet } from '../../../src/model/types.js';
import { loadFixture } from '../../emulator/index.js';

const TOKEN = '00D000000000001!AQ8AQSecretToken';

const oldSet: SharingSet = {
  fullName: 'Case_Sharing',
  label: 'Share cases',
  profiles: ['Customer Community User'],
  accessMappings: [
    { accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' },
    { accessLevel: 'Read', object: 'Case', objectField: 'Contact', userField: 'Contact' },
  ],
};
const newSet: SharingSet = { ...oldSet, label: 'Share cases, changed', accessMappings: [oldSet.accessMappings[0]] };
const other: SharingSet = { ...oldSet, fullName: 'Asset_Sharing', label: 'Assets' };

/** An update of Case_Sharing that succeeded, with its backup: every invariant holds. */
const updated = (change: Partial<RunObservation> = {}): RunObservation => ({
  before: [oldSet, other],
  intended: new Map([['Case_Sharing', newSet]]),
  after: [newSet, other],
  exitCode: 0,
  output: '{"status": 0}',
  lastWords: '',
  backups: [oldSet],
  files: [{ path: '.sharing-backups/Case_Sharing-20261203T120000Z.sharingSet-meta.xml', content: '<SharingSet/>' }],
  secret: TOKEN,
  ...change,
});

const invariants = (run: RunObservation): string[] => checkRun(run).map((violation) => violation.invariant);

describe('chaos invariant checker', () => {
  it('passes a run that kept every invariant', () => {
    expect(checkRun(updated())).to.deep.equal([]);
  });

  it('flags a half-written set: neither its old definition nor its new one', () => {
    const half: SharingSet = { ...newSet, label: oldSet.label };
    expect(invariants(updated({ after: [half, other] }))).to.deep.equal(['whole']);
  });

  it('flags a set the run did not touch that changed', () => {
    expect(invariants(updated({ after: [newSet, { ...other, label: 'Other' }] }))).to.deep.equal(['whole']);
  });

  it('flags a replaced set without a backup, or with a backup that does not restore it', () => {
    expect(invariants(updated({ backups: [] }))).to.deep.equal(['backup']);
    expect(invariants(updated({ backups: [newSet] }))).to.deep.equal(['backup']);
    expect(invariants(updated({ backups: [{ ...oldSet, fullName: 'Other' }] }))).to.deep.equal(['backup']);
  });

  it('flags a deleted set without a backup', () => {
    const deleted = updated({ intended: new Map([['Case_Sharing', undefined]]), after: [other], backups: [] });
    expect(invariants(deleted)).to.deep.equal(['backup']);
    expect(checkRun({ ...deleted, backups: [oldSet] })).to.deep.equal([]);
  });

  it('flags a lying exit: success while the org holds the old definition', () => {
    expect(invariants(updated({ after: [oldSet, other] }))).to.deep.equal(['truth']);
  });

  it('flags a lying last line: a failure that says nothing changed while the write landed', () => {
    const lying = updated({ exitCode: 1, lastWords: 'The org answered with a server error (1 attempt(s)).' });
    expect(invariants(lying)).to.deep.equal(['truth']);
    expect(invariants({ ...lying, exitCode: 130, lastWords: 'Interrupted before anything was sent' })).to.deep.equal([
      'truth',
    ]);
  });

  it('accepts either definition when the last words say the write may have landed and how to check', () => {
    const lost = (after: SharingSet[]): RunObservation =>
      updated({
        exitCode: 1,
        after,
        lastWords:
          'Can\'t reach the org.\nThe org does not hold the change now, but a write that was only slow may still be applied: check with "sf sharing set list --target-org me --name Case_Sharing" before running the command again.',
      });
    expect(checkRun(lost([newSet, other]))).to.deep.equal([]);
    expect(checkRun(lost([oldSet, other]))).to.deep.equal([]);
  });

  it('flags an uncertain outcome that does not say how to check', () => {
    const vague = updated({ exitCode: 1, lastWords: 'The update may still be applied.' });
    expect(invariants(vague)).to.deep.equal(['truth']);
  });

  it('holds a partial deploy to its account set by set', () => {
    const account = { newer: ['Case_Sharing'], older: [], either: [] };
    const partial = updated({ exitCode: 68, deployAccount: account, lastWords: 'Partial deploy' });
    expect(checkRun(partial)).to.deep.equal([]);
    expect(invariants({ ...partial, after: [oldSet, other] })).to.deep.equal(['truth']);
    const claimedOld = { ...partial, deployAccount: { newer: [], older: ['Case_Sharing'], either: [] } };
    expect(invariants(claimedOld)).to.deep.equal(['truth']);
  });

  it("accepts either definition for a deploy's set whose failure says its write may still land, and how to check", () => {
    const account = { newer: [], older: ['Case_Sharing'], either: [] };
    const lost = updated({
      exitCode: 68,
      deployAccount: account,
      lastWords:
        'Case_Sharing: The org did not answer in time. The org does not hold the change now, but a write that was only slow may still be applied: check with "sf sharing set list --target-org me --name Case_Sharing" before running the command again.',
    });
    expect(checkRun(lost)).to.deep.equal([]);
    // The same words about another set do not cover this one.
    expect(invariants({ ...lost, lastWords: lost.lastWords.replace(/^Case_Sharing/, 'Asset_Sharing') })).to.deep.equal([
      'truth',
    ]);
  });

  it('believes a success line printed before a signal ended the process, and only then', () => {
    const killed = updated({ exitCode: null, lastWords: '' });
    expect(invariants(killed)).to.deep.equal(['truth']);
    const output = 'Updated sharing set Case_Sharing in me and read it back: the org holds what was sent.';
    expect(checkRun({ ...killed, output })).to.deep.equal([]);
  });

  it('flags a temporary file left behind', () => {
    const files = [{ path: '.sharing-backups/.Case_Sharing.sharingSet-meta.xml.0a1b2c3d4e5f.tmp', content: '' }];
    expect(invariants(updated({ files }))).to.deep.equal(['tidy']);
  });

  it('flags the access token in the output or in a file', () => {
    expect(invariants(updated({ output: `Bearer ${TOKEN}` }))).to.deep.equal(['secret']);
    expect(invariants(updated({ files: [{ path: 'report.json', content: TOKEN }] }))).to.deep.equal(['secret']);
  });

  it('flags an undocumented exit code and a stack trace', () => {
    expect(invariants(updated({ exitCode: 10 }))).to.include('clean');
    const trace = 'Error: boom\n    at writeSharingSet (/x/src/org/writes.ts:40:3)';
    expect(invariants(updated({ output: trace }))).to.deep.equal(['clean']);
  });
});

describe('chaos scenarios', () => {
  const sets = loadFixture('demo').sharingSets;

  it('draws the same scenario and faults from the same seed and run, others from another run', () => {
    const draw = (seed: number, run: number): string => {
      const rng = runRandom(seed, run);
      const wholeProcess = rng() < 0.5;
      const scenario = drawScenario(rng, sets, `${seed}_${run}`);
      return JSON.stringify([wholeProcess, scenario.args, [...scenario.intended], drawFaults(rng, wholeProcess)]);
    };
    expect(draw(7, 3)).to.equal(draw(7, 3));
    const others = new Set(Array.from({ length: 20 }, (_, run) => draw(7, run)));
    expect(others.size).to.be.greaterThan(15);
  });

  it('draws every scenario kind and every fault kind over a few hundred runs', () => {
    const kinds = new Set<string>();
    const faults = new Set<string>();
    for (let run = 0; run < 300; run++) {
      const rng = runRandom(1, run);
      kinds.add(drawScenario(rng, sets, String(run)).kind);
      for (const kind of drawFaults(rng, run % 10 === 0).kinds) faults.add(kind);
    }
    expect([...kinds].sort()).to.deep.equal(['create', 'delete', 'deploy', 'deploy --delete-missing', 'update']);
    expect(faults.size).to.equal(10);
  });
});
