/**
 * The deploy command's reading and checking: the project (every file must be readable), the org's sharing sets, and
 * the project checked against the org with the audit's own rules, as `create` checks its one set
 * (src/cli/createSupport.ts), over the org as it will be once the project is deployed (src/model/overlay.ts, as
 * `audit --source-dir --target-org` does).
 */
import { Messages } from '@salesforce/core';
import { runAudit } from '../audit/index.js';
import type { Finding } from '../audit/types.js';
import { hasName } from '../model/names.js';
import { overlayProject } from '../model/overlay.js';
import type { SharingSet } from '../model/types.js';
import { loadSharingSets } from '../org/sharingSets.js';
import { loadOrgSnapshot } from '../org/snapshot.js';
import { WRITE_CALLS } from '../org/writes.js';
import { loadSourceSnapshot } from '../source/index.js';
import { findingAdvice } from './auditAdvice.js';
import type { OrgSession } from './command.js';
import { EXIT } from './exitCodes.js';
import { listProblems, readingProject } from './project.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.set.deploy');

/** A finding of the check, as the result reports it. */
export type DeployProblem = {
  sharingSet: string;
  ruleId: string;
  severity: string;
  confidence: string;
  message: string;
};

export type DeployInputs = {
  /** The project's root, absolute. */
  root: string;
  project: SharingSet[];
  org: SharingSet[];
  /** Errors of high confidence (they refuse the plan) and the other findings, for the sets deployed. */
  blocking: DeployProblem[];
  warnings: DeployProblem[];
};

/**
 * Reads the project and the org (in parallel: the org's sets, and its profiles and objects for the check) and checks
 * the project. A project file that can't be read refuses the deploy before the org is read.
 *
 * @param names with `--name`, only these sets are checked (and deployed)
 */
export async function readDeployInputs(
  { client, orgName }: OrgSession,
  sourceDir: string,
  orgId: string,
  names: string[] | undefined
): Promise<DeployInputs> {
  const { snapshot: source, problems } = await readingProject(loadSourceSnapshot(sourceDir));
  if (problems.length > 0) {
    throw messages.createError('error.SourceProblems', [problems.length, listProblems(problems)], [], EXIT.usage);
  }
  // The reads, the check's profiles, defaults and describes, and the writes' calls: more than a handful.
  client.watchAllowance(5 + WRITE_CALLS);
  const [org, checked] = await Promise.all([
    loadSharingSets(client),
    loadOrgSnapshot(client, {
      org: orgName,
      orgId,
      sharingSets: source.sharingSets,
      profiles: true,
      objects: true,
    }),
  ]);
  const snapshot = overlayProject(checked.snapshot, source);
  const deployed = (finding: Finding): boolean =>
    finding.target.sharingSet !== undefined && (!names?.length || hasName(names, finding.target.sharingSet));
  const findings = runAudit(snapshot, { advise: findingAdvice }).findings.filter(deployed);
  const isBlocking = (finding: Finding): boolean => finding.severity === 'error' && finding.confidence === 'high';
  return {
    root: source.origin.sourceDir ?? sourceDir,
    project: source.sharingSets,
    org: org.sharingSets,
    blocking: findings.filter(isBlocking).map(toProblem),
    warnings: findings.filter((finding) => !isBlocking(finding)).map(toProblem),
  };
}

function toProblem(finding: Finding): DeployProblem {
  return {
    sharingSet: finding.target.sharingSet ?? '',
    ruleId: finding.ruleId,
    severity: finding.severity,
    confidence: finding.confidence,
    message: finding.message,
  };
}
