import { expect } from 'chai';
import { COMMAND_REGISTRY, hasManifest, manifestCommandIds, sourceCommandIds } from '../helpers/commands.js';

/**
 * The registry of commands the cross-cutting e2e tables are built from (test/helpers/commands.ts) names every command
 * once: the ones src/commands defines, and the ones the built oclif.manifest.json lists.
 */
describe('test registry of commands', () => {
  const registered = COMMAND_REGISTRY.map((spec) => spec.id).sort();

  it('has no command twice', () => {
    expect(new Set(registered).size, registered.join(', ')).to.equal(registered.length);
  });

  it('has exactly the commands in src/commands', () => {
    expect(registered, 'test/helpers/commands.ts (COMMAND_REGISTRY) against src/commands').to.deep.equal(
      sourceCommandIds()
    );
  });

  it('has exactly the commands in oclif.manifest.json', function () {
    // The manifest is built (npm run build); the e2e tables also check against it.
    if (!hasManifest()) this.skip();
    expect(registered, 'test/helpers/commands.ts (COMMAND_REGISTRY) against oclif.manifest.json').to.deep.equal(
      manifestCommandIds()
    );
  });

  for (const spec of COMMAND_REGISTRY) {
    describe(spec.id, () => {
      it('runs as its id says, and every row runs that command', () => {
        expect(spec.argv.join(':')).to.equal(spec.id);
        const rows = [
          ...spec.faults,
          ...spec.readOnly,
          ...spec.secrets.map((run) => ({ args: run.args })),
          ...spec.interrupt.reading,
          ...spec.interrupt.writing,
        ];
        for (const row of rows)
          expect(row.args.slice(0, spec.argv.length), row.args.join(' ')).to.deep.equal(spec.argv);
        for (const row of rows) expect(row.args, 'each table adds the org itself').to.not.include.members(['-o']);
      });

      it('has a row in every cross-cutting table', () => {
        expect(spec.faults, 'fault matrix').to.have.length.greaterThan(0);
        expect(spec.readOnly, 'read-only').to.have.length.greaterThan(0);
        expect(spec.secrets, 'secret sweep').to.have.length.greaterThan(0);
        expect(spec.interrupt.reading, 'interrupt while reading').to.have.length.greaterThan(0);
        if (spec.writes) expect(spec.interrupt.writing, 'interrupt during the write').to.have.length.greaterThan(0);
        else expect(spec.interrupt.writing, 'a read command has no write to interrupt').to.have.length(0);
      });

      it('marks its writes: a write fault row only for a command that writes', () => {
        expect(spec.faults.some((row) => row.write !== undefined)).to.equal(spec.writes);
      });
    });
  }

  it('gives each fault-matrix row its own column', () => {
    const columns = COMMAND_REGISTRY.flatMap((spec) => spec.faults.map((row) => row.column));
    expect(new Set(columns).size).to.equal(columns.length);
  });
});
