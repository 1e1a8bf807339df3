/**
 * The plan of `sf sharing set deploy`: what must change in an org for it to hold exactly a project's sharing sets.
 * Pure: the comparison itself is `set diff`'s (src/diff/diff.ts), so deploy and diff can never disagree on what
 * changed (case of names and profiles, order, blank descriptions never count: a second run writes nothing).
 */
import { diffSharingSets, type SharingSetChange } from '../diff/diff.js';
import { compareNames, indexByName } from '../model/names.js';
import type { SharingSet } from '../model/types.js';
import { chunk } from '../util/concurrency.js';

export type PlanAction = 'create' | 'update' | 'unchanged' | 'delete' | 'keep';

/** One set of the plan. `keep`: in the org only, left there (no `--delete-missing`). */
export type PlanItem = {
  fullName: string;
  action: PlanAction;
  /** For an update: what differs (as `set diff` reports it). */
  change?: SharingSetChange;
};

export type DeployPlan = {
  /** Every set compared, sorted by name. */
  items: PlanItem[];
  /** What is sent: creates and updates carry the project's definition, deletes the org's (for the backup). */
  creates: SharingSet[];
  updates: SharingSet[];
  deletes: SharingSet[];
  /** The org's current definitions of the sets updated or deleted: what the backup saves. */
  replaced: SharingSet[];
  unchanged: string[];
  /** In the org only, kept (no `--delete-missing`). */
  kept: string[];
  /** Names asked for (`--name`) that neither side holds. */
  notFound: string[];
  /** Whether anything would be written. */
  hasChanges: boolean;
};

export type PlanOptions = { names?: string[]; deleteMissing?: boolean };

/**
 * Classifies every set: in the project only → create; in both and different → update; in both and equal → unchanged;
 * in the org only → delete with `deleteMissing`, else keep. Updates and deletes address the set by the org's spelling
 * of its name (Salesforce treats API names without regard to case: src/diff/diff.ts).
 *
 * @param org the org's sharing sets
 * @param project the project's sharing sets
 */
export function planDeploy(
  org: readonly SharingSet[],
  project: readonly SharingSet[],
  options: PlanOptions = {}
): DeployPlan {
  const diff = diffSharingSets(org, project, { names: options.names });
  const inOrg = indexByName(org, (set) => set.fullName);
  const inProject = indexByName(project, (set) => set.fullName);
  const creates = diff.onlyInSource.map((set) => definitionOf(inProject.get(set.fullName) as SharingSet));
  const updates = diff.changed.map((change) => ({
    ...definitionOf(inProject.get(change.fullName) as SharingSet),
    fullName: change.fullName,
  }));
  const missing = diff.onlyInTarget.map((set) => inOrg.get(set.fullName) as SharingSet);
  const deletes = options.deleteMissing ? missing : [];
  const replaced = [...diff.changed.map((change) => inOrg.get(change.fullName) as SharingSet), ...deletes];
  const items: PlanItem[] = [
    ...creates.map((set): PlanItem => ({ fullName: set.fullName, action: 'create' })),
    ...diff.changed.map((change): PlanItem => ({ fullName: change.fullName, action: 'update', change })),
    ...diff.unchanged.map((fullName): PlanItem => ({ fullName, action: 'unchanged' })),
    ...missing.map((set): PlanItem => ({ fullName: set.fullName, action: options.deleteMissing ? 'delete' : 'keep' })),
  ].sort((a, b) => compareNames(a.fullName, b.fullName));
  return {
    items,
    creates,
    updates,
    deletes,
    replaced,
    unchanged: diff.unchanged,
    kept: options.deleteMissing ? [] : missing.map((set) => set.fullName),
    notFound: diff.notFound,
    hasChanges: creates.length + updates.length + deletes.length > 0,
  };
}

/**
 * Why a plan's deletes are refused without `--force`, or undefined: a wrong `--source-dir` (an empty or unrelated
 * folder) must not empty an org, so deleting every set of the org, or more than half of them, needs `--force`.
 *
 * @param orgCount how many sets the org holds (all of them, not only the named ones)
 */
export function deletionRisk(plan: DeployPlan, orgCount: number): 'all' | 'most' | undefined {
  const count = plan.deletes.length;
  if (count === 0) return undefined;
  if (count >= orgCount) return 'all';
  return count * 2 > orgCount ? 'most' : undefined;
}

export type BatchOperation = 'delete' | 'update' | 'create';

/** One Metadata API call of the deploy: at most `size` sets of one operation. */
export type DeployBatch = { operation: BatchOperation; sets: SharingSet[] };

/**
 * The plan's writes as Metadata API calls of at most `size` items (10: docs/salesforce-facts.md §4), in this order:
 * deletes, then updates, then creates. A set renamed in the project (the old name deleted, a new one created for the
 * same profiles and objects) is deleted before its successor is created, so an org that refuses a second set for the
 * same profile and object (a [2ND] rule, docs/salesforce-facts.md §2) accepts it; an update that gives up a mapping
 * likewise runs before a create that takes it.
 */
export function planBatches(plan: DeployPlan, size: number): DeployBatch[] {
  const calls = (operation: BatchOperation, sets: SharingSet[]): DeployBatch[] =>
    chunk(sets, size).map((batch) => ({ operation, sets: batch }));
  return [...calls('delete', plan.deletes), ...calls('update', plan.updates), ...calls('create', plan.creates)];
}

/** A set as sent to the org: its definition without where a project file held it. */
function definitionOf(set: SharingSet): SharingSet {
  const { location, ...definition } = set;
  void location;
  return definition;
}
