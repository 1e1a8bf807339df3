import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestContext } from '@salesforce/core/testSetup';
import { stubSfCommandUx, stubSpinner } from '@salesforce/sf-plugins-core';
import { expect } from 'chai';
import SharingAudit from '../../../src/commands/sharing/audit.js';
import { RULES } from '../../../src/audit/index.js';

const project = fileURLToPath(new URL('../../fixtures/projects/ursa-major', import.meta.url));

/** "ruleId set" of each finding, sorted, for comparing what an audit found. */
function found(findings: Array<{ ruleId: string; severity: string; target: { sharingSet?: string } }>): string[] {
  return findings.map((f) => `${f.severity} ${f.ruleId} ${f.target.sharingSet ?? ''}`).sort();
}

describe('sharing audit', () => {
  const $$ = new TestContext();
  let ux: ReturnType<typeof stubSfCommandUx>;
  let requests: number;
  let exitCodeBefore: typeof process.exitCode;

  beforeEach(() => {
    exitCodeBefore = process.exitCode;
    ux = stubSfCommandUx($$.SANDBOX);
    stubSpinner($$.SANDBOX);
    requests = 0;
    $$.fakeConnectionRequest = (): Promise<never> => {
      requests += 1;
      return Promise.reject(new Error('a source-only audit must not call an org'));
    };
  });

  afterEach(() => {
    // The command sets the gate's exit code on the process; leaving it would fail the mocha run.
    process.exitCode = exitCodeBefore;
    $$.restore();
  });

  const logged = (): string =>
    ux.log
      .getCalls()
      .map((call) => String(call.args[0]))
      .join('\n');

  it('audits a project with no org: the planted findings, exit code 3, no request', async () => {
    const result = await SharingAudit.run(['--source-dir', project]);
    expect(found(result.findings)).to.deep.equal([
      'error object-field-unresolved Installer_Edit',
      'error profile-license-ineligible Installer_Edit',
      'info profile-not-found Installer_Edit',
      // Reported on both sets of the pair (issue 14).
      'warning duplicate-profile-object Installer_Edit',
      'warning duplicate-profile-object Solar_Panel_Sharing',
      'warning edit-on-account-contact-user Installer_Edit',
      'warning external-owd-public-read-write Installer_Edit',
      'warning external-owd-public-read-write Solar_Panel_Sharing',
    ]);
    expect(result.origin.kind).to.equal('source');
    expect(result.failOn).to.equal('error');
    expect(result.summary).to.deep.equal({
      error: 2,
      warning: 5,
      info: 1,
      total: 8,
      failing: 2,
      suppressed: 0,
      unverified: 1,
    });
    // The one profile the project has no file for could not be verified: listed, not passed over.
    expect(result.unverified.map((entry) => `${entry.kind} ${entry.name}`)).to.deep.equal([
      'profile Ghost Installer Profile',
    ]);
    expect(result.passed).to.equal(false);
    expect(result.exitCode).to.equal(3);
    expect(process.exitCode).to.equal(3);
    expect(result.rulesSkipped.map((skipped) => skipped.id)).to.deep.equal(['account-data-skew']);
    expect(requests).to.equal(0);
    // Human output by default: every failing finding is named.
    expect(logged()).to.contain('Installer_Edit');
  });

  it('--fail-on info counts every high-confidence finding, and never the medium-confidence ones', async () => {
    const result = await SharingAudit.run(['--source-dir', project, '--fail-on', 'info']);
    expect(result.failOn).to.equal('info');
    // 2 errors + 2 Public Read/Write warnings + the "not in the project" note; edit-on-account and
    // duplicate-profile-object are medium confidence.
    expect(result.summary.failing).to.equal(5);
    expect(process.exitCode).to.equal(3);
  });

  it('--rule runs only the named rules; warnings alone pass the default gate', async () => {
    const result = await SharingAudit.run(['--source-dir', project, '--rule', 'external-owd-public-read-write']);
    expect(result.rules.map((rule) => rule.id)).to.deep.equal(['external-owd-public-read-write']);
    expect(found(result.findings)).to.deep.equal([
      'warning external-owd-public-read-write Installer_Edit',
      'warning external-owd-public-read-write Solar_Panel_Sharing',
    ]);
    expect(result.passed).to.equal(true);
    expect(result.exitCode).to.equal(0);
    expect(process.exitCode).to.equal(0);
  });

  it('--exclude-rule leaves rules out', async () => {
    const result = await SharingAudit.run([
      '--source-dir',
      project,
      '--exclude-rule',
      'object-field-unresolved',
      '--exclude-rule',
      'profile-license-ineligible',
    ]);
    expect(result.rules.map((rule) => rule.id)).to.not.include.members([
      'object-field-unresolved',
      'profile-license-ineligible',
    ]);
    expect(result.summary.error).to.equal(0);
    expect(result.exitCode).to.equal(0);
  });

  it('--result-format markdown prints a Markdown report', async () => {
    const result = await SharingAudit.run(['--source-dir', project, '--result-format', 'markdown']);
    const text = logged();
    expect(text).to.match(/^## Sharing set audit/m);
    expect(text).to.match(/^### Findings/m);
    expect(text).to.contain('object-field-unresolved');
    expect(result.exitCode).to.equal(3);
  });

  it('fails with NothingToAudit when neither an org nor a project is given', async () => {
    try {
      await SharingAudit.run([]);
      expect.fail('expected an error');
    } catch (error) {
      const err = error as Error & { actions?: string[] };
      expect(err.name).to.equal('NothingToAuditError');
      expect(err.actions?.join('\n')).to.contain('--source-dir');
    }
    expect(requests).to.equal(0);
  });

  it('fails with UnknownRule naming the unknown ids and listing the valid ones', async () => {
    try {
      await SharingAudit.run(['--source-dir', project, '--rule', 'no-such-rule', '--exclude-rule', 'nor-this']);
      expect.fail('expected an error');
    } catch (error) {
      const err = error as Error & { actions?: string[] };
      expect(err.name).to.equal('UnknownRuleError');
      expect(err.message).to.contain('no-such-rule, nor-this');
      const actions = err.actions?.join('\n') ?? '';
      for (const rule of RULES) expect(actions).to.contain(rule.meta.id);
    }
    expect(ux.log.called).to.equal(false);
  });

  /** The error a run fails with (it must fail). */
  const failure = async (args: string[]): Promise<Error & { exitCode?: number; actions?: string[] }> => {
    try {
      await SharingAudit.run(args);
    } catch (error) {
      return error as Error & { exitCode?: number; actions?: string[] };
    }
    return expect.fail(`expected ${args.join(' ')} to fail`);
  };

  it('bad flag combinations are usage errors (exit 2), found before anything is read', async () => {
    const cases: Array<[string[], string]> = [
      [[], 'NothingToAuditError'],
      [
        ['--source-dir', project, '--rule', 'profile-not-found', '--exclude-rule', 'profile-not-found'],
        'NoRulesLeftError',
      ],
      [['--source-dir', project, '--output-file', 'report.txt'], 'UnknownReportFormatError'],
      [['--source-dir', project, '--write-baseline', 'b.json'], 'ReasonNeededError'],
      [['--source-dir', project, '--write-baseline', 'b.json', '--reason', 'r', '--expires', 'soon'], 'BadExpiryError'],
      [
        ['--source-dir', project, '--write-baseline', 'b.json', '--reason', 'r', '--expires', '2020-01-01'],
        'ExpiryPassedError',
      ],
    ];
    for (const [args, name] of cases) {
      // eslint-disable-next-line no-await-in-loop
      const error = await failure(args);
      expect(error.name, args.join(' ')).to.equal(name);
      expect(error.exitCode, name).to.equal(2);
      expect(error.actions?.length ?? 0, `${name} says what to do`).to.be.greaterThan(0);
    }
    expect(ux.log.called).to.equal(false);
    expect(requests).to.equal(0);
  });

  it('fails (exit 2) when --source-dir holds no sharing-set files unless --allow-empty, and a broken sfdx-project.json names the file', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'plugin-sharing-empty-'));
    try {
      const refused = await failure(['--source-dir', empty]);
      expect(refused.name).to.equal('NoSharingSetsError');
      expect(refused.message).to.match(/No sharing-set files were found in /);
      expect(refused.actions?.join('\n')).to.contain('--allow-empty');
      expect((refused as { exitCode?: number }).exitCode).to.equal(2);
      const result = await SharingAudit.run(['--source-dir', empty, '--allow-empty']);
      expect(result.summary.total).to.equal(0);
      await writeFile(join(empty, 'sfdx-project.json'), '{ not json');
      const error = await failure(['--source-dir', empty]);
      expect(error.name).to.equal('BadProjectError');
      expect(error.message).to.contain(join(empty, 'sfdx-project.json'));
      expect(error.actions?.join('\n')).to.contain('Fix sfdx-project.json');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('--deep on a project alone says the skew check needs an org, in the report and in --json', async () => {
    const result = await SharingAudit.run(['--source-dir', project, '--deep']);
    expect(result.rulesSkipped.map((rule) => rule.id)).to.deep.equal(['account-data-skew']);
    expect(logged()).to.contain('Not checked').and.contain('account-data-skew: needs record counts');
  });

  it('a report file that cannot be written names the file and why, not a temporary file', async () => {
    const error = await failure(['--source-dir', project, '--output-file', '/proc/no/such/report.sarif']);
    expect(error.name).to.equal('CannotWriteError');
    expect(error.message)
      .to.contain('/proc/no/such/report.sarif')
      .and.match(/\(E[A-Z]+\)/);
    expect(error.message).to.not.contain('.tmp');
  });
});
