/**
 * What the audit looks at, in the mode the flags choose: a project alone, an org alone, or the project's sharing sets
 * checked against the org's profiles, licenses and schema (the org as it will be once the project is deployed).
 */
import type { Org } from '@salesforce/core';
import { overlayProject } from '../../model/overlay.js';
import type { Snapshot } from '../../model/types.js';
import type { AllowanceOutcome, ApiCallCounts } from '../../org/client.js';
import { loadOrgSnapshot } from '../../org/snapshot.js';
import { loadSourceSnapshot } from '../../source/index.js';
import { openOrg } from '../command.js';
import { readingProject } from '../project.js';

/**
 * The snapshot for the mode the flags choose: a project alone, an org alone, or the project's sharing sets checked
 * against the org's profiles, licenses and schema.
 */
export async function loadAuditSnapshot(
  org: Org | undefined,
  sourceDir: string | undefined,
  apiVersion: string | undefined,
  deep: boolean
): Promise<AuditSnapshot> {
  const source = sourceDir ? await loadSource(sourceDir) : undefined;
  if (!org)
    return { snapshot: source as Snapshot, allowance: {}, reloadProject: () => loadSource(sourceDir as string) };
  const { client } = await openOrg(org, apiVersion);
  const { snapshot } = await loadOrgSnapshot(client, {
    org: org.getUsername(),
    orgId: org.getOrgId(),
    ...(source ? { sharingSets: source.sharingSets } : {}),
    profiles: true,
    activeUsers: true,
    language: true,
    objects: true,
    skew: deep,
    limits: true,
  });
  // Checked against the org as it will be once the project is deployed: the project's objects, fields, defaults
  // and profiles over the org's.
  const overlaid = (project: Snapshot): Snapshot => ({
    ...overlayProject(snapshot, project),
    sharingSets: project.sharingSets,
    origin: { ...snapshot.origin, sourceDir: project.origin.sourceDir },
    ...(project.fileProblems ? { fileProblems: project.fileProblems } : {}),
  });
  return {
    snapshot: source ? overlaid(source) : snapshot,
    apiCalls: client.calls,
    allowance: await client.allowance(),
    // The org is not read again: an audit never writes to it, and --fix only removes or regroups what the project's
    // sets name, so everything the org part holds for the rewritten sets was read for the first ones.
    ...(sourceDir ? { reloadProject: async () => overlaid(await loadSource(sourceDir)) } : {}),
  };
}

export type AuditSnapshot = {
  snapshot: Snapshot;
  apiCalls?: ApiCallCounts;
  allowance: AllowanceOutcome;
  /** The project read again (after --fix rewrote files), over the org part already read: no API call. */
  reloadProject?: () => Promise<Snapshot>;
};

/**
 * The project's snapshot; every file it could not use is kept in `fileProblems`, and the rules
 * sharing-set-file-invalid and project-file-invalid report each one while the rest of the project is audited.
 */
async function loadSource(sourceDir: string): Promise<Snapshot> {
  const { snapshot, problems } = await readingProject(loadSourceSnapshot(sourceDir));
  return problems.length > 0 ? { ...snapshot, fileProblems: problems } : snapshot;
}

/** The snapshot to audit once --fix has run: the project read again when a fix was written, else the one loaded. */
export async function afterFixes(
  loaded: AuditSnapshot,
  fixes: Array<{ written: boolean }> | undefined
): Promise<Snapshot> {
  return fixes?.some((fix) => fix.written) && loaded.reloadProject ? loaded.reloadProject() : loaded.snapshot;
}
