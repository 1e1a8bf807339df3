/**
 * The audit engine: runs the selected rules over a snapshot and turns their raw findings into reportable ones
 * (severity and confidence from the rule's meta, source location, stable fingerprint), in a stable order.
 *
 * Pure: no I/O. `node:crypto`'s createHash is plain computation and is available wherever Node runs.
 */
import { createHash } from 'node:crypto';
import type { SharingSet, Snapshot } from '../model/types.js';
import { mappingKey, nameKey } from '../model/names.js';
import type { Confidence, Finding, FindingTarget, RawFinding, Rule, RuleMeta, Severity } from './types.js';
import { RULES } from './rules/index.js';

export type AuditOptions = {
  /** Only these rule ids (default: every rule). */
  rules?: readonly string[];
  /** Rule ids to leave out (applied after `rules`). */
  excludeRules?: readonly string[];
  /** Run rules that need a deep read (record counts); without it they are listed as skipped. */
  deep?: boolean;
};

export type SkippedRule = { id: string; reason: string };

export type AuditSummary = Record<Severity, number> & { total: number };

export type AuditResult = {
  /** Sorted by sharing set, mapping, profile, object, rule id, fingerprint. */
  findings: Finding[];
  /** Meta of the rules that ran, in registry order. */
  rulesRun: RuleMeta[];
  /** Selected rules that did not run, and why. */
  rulesSkipped: SkippedRule[];
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

const SEVERITY_RANK: Record<Severity, number> = { error: 2, warning: 1, info: 0 };
const CONFIDENCE_RANK: Record<Confidence, number> = { high: 2, medium: 1, low: 0 };

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
      // Asked for and still missing, or a project alone (no records to count): --deep would not help, an org would.
      const reason =
        options.deep === true || snapshot.origin.kind === 'source'
          ? 'needs record counts, which only an org has; add --target-org'
          : 'needs a deep read (record counts); run with --deep';
      rulesSkipped.push({ id: rule.meta.id, reason });
      continue;
    }
    rulesRun.push(rule.meta);
    for (const raw of rule.check(snapshot)) findings.push(toFinding(rule.meta, raw, snapshot));
  }

  disambiguate(findings);
  findings.sort(compareFindings);
  const summary: AuditSummary = { error: 0, warning: 0, info: 0, total: findings.length };
  for (const finding of findings) summary[finding.severity] += 1;
  return { findings, rulesRun, rulesSkipped, summary };
}

function toFinding(meta: RuleMeta, raw: RawFinding, snapshot: Snapshot): Finding {
  const set = raw.target.sharingSet === undefined ? undefined : findSet(snapshot, raw.target.sharingSet);
  const severity =
    raw.severity && SEVERITY_RANK[raw.severity] < SEVERITY_RANK[meta.severity] ? raw.severity : meta.severity;
  const confidence =
    raw.confidence && CONFIDENCE_RANK[raw.confidence] < CONFIDENCE_RANK[meta.confidence]
      ? raw.confidence
      : meta.confidence;
  const location = set ? locate(set, raw.target) : undefined;
  return {
    ruleId: meta.id,
    severity,
    confidence,
    message: raw.message,
    target: raw.target,
    ...(location ? { location } : {}),
    fingerprint: fingerprint(meta.id, raw, set),
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
    const index = set.profiles.findIndex((profile) => nameKey(profile) === nameKey(target.profile ?? ''));
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
    object?.toLowerCase() ?? '',
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

function compareText(left: string | undefined, right: string | undefined): number {
  if (left === right) return 0;
  if (left === undefined) return 1;
  if (right === undefined) return -1;
  return left < right ? -1 : left > right ? 1 : 0;
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
