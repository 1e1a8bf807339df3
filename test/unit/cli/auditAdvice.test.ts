import { expect } from 'chai';
import type { SkipReason } from '../../../src/audit/engine.js';
import { skipAdvice } from '../../../src/cli/auditAdvice.js';

describe('skipAdvice', () => {
  it('words each skip reason with the flag that helps', () => {
    const advice: Record<SkipReason, string> = {
      'needs-org': 'needs record counts, which only an org has; add --target-org',
      'needs-deep': 'needs a deep read (record counts); run with --deep',
    };
    for (const [code, text] of Object.entries(advice)) expect(skipAdvice(code as SkipReason)).to.equal(text);
  });
});
