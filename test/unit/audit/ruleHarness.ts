/**
 * Runs one rule the way the audit does and returns what it reported as message id and data, so rule tests check
 * what a rule found rather than its wording (engine.test.ts checks the wording once).
 */
import { expect } from 'chai';
import { after } from 'mocha';
import type { Snapshot } from '../../../src/model/types.js';
import type { Confidence, FindingTarget, MessageData, Rule, Severity } from '../../../src/audit/types.js';
import { runAudit } from '../../../src/audit/engine.js';
import { formatMessage } from '../../../src/audit/format.js';
import { RULES } from '../../../src/audit/rules/index.js';
import { ruleConfidences } from '../../../src/audit/catalogue.js';
import { mapping, withSet } from './snapshotBuilder.js';

export type Reported = {
  messageId: string;
  data: MessageData;
  target: FindingTarget;
  severity: Severity;
  confidence: Confidence;
};

/** The confidences each rule's findings carried in the tests that ran, by rule id. */
const seen = new Map<string, Set<Confidence>>();

/**
 * After the tests, every rule whose findings were seen must have shown every confidence it declares: the README's
 * rule table (generated from the declarations) then says exactly what the tests see. Registered on the root suite,
 * once, by this module; a rule's own test file exercises all its confidences, so running it alone passes too.
 */
after('every rule declares exactly the confidences its findings carry', () => {
  for (const [ruleId, confidences] of seen) {
    const rule = RULES.find((candidate) => candidate.meta.id === ruleId);
    if (rule) expect([...confidences].sort(), ruleId).to.deep.equal([...ruleConfidences(rule.meta)].sort());
  }
});

/**
 * The findings of rule `ruleId` on `snapshot` (a deep audit), in the audit's order, with the severity and confidence
 * the engine gives them. Each finding's message must format with the rule's own templates.
 */
export function reported(ruleId: string, snapshot: Snapshot): Reported[] {
  const rule = RULES.find((candidate) => candidate.meta.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  // The same rule, its message replaced by its id and data, so the engine's order and levels apply unchanged.
  const recording: Rule = {
    meta: { ...rule.meta, messages: { recorded: '{{recorded}}' } },
    check: (checked) =>
      rule.check(checked).map((raw) => {
        formatMessage(rule.meta, raw.messageId, raw.data);
        return {
          ...raw,
          messageId: 'recorded',
          data: { recorded: JSON.stringify({ messageId: raw.messageId, data: raw.data }) },
        };
      }),
  };
  const findings = runAudit(snapshot, { deep: true }, [recording]).findings;
  const declared = ruleConfidences(rule.meta);
  for (const finding of findings) {
    expect(declared, `${ruleId} declares the confidences its findings carry (meta.confidences)`).to.include(
      finding.confidence
    );
    seen.set(ruleId, new Set([...(seen.get(ruleId) ?? []), finding.confidence]));
  }
  return findings.map((finding) => {
    const { messageId, data } = JSON.parse(finding.message) as { messageId: string; data: MessageData };
    return { messageId, data, target: finding.target, severity: finding.severity, confidence: finding.confidence };
  });
}

/** The one finding of rule `ruleId` on `snapshot`; fails unless there is exactly one. */
export function only(ruleId: string, snapshot: Snapshot): Reported {
  const findings = reported(ruleId, snapshot);
  expect(findings, JSON.stringify(findings, null, 2)).to.have.length(1);
  return findings[0];
}

/** goodSnapshot() with mappings added to its first set (the first added one is mapping index 5). */
export function addMapping(...extra: Array<ReturnType<typeof mapping>>): Snapshot {
  return withSet((set) => ({ ...set, accessMappings: [...set.accessMappings, ...extra] }));
}

/** goodSnapshot() with a profile added to its first set. */
export function addProfile(name: string): Snapshot {
  return withSet((set) => ({ ...set, profiles: [...set.profiles, name] }));
}
