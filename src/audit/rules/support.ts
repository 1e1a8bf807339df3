/**
 * Helpers shared by the audit rules: walking a snapshot's mappings and profile references, and building their
 * findings the same way everywhere (target, and the data every message about a set, mapping or profile can use).
 */
import type {
  AccessMapping,
  LayoutIssue,
  ProfileInfo,
  ProjectFileProblem,
  SharingSet,
  Snapshot,
} from '../../model/types.js';
import { indexByName, uniqueNames, type NameIndex } from '../../model/names.js';
import { quote, quoteAll } from '../../util/text.js';
import { classifyProfile, type Eligibility, type ProfileClassification } from '../../eligibility/classify.js';
import type { PathUnresolved } from '../../analysis/paths.js';
import type { MessageData, RawFinding } from '../types.js';

export type MappingRef = { set: SharingSet; mapping: AccessMapping; index: number };

export type ProfileRef = {
  set: SharingSet;
  /** The profile name as the sharing set writes it. */
  name: string;
  /** The profile as the snapshot knows it; undefined when not found. */
  info?: ProfileInfo;
};

/** What a finding may add to its target and message: fingerprint identity, a lower severity or confidence. */
export type FindingExtra = Pick<RawFinding, 'identity' | 'severity' | 'confidence'>;

/** Every access mapping of every sharing set, with its position. */
export function mappings(snapshot: Snapshot): MappingRef[] {
  return snapshot.sharingSets.flatMap((set) => set.accessMappings.map((mapping, index) => ({ set, mapping, index })));
}

/** The snapshot's profile named `name`, compared case-insensitively (docs/salesforce-facts.md §2). */
export function findProfile(snapshot: Snapshot, name: string): ProfileInfo | undefined {
  let index = profileIndexes.get(snapshot.profiles);
  if (!index) {
    index = indexByName(snapshot.profiles, (profile) => profile.name);
    profileIndexes.set(snapshot.profiles, index);
  }
  return index.get(name);
}

/** The profiles of each snapshot by name key, built once per snapshot (rules look profiles up for every set). */
const profileIndexes = new WeakMap<readonly ProfileInfo[], NameIndex<ProfileInfo>>();

/** Every profile reference of every sharing set (a name repeated in one set counts once). */
export function profileRefs(snapshot: Snapshot): ProfileRef[] {
  return snapshot.sharingSets.flatMap((set) =>
    uniqueNames(set.profiles).map((name) => {
      const info = findProfile(snapshot, name);
      return info ? { set, name, info } : { set, name };
    })
  );
}

export { quote, quoteAll };

/** How a message starts when naming a mapping: `Sharing set "X", mapping 2 (Case.Account = user's Account, Read)`. */
export function describeMapping(ref: MappingRef): string {
  const { set, mapping, index } = ref;
  return (
    `Sharing set ${quote(set.fullName)}, mapping ${index + 1} ` +
    `(${mapping.object}.${mapping.objectField} = user's ${mapping.userField}, ${mapping.accessLevel})`
  );
}

/** A finding about a whole sharing set; data `set` (its name). */
export function setFinding(set: SharingSet, messageId: string, data: MessageData = {}): RawFinding {
  return { messageId, data: { set: set.fullName, ...data }, target: { sharingSet: set.fullName } };
}

/** How the rules build a finding about one reference: its message id, what the message fills in, what `extra` adds. */
export type FindingOf<Ref> = (ref: Ref, messageId: string, data?: MessageData, extra?: FindingExtra) => RawFinding;

/**
 * A finding about one access mapping, targeting the set, the mapping's index and its object; data `set`, `mapping`
 * (as `describeMapping` words it) and `object`.
 */
export const mappingFinding: FindingOf<MappingRef> = (ref, messageId, data = {}, extra = {}) => ({
  messageId,
  data: { set: ref.set.fullName, mapping: describeMapping(ref), object: ref.mapping.object, ...data },
  target: { sharingSet: ref.set.fullName, mappingIndex: ref.index, object: ref.mapping.object },
  ...extra,
});

/** A finding about a profile a sharing set names, targeting the set and the profile; data `set` and `profile`. */
export const profileFinding: FindingOf<ProfileRef> = (ref, messageId, data = {}, extra = {}) => ({
  messageId,
  data: { set: ref.set.fullName, profile: ref.name, ...data },
  target: { sharingSet: ref.set.fullName, profile: ref.name },
  ...extra,
});

/**
 * The findings of a mapping whose objectField or userField path did not resolve (src/analysis/paths.ts), with the
 * message ids `invalid`, `invalidDidYouMean` (data `meant`) and `notConfirmed`, each with data `detail`. A field
 * hidden by field-level security or missing from a partly known object is doubtful, not wrong; `extra` applies to
 * the certain findings.
 */
export function unresolvedPathFindings(
  ref: MappingRef,
  result: PathUnresolved,
  extra: FindingExtra = {}
): RawFinding[] {
  const data = { detail: result.message };
  const advice = result.advice ? { advice: result.advice } : {};
  // A field the running user's describe leaves out, which FieldDefinition lists (or could not be read to deny):
  // field-level security may hide it, so the path is doubtful, not wrong (docs/salesforce-facts.md §6, §10).
  if (result.hidden) {
    return [mappingFinding(ref, 'notConfirmed', data, { confidence: 'medium', severity: 'warning', ...advice })];
  }
  if (result.partial) return [mappingFinding(ref, 'notConfirmed', data, { confidence: 'low', ...advice })];
  if (result.meant) return [mappingFinding(ref, 'invalidDidYouMean', { ...data, meant: result.meant }, extra)];
  return [mappingFinding(ref, 'invalid', data, extra)];
}

/** The sets that `holds` picks, each a finding `messageId` about the whole set (data `set`). */
export function setFindings(snapshot: Snapshot, holds: (set: SharingSet) => boolean, messageId: string): RawFinding[] {
  return snapshot.sharingSets.filter(holds).map((set) => setFinding(set, messageId));
}

/** The profile references whose profile is known and classifies as `eligibility`, with the classification. */
export function classifiedProfiles(
  snapshot: Snapshot,
  eligibility: Eligibility
): Array<{ ref: ProfileRef & { info: ProfileInfo }; result: ProfileClassification }> {
  return profileRefs(snapshot).flatMap((ref) => {
    if (!ref.info) return [];
    const result = classifyProfile(ref.info);
    return result.eligibility === eligibility ? [{ ref: { ...ref, info: ref.info }, result }] : [];
  });
}

/** The layout issues of `kind` recorded when the snapshot's sharing-set files were read (src/source/sharingSetXml.ts). */
export function layoutIssues(
  snapshot: Snapshot,
  kind: LayoutIssue['kind']
): Array<{ set: SharingSet; issue: LayoutIssue }> {
  return snapshot.sharingSets.flatMap((set) =>
    (set.location?.layout ?? []).filter((issue) => issue.kind === kind).map((issue) => ({ set, issue }))
  );
}

/** Whether an unusable project file held sharing sets (a sharing-set file, or a folder named sharingSets). */
export function isSharingSetProblem(problem: ProjectFileProblem): boolean {
  return problem.kind === 'sharingSet' || (problem.kind === 'folder' && problem.file.includes('sharingSets'));
}

/**
 * The unusable project files, a finding `messageId` each, located at the file and line (data `file`, `line`,
 * `problem`): those that held sharing sets (`sharingSetFiles`), or the others.
 */
export function fileProblemFindings(snapshot: Snapshot, sharingSetFiles: boolean, messageId: string): RawFinding[] {
  return (snapshot.fileProblems ?? [])
    .filter((problem) => isSharingSetProblem(problem) === sharingSetFiles)
    .map((problem) => ({
      messageId,
      data: { file: problem.file, line: problem.line ?? 1, problem: problem.message },
      target: problem.fullName && sharingSetFiles ? { sharingSet: problem.fullName } : {},
      identity: `${problem.file}|${problem.code ?? ''}`,
      location: { file: problem.file, line: problem.line ?? 1 },
    }));
}

/** A finding about a layout issue of a set's file, located at the issue's line; data `set`, `element`, `line`, `firstLine`. */
export function layoutFinding(set: SharingSet, issue: LayoutIssue, messageId: string): RawFinding {
  return {
    messageId,
    data: { set: set.fullName, element: issue.element, line: issue.line, firstLine: issue.firstLine },
    target: { sharingSet: set.fullName },
    // Never the line: fingerprints survive reformatting (the engine numbers repeats of one identity).
    identity: `${issue.kind}|${issue.element}`,
    location: { file: set.location?.file ?? set.fullName, line: issue.line },
  };
}
