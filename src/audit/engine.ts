/**
 * The audit engine: runs the selected rules over a snapshot and turns their raw findings into reportable ones
 * (severity and confidence from the rule's meta, source location, stable fingerprint), in a stable order.
 *
 * Pure: no I/O. `node:crypto`'s createHash is plain computation and is available wherever Node runs.
 */
import { createHash } from 'node:crypto';
import type { SharingSet, Snapshot } from '../model/types.js';
import { mappingKey, nameKey, sameName } from '../model/names.js';
import { milder, weakest } from '../model/confidence.js';
import type { Advice } from '../analysis/paths.js';
import type { Finding, FindingTarget, RawFinding, Rule, RuleMessages, RuleMeta, Severity } from './types.js';
import { RULES } from './rules/index.js';
import { formatMessage } from './format.js';
import { compareText } from './order.js';
import { unverifiedRefs, type UnverifiedRef } from './unverified.js';

export type AuditOptions = {
  /** Only these rule ids (default: every rule). */
  rules?: readonly string[];
  /** Rule ids to leave out (applied after `rules`). */
  excludeRules?: readonly string[];
  /** Run rules that need a deep read (record counts); without it they are listed as skipped. */
  deep?: boolean;
  /**
   * How the caller words a finding's advice code (the CLI names its flags: src/cli/auditAdvice.ts); the text is
   * appended to the finding's message. Without it, messages end where the advice would begin.
   */
  advise?: (advice: Advice) => string;
};

/**
 * Why a selected rule did not run, as a code (the CLI words it, with its flags): `needs-org` when only an org has
 * the data (record counts), `needs-deep` when a deep read of the org would gather it.
 */
export type SkipReason = 'needs-org' | 'needs-deep';

export type SkippedRule = { id: string; reason: SkipReason };

export type AuditSummary = Record<Severity, number> & { total: number };

/** A reference the audit could not verify, with the file and line it is written at (when read from a project). */
export type Unverified = UnverifiedRef & { location?: Finding['location'] };

export type AuditResult = {
  /** Sorted by sharing set, mapping, profile, object, rule id, fingerprint. */
  findings: Finding[];
  /** Meta of the rules that ran, in registry order. */
  rulesRun: RuleMeta[];
  /** Selected rules that did not run, and why. */
  rulesSkipped: SkippedRule[];
  /** Every profile, object and path the sharing sets name that could not be verified (src/audit/unverified.ts). */
  unverified: Unverified[];
  summary: AuditSummary;
};

/** Thrown when `rules` or `excludeRules` name ids the registry does not have. */
export class UnknownRuleError extends Error {
  public readonly unknownIds: string[];
  public readonly validIds: string[];

  public constructor(unknownIds: string[], validIds: string[]) {
    super(`Unknown audit rule id(s): ${unknownIds.join(', ')}. Valid ids: ${validIds.join(', ')}.`);
    this.name = 'UnknownRuleError';
    this.unknownIds = unknownIds;
    this.validIds = validIds;
  }
}

/** The rules `options` select, in registry order; throws UnknownRuleError on an id the registry lacks. */
export function selectRules(options: AuditOptions, rules: readonly Rule[] = RULES): Rule[] {
  const validIds = rules.map((rule) => rule.meta.id);
  const unknown = [...(options.rules ?? []), ...(options.excludeRules ?? [])].filter((id) => !validIds.includes(id));
  if (unknown.length > 0) throw new UnknownRuleError([...new Set(unknown)], validIds);
  const wanted = options.rules && options.rules.length > 0 ? new Set(options.rules) : undefined;
  const excluded = new Set(options.excludeRules ?? []);
  return rules.filter((rule) => (wanted ? wanted.has(rule.meta.id) : true) && !excluded.has(rule.meta.id));
}

/**
 * Runs the audit.
 *
 * @param rules the registry to draw from (tests pass their own); defaults to every rule of `rules/index.ts`.
 */
export function runAudit(snapshot: Snapshot, options: AuditOptions = {}, rules: readonly Rule[] = RULES): AuditResult {
  const selected = selectRules(options, rules);
  const rulesRun: RuleMeta[] = [];
  const rulesSkipped: SkippedRule[] = [];
  const findings: Finding[] = [];

  for (const rule of selected) {
    if (rule.meta.deep && !(options.deep && snapshot.skew)) {
      // Asked for and still missing, or a project alone (no records to count): a deep read would not help, an org would.
      const reason: SkipReason =
        options.deep === true || snapshot.origin.kind === 'source' ? 'needs-org' : 'needs-deep';
      rulesSkipped.push({ id: rule.meta.id, reason });
      continue;
    }
    rulesRun.push(describedBy(rule.meta));
    for (const raw of rule.check(snapshot)) findings.push(toFinding(rule.meta, raw, snapshot, options.advise));
  }

  disambiguate(findings);
  findings.sort(compareFindings);
  const summary: AuditSummary = { error: 0, warning: 0, info: 0, total: findings.length };
  for (const finding of findings) summary[finding.severity] += 1;
  const unverified = unverifiedRefs(snapshot).map((ref): Unverified => {
    const set = ref.target.sharingSet === undefined ? undefined : findSet(snapshot, ref.target.sharingSet);
    const location = set ? locate(set, ref.target) : undefined;
    return location ? { ...ref, location } : ref;
  });
  return { findings, rulesRun, rulesSkipped, unverified, summary };
}

/** The rule's meta without its messages: those are the engine's to format; reports describe a rule by the rest. */
function describedBy(meta: Rule['meta']): RuleMeta {
  const described: RuleMeta & { messages?: RuleMessages } = { ...meta };
  delete described.messages;
  return described;
}

function toFinding(meta: Rule['meta'], raw: RawFinding, snapshot: Snapshot, advise: AuditOptions['advise']): Finding {
  const set = raw.target.sharingSet === undefined ? undefined : findSet(snapshot, raw.target.sharingSet);
  const location = raw.location ?? (set ? locate(set, raw.target) : undefined);
  return {
    ruleId: meta.id,
    // A finding may lower its rule's severity or confidence, never raise them.
    severity: milder(raw.severity ?? meta.severity, meta.severity),
    confidence: weakest(raw.confidence, meta.confidence),
    message: formatMessage(meta, raw.messageId, raw.data) + (raw.advice && advise ? advise(raw.advice) : ''),
    target: raw.target,
    ...(location ? { location } : {}),
    fingerprint: fingerprint(meta.id, raw, set),
    ...(raw.acceptedWith?.length
      ? {
          acceptedAs: raw.acceptedWith.map((target) =>
            fingerprint(
              meta.id,
              { ...raw, target },
              target.sharingSet === undefined ? undefined : findSet(snapshot, target.sharingSet)
            )
          ),
        }
      : {}),
  };
}

function findSet(snapshot: Snapshot, fullName: string): SharingSet | undefined {
  return snapshot.sharingSets.find((set) => set.fullName === fullName);
}

/** File and line of the finding's target: the mapping's or profile's line when known, else the set's. */
function locate(set: SharingSet, target: FindingTarget): Finding['location'] {
  if (!set.location) return undefined;
  const { file, line, mappingLines, profileLines } = set.location;
  let lineOfTarget: number | undefined;
  if (target.mappingIndex !== undefined) lineOfTarget = mappingLines?.[target.mappingIndex];
  else if (target.profile !== undefined) {
    const index = set.profiles.findIndex((profile) => sameName(profile, target.profile));
    lineOfTarget = index >= 0 ? profileLines?.[index] : undefined;
  }
  return { file, line, ...(lineOfTarget !== undefined ? { lineOfTarget } : {}) };
}

/**
 * A hash of the rule id and what the finding is about, never its position: a mapping is identified by its content
 * (object, objectField, userField), a profile by its case-folded name, so reordering or reformatting a file keeps
 * every fingerprint.
 */
function fingerprint(ruleId: string, raw: RawFinding, set: SharingSet | undefined): string {
  const { sharingSet, mappingIndex, profile, object } = raw.target;
  const mapping = mappingIndex === undefined ? undefined : set?.accessMappings[mappingIndex];
  const identity = [
    ruleId,
    sharingSet ?? '',
    mapping ? mappingKey(mapping) : mappingIndex === undefined ? '' : `#${mappingIndex}`,
    profile === undefined ? '' : nameKey(profile),
    object === undefined ? '' : nameKey(object),
    raw.identity ?? '',
  ];
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

/**
 * Two findings with the same identity (e.g. the same mapping written twice in one set) get an occurrence suffix, so
 * fingerprints stay unique; only the relative order of identical findings matters for it.
 */
function disambiguate(findings: Finding[]): void {
  const seen = new Map<string, number>();
  for (const finding of findings) {
    const count = (seen.get(finding.fingerprint) ?? 0) + 1;
    seen.set(finding.fingerprint, count);
    if (count > 1) {
      finding.fingerprint = createHash('sha256').update(`${finding.fingerprint}#${count}`).digest('hex');
    }
  }
}

function compareFindings(left: Finding, right: Finding): number {
  return (
    compareText(left.target.sharingSet, right.target.sharingSet) ||
    (left.target.mappingIndex ?? -1) - (right.target.mappingIndex ?? -1) ||
    compareText(
      left.target.profile && nameKey(left.target.profile),
      right.target.profile && nameKey(right.target.profile)
    ) ||
    compareText(left.target.object, right.target.object) ||
    compareText(left.ruleId, right.ruleId) ||
    compareText(left.fingerprint, right.fingerprint)
  );
}
