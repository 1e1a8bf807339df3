import { expect } from 'chai';
import type { SkipReason } from '../../../src/audit/engine.js';
import { findingAdvice, skipAdvice, unverifiedAdvice } from '../../../src/cli/auditAdvice.js';
import type { UnverifiedReason } from '../../../src/audit/unverified.js';
import { runAudit } from '../../../src/audit/engine.js';
import { resolveObjectField } from '../../../src/analysis/paths.js';
import { evaluate } from '../../../src/cli/audit/result.js';
import type { Snapshot } from '../../../src/model/types.js';
import { goodSnapshot, mapping, sharingSet } from '../audit/snapshotBuilder.js';

describe('skipAdvice', () => {
  it('words each skip reason with the flag that helps', () => {
    const advice: Record<SkipReason, string> = {
      'needs-org': 'needs record counts, which only an org has; add --target-org',
      'needs-deep': 'needs a deep read (record counts); run with --deep',
    };
    for (const [code, text] of Object.entries(advice)) expect(skipAdvice(code as SkipReason)).to.equal(text);
  });
});

describe('findingAdvice', () => {
  it('words every advice code as the end of a sentence', () => {
    for (const code of ['check-against-org', 'check-field-access', 'skew-query-timeout'] as const) {
      expect(findingAdvice(code), code).to.match(/^; .+\.$/);
    }
    expect(findingAdvice('skew-query-timeout')).to.include('--deep');
  });

  const partlyKnown = (): Snapshot => {
    const base = goodSnapshot();
    // A project read without an org: Case's own fields are only partly known.
    return {
      ...base,
      origin: { kind: 'source', sourceDir: '/project' },
      objects: { ...base.objects, Case: { ...base.objects.Case, fieldsPartial: true } },
      sharingSets: [sharingSet('Cases', ['Customer Community User'], [mapping('Case', 'Asset.Account', 'Account')])],
    };
  };

  it('is a code in the analysis, and the CLI words it with its flag at the end of the message', () => {
    const resolved = resolveObjectField(partlyKnown(), 'Case', 'Asset.Account');
    expect(resolved.ok === false && resolved.advice).to.equal('check-against-org');
    expect(resolved.ok === false && resolved.message).to.not.contain('--');

    const withoutCli = runAudit(partlyKnown(), { rules: ['object-field-unresolved'] }).findings[0];
    expect(withoutCli.message).to.match(/could not be confirmed$/).and.not.contain('--target-org');

    const { report } = evaluate(partlyKnown(), {
      rules: ['object-field-unresolved'],
      failOn: 'error',
      tool: { name: 'plugin-sharing', version: '0' },
      today: '2026-01-01',
    });
    expect(report.findings[0].message).to.equal(
      `${withoutCli.message}; audit against the org with --target-org to check it.`
    );
    expect(findingAdvice('check-against-org')).to.equal('; audit against the org with --target-org to check it.');
  });
});

describe('unverifiedAdvice', () => {
  it('words every reason, each with the flag that settles it', () => {
    const reasons: UnverifiedReason[] = [
      'profile-not-read',
      'profile-not-in-project',
      'profile-by-name',
      'license-unknown',
      'object-not-in-project',
      'fields-unknown',
      'not-confirmed',
    ];
    for (const reason of reasons) expect(unverifiedAdvice(reason)).to.match(/--target-org$/);
  });

  it('words a field the running user cannot see with what settles it (another user, or field access)', () => {
    expect(unverifiedAdvice('field-hidden')).to.include('field-level security').and.include('read access');
  });
});
