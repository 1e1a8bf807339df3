import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runAudit } from '../../../src/audit/index.js';
import type { AuditReport } from '../../../src/report/auditReport.js';
import { REPORT_FORMATS, renderAuditReport } from '../../../src/report/formats.js';
import { reportSizeBound } from '../../../src/report/sizeBound.js';
import { loadSourceSnapshot, serializeSharingSet } from '../../../src/source/index.js';

/**
 * Issue 21 item 3: 5,000 copies of one sharing set (one duplicate group of 5,000) make reports that stay under the
 * documented bound (src/report/sizeBound.ts, README "Report sizes"); with every finding naming all the others (the
 * quadratic output of the issue), SARIF alone was 330 MB and the bound, linear in the findings, would be exceeded.
 */
describe('report size bound (5,000 duplicate sets)', function () {
  this.timeout(120_000);
  const copies = 5000;
  let dir: string;
  let report: AuditReport;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'plugin-sharing-size-bound-'));
    const folder = join(dir, 'force-app', 'main', 'default', 'sharingSets');
    await mkdir(folder, { recursive: true });
    await writeFile(join(dir, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'force-app' }] }));
    await Promise.all(
      Array.from({ length: copies }, (_, i) => {
        const fullName = `Copy_${String(i + 1).padStart(4, '0')}`;
        const xml = serializeSharingSet({
          fullName,
          label: fullName,
          profiles: ['Customer Community User'],
          accessMappings: [{ accessLevel: 'Read', object: 'Case', objectField: 'Account', userField: 'Account' }],
        });
        return writeFile(join(folder, `${fullName}.sharingSet-meta.xml`), xml);
      })
    );
    const { snapshot } = await loadSourceSnapshot(dir);
    const result = runAudit(snapshot);
    report = {
      tool: { name: 'plugin-sharing', version: '0.0.0' },
      origin: snapshot.origin,
      rules: result.rulesRun,
      findings: result.findings,
    };
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('has one duplicate-profile-object finding per set', () => {
    expect(report.findings.filter((finding) => finding.ruleId === 'duplicate-profile-object')).to.have.length(copies);
  });

  for (const format of REPORT_FORMATS) {
    it(`${format}: the report stays under its bound`, () => {
      const frame = Buffer.byteLength(renderAuditReport(format, { ...report, findings: [] }, 100));
      const size = Buffer.byteLength(renderAuditReport(format, report, 100));
      const bound = reportSizeBound(format, report, frame);
      expect(size, `${format}: ${size} bytes, bound ${bound}`).to.be.at.most(bound);
      // Under 20 KB per finding: issue 21's quadratic reports were 66-76 KB per finding at 5,000 (330-380 MB a file).
      expect(bound).to.be.below(copies * 20_000);
    });
  }
});
