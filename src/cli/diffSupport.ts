/**
 * The two sides `sf sharing set diff` compares: an org (its sharing sets, the calls made and its allowance) or a
 * local project (its sharing sets, and the files it could not read: the diff leaves their sets out of the comparison
 * rather than report them as missing, lists the files and exits 1, since the comparison is incomplete).
 */
import { Messages, type Org } from '@salesforce/core';
import { nameKey } from '../model/names.js';
import type { SharingSet } from '../model/types.js';
import type { ApiCallCounts, DailyRequests } from '../org/client.js';
import { loadSharingSets } from '../org/sharingSets.js';
import { loadProjectSharingSets, readBackups, type BackupFile, type SourceProblem } from '../source/index.js';
import { finishSession, openOrg } from './command.js';
import { listProblems, readingProject } from './project.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.set.diff');

/** An org one side of the diff was read from. */
export type DiffOrg = {
  kind: 'org';
  org: string;
  orgId: string;
  /** The org's daily API allowance, read when the diff makes more than a handful of calls to it. */
  dailyApiRequests?: DailyRequests;
};
/** A local project the source side was read from (its root, absolute). */
export type DiffProject = { kind: 'project'; sourceDir: string };

export type OrgSide = { info: DiffOrg; label: string; sharingSets: SharingSet[]; calls: ApiCallCounts };
export type ProjectSide = {
  info: DiffProject;
  label: string;
  sharingSets: SharingSet[];
  calls?: undefined;
  /** Files of the project that could not be read: their sets are not compared. */
  problems: SourceProblem[];
};

/** An org's sharing sets (only `names` when given), with the calls it took and its allowance. */
export async function readOrgSide(
  org: Org,
  apiVersion: string | undefined,
  names: string[] | undefined,
  command: { warn(message: string): unknown }
): Promise<OrgSide> {
  const session = await openOrg(org, apiVersion);
  const { sharingSets } = await loadSharingSets(session.client, names);
  const { apiCalls, ...allowance } = await finishSession(session, command);
  return {
    info: { kind: 'org', org: session.orgName, orgId: org.getOrgId(), ...allowance },
    label: messages.getMessage('label.org', [session.orgName]),
    sharingSets,
    calls: apiCalls,
  };
}

/** The project's sharing sets, with every file that could not be read. */
export async function readProjectSide(dir: string): Promise<ProjectSide> {
  const { root, sharingSets, problems } = await readingProject(loadProjectSharingSets(dir));
  return {
    info: { kind: 'project', sourceDir: root },
    label: messages.getMessage('label.project', [dir]),
    sharingSets,
    problems,
  };
}

/**
 * What an incomplete project leaves comparable: the org's sets and the asked-for names without the sets whose files
 * could not be read (unknown, not missing: reporting them as "only in the org" would be wrong).
 */
export function withoutUnreadable(
  target: SharingSet[],
  names: string[] | undefined,
  problems: readonly SourceProblem[]
): { target: SharingSet[]; names: string[] | undefined } {
  const unknown = new Set(problems.flatMap((problem) => (problem.fullName ? [nameKey(problem.fullName)] : [])));
  if (unknown.size === 0) return { target, names };
  return {
    target: target.filter((set) => !unknown.has(nameKey(set.fullName))),
    names: names?.filter((name) => !unknown.has(nameKey(name))),
  };
}

/** Backup files the source side was read from (--backup): each with the set it holds and when it was saved. */
export type DiffBackups = {
  kind: 'backup';
  path: string;
  files: Array<{ file: string; fullName: string; savedAt?: string }>;
};
export type BackupSide = { info: DiffBackups; label: string; backups: BackupFile[]; calls?: undefined };

/** The backups in a file or folder (src/source/backups.ts); a file that can't be read fails the diff, as in a project. */
export async function readBackupSide(path: string): Promise<BackupSide> {
  const { backups, problems } = await readBackups(path);
  if (problems.length > 0) {
    throw messages.createError('error.SourceProblems', [problems.length, listProblems(problems)]);
  }
  if (backups.length === 0) throw messages.createError('error.NoBackups', [path]);
  const files = backups.map(({ file, set, savedAt }) => ({ file, fullName: set.fullName, ...(savedAt ? { savedAt } : {}) }));
  return { info: { kind: 'backup', path, files }, label: messages.getMessage('label.backups', [path]), backups };
}

/** The calls of both sides, added up by kind. */
export function totalCalls(a: ApiCallCounts, b: ApiCallCounts | undefined): ApiCallCounts {
  const total = { ...a };
  for (const key of Object.keys(total) as Array<keyof ApiCallCounts>) total[key] += b?.[key] ?? 0;
  return total;
}
