/**
 * SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).
 *
 * Sources:
 * - OASIS SARIF 2.1.0 (schema as shipped by Microsoft's SARIF SDK, test/fixtures/sarif/).
 * - GitHub, "SARIF support for code scanning" (docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning):
 * `ruleId` must be stable across runs; `partialFingerprints` prevent duplicate alerts; `shortDescription` /
 * `fullDescription` / `help` are shown on the alert; `precision` and `tags` come from `rule.properties`.
 * - Microsoft SARIF Multitool GitHub rules GH1001 (every location needs `physicalLocation.artifactLocation.uri`: code
 * scanning does not display a result without one), GH1003 (`region.startLine` required), GH1005 (relative URIs).
 *
 * Every result carries its target as a logical location (`SharingSet/<name>/accessMappings/<n>`, `Profile/<name>`,
 * `Object/<name>`, or `Org` for the org as a whole). A result from a project file also carries the file and line.
 * A result of a project audit without a file (a finding about a profile or object) still needs a physical location for
 * GitHub to show it: it points at the project's `sfdx-project.json` line 1 (overridable with `fallbackArtifactUri`),
 * marked `locationIsFallback`. An audit of an org alone has no project, so no file can be assumed to exist: its
 * results carry the logical location only (GitHub code scanning, which needs a file, does not show them; upload the
 * SARIF of a project audit there).
 *
 * `security-severity` is not emitted: GitHub uses it to rank security alerts by CVSS-like score, and the rule
 * metadata carries no such score; inventing one from `severity` would claim precision we do not have.
 */
import type * as Sarif from 'sarif';
import type { Finding, RuleMeta, Severity } from '../audit/types.js';
import { sourceLabel } from '../model/docs.js';
import {
  type AuditReport,
  type SuppressedFinding,
  auditCounts,
  compareFindings,
  describeOrigin,
  describeTarget,
  findingLine,
  sortFindings,
  sortRules,
  sortUnverified,
  DEFAULT_GATE_CONFIDENCE,
  DEFAULT_THRESHOLD,
  type UnverifiedEntry,
} from './auditReport.js';

/** Options of the SARIF renderer. */
export type SarifOptions = {
  /**
   * Repository-relative path used as the physical location of findings that have no file (see the module comment).
   * Default `sfdx-project.json`.
   */
  fallbackArtifactUri?: string;
};

/** The official location of the SARIF 2.1.0 schema (as written in OASIS's own examples). */
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The key under `partialFingerprints` holding our stable fingerprint; versioned so a new scheme gets a new key. */
export const FINGERPRINT_KEY = 'pluginSharingFinding/v1';

const DEFAULT_FALLBACK_URI = 'sfdx-project.json';
const SRCROOT = '%SRCROOT%';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/** SARIF `precision` (GitHub: very-high, high, medium, low) from our confidence. */
const PRECISION: Record<RuleMeta['confidence'], string> = { high: 'high', medium: 'medium', low: 'low' };

/**
 * Builds the SARIF log object of an audit report.
 *
 * @param report findings, rules, suppressed findings and context of one audit run
 * @param options rendering options
 * @returns a SARIF 2.1.0 log (plain object)
 */
export function buildSarif(report: AuditReport, options: SarifOptions = {}): Sarif.Log {
  const rules = withUnknownRules(sortRules(report.rules), [
    ...report.findings,
    ...(report.suppressed ?? []).map((s) => s.finding),
  ]);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  // Only a project audit has a project file to fall back on (see the module comment).
  const fallbackUri =
    report.origin.kind === 'org' ? undefined : options.fallbackArtifactUri ?? DEFAULT_FALLBACK_URI;

  const active = sortFindings(report.findings).map((finding) => toResult(finding, ruleIndex, fallbackUri, undefined));
  const suppressed = [...(report.suppressed ?? [])]
    .sort((a, b) => compareFindings(a.finding, b.finding))
    .map((entry) => toResult(entry.finding, ruleIndex, fallbackUri, entry));

  const counts = auditCounts(report);
  const driver: Sarif.ToolComponent = {
    name: report.tool.name,
    version: report.tool.version,
    semanticVersion: report.tool.version,
    ...(report.tool.informationUri ? { informationUri: report.tool.informationUri } : {}),
    rules: rules.map(toDescriptor),
  };

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver },
        automationDetails: { id: `${report.tool.name}/audit/` },
        results: [...active, ...suppressed],
        ...(report.unverified?.length
          ? {
              invocations: [
                {
                  executionSuccessful: true,
                  toolExecutionNotifications: sortUnverified(report.unverified).map((entry) =>
                    toNotification(entry, fallbackUri, report.requireComplete === true)
                  ),
                },
              ],
            }
          : {}),
        properties: {
          origin: describeOrigin(report.origin),
          originKind: report.origin.kind,
          threshold: report.threshold ?? DEFAULT_THRESHOLD,
          gateConfidence: report.confidence ?? DEFAULT_GATE_CONFIDENCE,
          counts,
        },
      },
    ],
  };
}

/**
 * Renders an audit report as SARIF 2.1.0 JSON text (two-space indented, trailing newline).
 *
 * @param report findings, rules, suppressed findings and context of one audit run
 * @param options rendering options
 * @returns the SARIF document
 */
export function renderSarif(report: AuditReport, options: SarifOptions = {}): string {
  return `${JSON.stringify(buildSarif(report, options), null, 2)}\n`;
}

/** Rules listed in the report, plus a minimal descriptor for any rule id a finding uses that the report lacks. */
function withUnknownRules(rules: RuleMeta[], findings: readonly Finding[]): RuleMeta[] {
  const known = new Set(rules.map((rule) => rule.id));
  const extra = [...new Set(findings.map((f) => f.ruleId).filter((id) => !known.has(id)))].sort();
  return [
    ...rules,
    ...extra.map(
      (id): RuleMeta => ({
        id,
        title: id,
        severity: findings.find((f) => f.ruleId === id)?.severity ?? 'warning',
        confidence: findings.find((f) => f.ruleId === id)?.confidence ?? 'low',
        rationale: `Rule ${id} is not described by this version of the tool.`,
        remediation: 'See the finding message.',
        sourceUrl: '',
      })
    ),
  ];
}

function toDescriptor(rule: RuleMeta): Sarif.ReportingDescriptor {
  const label = rule.sourceUrl ? sourceLabel(rule.sourceUrl) : '';
  const helpText = `${rule.rationale}\n\nRemediation: ${rule.remediation}${
    rule.sourceUrl ? `\n\n${label[0].toUpperCase()}${label.slice(1)}: ${rule.sourceUrl}` : ''
  }`;
  const helpMarkdown = `**Why it matters.** ${rule.rationale}\n\n**How to fix.** ${rule.remediation}${
    rule.sourceUrl ? `\n\n[${label}](${rule.sourceUrl})` : ''
  }${rule.confidence === 'high' ? '' : `\n\n_Confidence: ${rule.confidence} (not from primary documentation)._`}`;
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: { text: helpText, markdown: helpMarkdown },
    ...(isAbsoluteUri(rule.sourceUrl) ? { helpUri: rule.sourceUrl } : {}),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: ['salesforce', 'sharing-set', 'access-control', ...(rule.deep ? ['deep'] : [])],
      precision: PRECISION[rule.confidence],
      confidence: rule.confidence,
    },
  };
}

function toResult(
  finding: Finding,
  ruleIndex: Map<string, number>,
  fallbackUri: string | undefined,
  suppression: SuppressedFinding | undefined
): Sarif.Result {
  const file = finding.location?.file;
  const physical = physicalLocation(finding, fallbackUri);
  return {
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId) ?? -1,
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [{ ...(physical ? { physicalLocation: physical } : {}), logicalLocations: [logicalLocation(finding)] }],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    ...(suppression
      ? { suppressions: [{ kind: 'external', status: 'accepted', justification: suppression.reason }] }
      : {}),
    properties: {
      confidence: finding.confidence,
      target: describeTarget(finding.target),
      ...(physical && !file ? { locationIsFallback: true } : {}),
    },
  };
}

/**
 * A reference the audit could not verify, as a notification of the run (SARIF 2.1.0 §3.20.21: conditions met while
 * analysing, as opposed to results): level note, or error when a complete gate fails on it.
 */
function toNotification(entry: UnverifiedEntry, fallbackUri: string | undefined, failsGate: boolean): Sarif.Notification {
  const physical = physicalLocation(entry, fallbackUri);
  return {
    descriptor: { id: 'unverified' },
    level: failsGate ? 'error' : 'note',
    message: { text: `Not verified: ${entry.kind} ${entry.name}: ${entry.reason}` },
    locations: [{ ...(physical ? { physicalLocation: physical } : {}), logicalLocations: [logicalLocation(entry)] }],
    properties: { kind: entry.kind, name: entry.name, target: describeTarget(entry.target) },
  };
}

/**
 * Where the finding is in Salesforce terms: `SharingSet/<fullName>[/accessMappings/<n>|/profiles/<name>]`, or
 * `Profile/<name>`, `Object/<name>` for findings about those. Mapping indexes are 0-based like the XML order.
 */
/**
 * The file and line of a finding; without a file, the project's fallback artifact (`fallbackUri`, undefined for an
 * audit of an org alone: then there is no physical location at all).
 */
function physicalLocation(
  finding: Pick<Finding, 'target' | 'location'>,
  fallbackUri: string | undefined
): Sarif.PhysicalLocation | undefined {
  const file = finding.location?.file;
  if (file !== undefined && file !== '') {
    return { artifactLocation: artifactLocation(file), region: { startLine: findingLine(finding) ?? 1 } };
  }
  if (fallbackUri === undefined) return undefined;
  return { artifactLocation: { uri: encodePath(fallbackUri), uriBaseId: SRCROOT }, region: { startLine: 1 } };
}

function logicalLocation(finding: Pick<Finding, 'target'>): Sarif.LogicalLocation {
  const { sharingSet, mappingIndex, profile, object } = finding.target;
  if (sharingSet) {
    if (mappingIndex !== undefined) {
      return {
        fullyQualifiedName: `SharingSet/${sharingSet}/accessMappings/${mappingIndex}`,
        name: `accessMappings[${mappingIndex}]`,
        kind: 'element',
      };
    }
    if (profile !== undefined) {
      return { fullyQualifiedName: `SharingSet/${sharingSet}/profiles/${profile}`, name: profile, kind: 'element' };
    }
    return { fullyQualifiedName: `SharingSet/${sharingSet}`, name: sharingSet, kind: 'resource' };
  }
  if (profile !== undefined) return { fullyQualifiedName: `Profile/${profile}`, name: profile, kind: 'resource' };
  if (object !== undefined) return { fullyQualifiedName: `Object/${object}`, name: object, kind: 'resource' };
  return { fullyQualifiedName: 'Org', name: 'org', kind: 'resource' };
}

/**
 * A file under the folder the audit ran in is a relative, percent-encoded URI under %SRCROOT% (its path is relative
 * already). A file outside it stays absolute, as a file: URI: GitHub's upload-sarif action relativizes absolute paths
 * against its `checkout_path` ("Used to relativize any absolute paths in the uploaded SARIF file", the action's
 * action.yml), which a path rebased on some other root would defeat (an SFDX project in a subfolder of the repository).
 */
function artifactLocation(file: string): Sarif.ArtifactLocation {
  const path = file.replace(/\\/g, '/');
  if (/^[A-Za-z]:\//.test(path)) return { uri: `file:///${encodePath(path)}` };
  // A UNC path (\\server\share\...) names its host: file://server/share/...
  if (path.startsWith('//')) return { uri: `file:${encodePath(path)}` };
  if (path.startsWith('/')) return { uri: `file://${encodePath(path)}` };
  return { uri: encodePath(path.replace(/^\.\//, '')), uriBaseId: SRCROOT };
}

function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => (/^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment)))
    .join('/');
}

function isAbsoluteUri(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
}

/** `profile-not-eligible` → `ProfileNotEligible`, the SARIF convention for `reportingDescriptor.name`. */
function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}
