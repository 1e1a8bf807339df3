import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { checkReportTarget } from '../../../src/io/reportTarget.js';
import { rejection } from '../../helpers/promises.js';

describe('checkReportTarget', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'report-target-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, content: string): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('replaces a Markdown or CSV report the plugin wrote (it starts with the signature, a BOM allowed)', async () => {
    await checkReportTarget(
      file('r.md', '## Sharing set audit\n\nplugin-sharing 1.0'),
      'markdown',
      'plugin-sharing',
      false
    );
    await checkReportTarget(file('r.csv', '\uFEFFseverity,failing,ruleId,x\r\n'), 'csv', 'plugin-sharing', false);
  });

  it('never replaces a README that quotes a sample report further down, unless forced', async () => {
    const readme = file('README.md', '# My project\n\nAn audit looks like this:\n\n## Sharing set audit\n');
    const error = await rejection(checkReportTarget(readme, 'markdown', 'plugin-sharing', false));
    expect(String(error)).to.contain('--force');
    await checkReportTarget(readme, 'markdown', 'plugin-sharing', true);
    const notes = file('notes.csv', 'name,value\nseverity,failing,ruleId,\n');
    expect(String(await rejection(checkReportTarget(notes, 'csv', 'plugin-sharing', false)))).to.contain('--force');
  });

  it('replaces a SARIF or JUnit report only when the document is one and names the plugin', async () => {
    await checkReportTarget(
      file('r.sarif', '{\n  "runs": [{ "tool": { "driver": { "name": "plugin-sharing" } } }]\n}'),
      'sarif',
      'plugin-sharing',
      false
    );
    const prose = file('notes.txt', 'Our tool reports "name": "plugin-sharing" in its SARIF.\n');
    expect(String(await rejection(checkReportTarget(prose, 'sarif', 'plugin-sharing', false)))).to.contain('--force');
    await checkReportTarget(
      file('r.xml', '<?xml version="1.0"?>\n<testsuites name="plugin-sharing audit">'),
      'junit',
      'plugin-sharing',
      false
    );
  });
});
