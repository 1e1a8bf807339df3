// Severity and confidence, the two scales every analysis and report shares, with their one ranking.

export type Severity = 'error' | 'warning' | 'info';

/**
 * How sure we are of the Salesforce behaviour a rule rests on, from the tags in docs/salesforce-facts.md:
 * high = [SRC]/[DOC], medium = [2ND], low = [UNC]. Rules below `high` never fail a gate at `error` on their own.
 */
export type Confidence = 'high' | 'medium' | 'low';

/** Severities from most to least severe (display order). */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Confidences from most to least sure (display order). */
export const CONFIDENCES: readonly Confidence[] = ['high', 'medium', 'low'];

const SEVERITY_RANK: Record<Severity, number> = { error: 2, warning: 1, info: 0 };
const CONFIDENCE_RANK: Record<Confidence, number> = { high: 2, medium: 1, low: 0 };

/** Positive when `a` is more severe than `b`, zero when equal. */
export const severityRank = (severity: Severity): number => SEVERITY_RANK[severity];

/** Higher for surer confidence. */
export const confidenceRank = (confidence: Confidence): number => CONFIDENCE_RANK[confidence];

/** The least sure of the given confidences (undefined ones ignored); high when none is given. */
export function weakest(...values: Array<Confidence | undefined>): Confidence {
  return values.reduce<Confidence>(
    (lowest, value) => (value !== undefined && CONFIDENCE_RANK[value] < CONFIDENCE_RANK[lowest] ? value : lowest),
    'high'
  );
}

/** The less severe of two severities. */
export function milder(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] <= SEVERITY_RANK[b] ? a : b;
}

/** Whether a severity is at or above the threshold. */
export function meetsThreshold(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}
