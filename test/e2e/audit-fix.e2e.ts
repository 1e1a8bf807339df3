/**
 * Issue 14, points 6–8: every project file gets a verdict, what a deploy rejects is caught, and `--fix` rewrites the
 * certain fixes. Runs the built plugin on copies of test/fixtures/projects/fixable (see its README).
 */
import { cp, lstat, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { createOrgEnv, pluginRoot, succeeded, type OrgEnv, type RunResult } from '../helpers/e2e.js';
import type { SharingAuditResult } from '../../src/commands/sharing/audit.js';
import type { SharingSetDiffResult } from '../../src/commands/sharing/set/diff.js';
import { assertMatchesSchema } from './schema.js';

const FIXTURE = join(pluginRoot, 'test', 'fixtures', 'projects', 'fixable');
const SET_DIR = join('force-app', 'main', 'default', 'sharingSets');

describe('e2e: every file gets a verdict, deploy rejections are caught, --fix (issue 14, points 6–8)', () => {
  let env: OrgEnv;
  let counter = 0;
  before(async () => {
    env = await createOrgEnv({ fixture: 'demo', work: 'plugin-sharing-fix-' });
  });
  after(async () => env?.cleanup());

  /** A fresh copy of the fixture project, relative to env.work (findings name files relative to the cwd). */
  async function project(): Promise<string> {
    const name = `p${++counter}`;
    await cp(FIXTURE, join(env.work, name), { recursive: true });
    return name;
  }

  async function audit(args: string[]): Promise<RunResult<SharingAuditResult>> {
    const result = await env.run<SharingAuditResult>(['sharing', 'audit', ...args, '--json'], { cwd: env.work });
    if (result.json?.result) assertMatchesSchema('sharing-audit', result.json.result);
    return result;
  }

  describe('6. every project file gets a verdict', () => {
    it('reports a broken sharing-set file as an error finding with file, line and fix, audits the rest and writes SARIF', async () => {
      const root = await project();
      const sarifFile = join(env.work, `${root}.sarif`);
      const run = await audit(['--source-dir', root, '--output-file', sarifFile]);
      const { json } = succeeded(run);
      expect(run.code).to.equal(3);
      const invalid = json.result.findings.filter((finding) => finding.ruleId === 'sharing-set-file-invalid');
      expect(invalid).to.have.length(1);
      expect(invalid[0].location).to.deep.include({ file: join(root, SET_DIR, 'Broken.sharingSet-meta.xml'), line: 10 });
      expect(invalid[0].message).to.match(/malformed.*Fix the XML syntax/);
      expect(invalid[0]).to.deep.include({ severity: 'error', confidence: 'high' });
      // The other files were audited.
      expect(json.result.findings.some((finding) => finding.target.sharingSet === 'Split_Cases')).to.equal(true);
      const sarif = JSON.parse(await readFile(sarifFile, 'utf8')) as {
        runs: Array<{ results: Array<{ ruleId: string; locations?: Array<{ physicalLocation?: { region?: { startLine?: number } } }> }> }>;
      };
      const result = sarif.runs[0].results.find((entry) => entry.ruleId === 'sharing-set-file-invalid');
      expect(result?.locations?.[0].physicalLocation?.region?.startLine).to.equal(10);
    });

    it('set diff --source-dir lists the unreadable file, compares the rest and exits 1', async () => {
      const root = await project();
      const run = await env.run<SharingSetDiffResult>(['sharing', 'set', 'diff', '-o', env.alias, '-d', root, '--json'], {
        cwd: env.work,
      });
      expect(run.code).to.equal(1);
      const { json } = succeeded(run);
      expect(json.result.unreadableFiles?.map((problem) => problem.file)).to.deep.equal([
        join(root, SET_DIR, 'Broken.sharingSet-meta.xml'),
      ]);
      expect(json.result.diff.onlyInSource.map((set) => set.fullName)).to.include.members(['Clean', 'Split_Cases']);
      expect(json.warnings.join('\n')).to.match(/comparison is incomplete/);
    });
  });

  describe('7. what a deploy rejects is caught', () => {
    it('fails the default gate on a split section, and warns (low confidence) on element order', async () => {
      const root = await project();
      await rm(join(env.work, root, SET_DIR, 'Broken.sharingSet-meta.xml'));
      const run = await audit(['--source-dir', root, '--rule', 'sharing-set-split-section', '--rule', 'sharing-set-element-order']);
      const { json } = succeeded(run);
      expect(run.code).to.equal(3);
      const found = json.result.findings.map((finding) => [finding.ruleId, finding.severity, finding.confidence, finding.location?.line]);
      expect(found).to.deep.include.members([
        ['sharing-set-split-section', 'error', 'high', 12],
        ['sharing-set-split-section', 'error', 'high', 15],
        ['sharing-set-element-order', 'warning', 'low', 11],
      ]);
    });
  });

  describe('8. --fix', () => {
    it('rewrites the certain fixes, keeps CRLF, backs the file up, leaves the broken file alone and re-audits', async () => {
      const root = await project();
      const file = join(env.work, root, SET_DIR, 'Split_Cases.sharingSet-meta.xml');
      const broken = join(env.work, root, SET_DIR, 'Broken.sharingSet-meta.xml');
      const [before, brokenBefore] = await Promise.all([readFile(file, 'utf8'), readFile(broken, 'utf8')]);
      const run = await audit(['--source-dir', root, '--fix']);
      const { json } = succeeded(run);
      const after = await readFile(file, 'utf8');
      expect(after).to.equal(
        [
          '<?xml version="1.0" encoding="UTF-8"?>',
          '<SharingSet xmlns="http://soap.sforce.com/2006/04/metadata">',
          '    <accessMappings>',
          '        <accessLevel>Read</accessLevel>',
          '        <object>Case</object>',
          '        <objectField>Account</objectField>',
          '        <userField>Account</userField>',
          '    </accessMappings>',
          '    <name>Split cases</name>',
          '    <profiles>Customer Community User</profiles>',
          '    <profiles>System Administrator</profiles>',
          '</SharingSet>',
          '',
        ].join('\r\n')
      );
      expect(await readFile(broken, 'utf8')).to.equal(brokenBefore);
      const fix = json.result.fixes?.find((entry) => entry.file.endsWith('Split_Cases.sharingSet-meta.xml'));
      expect(fix?.written).to.equal(true);
      expect(fix?.changes.join('\n')).to.match(/removed the profile "Custom Sales"/).and.to.match(/"Site Guest"/);
      expect(await readFile(join(env.work, fix?.backup ?? ''), 'utf8')).to.equal(before);
      // Re-audited: the fixed file's findings are gone; the broken file and the medium-confidence profile remain.
      const rules = json.result.findings.map((finding) => `${finding.ruleId}:${finding.target.sharingSet ?? ''}`);
      expect(rules).to.not.include.members(['sharing-set-split-section:Split_Cases', 'sharing-set-duplicate-entry:Split_Cases']);
      expect(rules).to.include('sharing-set-file-invalid:Broken');
      expect(rules).to.include('profile-license-ineligible:Split_Cases');
      expect(run.code).to.equal(3);
    });

    it('with --target-org reads the org once: the re-audit after the fix reuses what was read', async () => {
      const root = await project();
      env.emulator.clearLog();
      const fixed = succeeded(await audit(['--source-dir', root, '--target-org', env.alias, '--fix']));
      expect(fixed.json.result.fixes?.some((fix) => fix.written)).to.equal(true);
      const fixCalls = env.emulator.log.length;
      // The same project, now fixed, audited from scratch: the same calls and the same findings.
      env.emulator.clearLog();
      const fresh = succeeded(await audit(['--source-dir', root, '--target-org', env.alias]));
      expect(fixCalls).to.be.greaterThan(0);
      expect(fixCalls).to.equal(env.emulator.log.length);
      const ids = (run: typeof fresh): string[] =>
        run.json.result.findings.map((finding) => `${finding.ruleId}:${finding.target.sharingSet ?? ''}`).sort();
      expect(ids(fixed)).to.deep.equal(ids(fresh));
    });

    it('--dry-run prints a unified diff and writes nothing', async () => {
      const root = await project();
      const file = join(env.work, root, SET_DIR, 'Split_Cases.sharingSet-meta.xml');
      const before = await readFile(file, 'utf8');
      const human = await env.run(['sharing', 'audit', '--source-dir', root, '--fix', '--dry-run'], { cwd: env.work });
      expect(human.stderr).to.contain(`--- a/${join(root, SET_DIR, 'Split_Cases.sharingSet-meta.xml')}`);
      expect(human.stderr).to.contain('-  <profiles>Custom Sales</profiles>');
      expect(human.stderr).to.contain('+    <name>Split cases</name>');
      expect(await readFile(file, 'utf8')).to.equal(before);
    });

    it('never writes through a symbolic link', async () => {
      const root = await project();
      const file = join(env.work, root, SET_DIR, 'Split_Cases.sharingSet-meta.xml');
      const target = join(env.work, `${root}-outside.xml`);
      await writeFile(target, await readFile(file, 'utf8'));
      await rm(file);
      await symlink(target, file);
      // Project discovery does not follow links: the linked file is not fixed, and the audit says it was not read.
      const run = await audit(['--source-dir', root, '--fix']);
      const { json } = succeeded(run);
      expect(json.result.fixes?.filter((fix) => fix.written).map((fix) => fix.file)).to.deep.equal([]);
      const linked = json.result.findings.find(
        (finding) => finding.ruleId === 'sharing-set-file-invalid' && finding.target.sharingSet === 'Split_Cases'
      );
      expect(linked?.message).to.match(/symbolic link/);
      expect(run.code).to.equal(3);
      expect((await lstat(file)).isSymbolicLink()).to.equal(true);
      expect(await readFile(target, 'utf8')).to.contain('<profiles>Custom Sales</profiles>');
    });

    it('without --source-dir is a usage error (exit 2)', async () => {
      const run = await env.run(['sharing', 'audit', '-o', env.alias, '--fix'], { cwd: env.work });
      expect(run.code).to.equal(2);
      expect(run.stderr).to.match(/--fix rewrites project files, so it needs --source-dir/);
    });
  });
});
