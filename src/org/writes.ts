/**
 * Writing sharing sets to an org, safely: one item per call (a deploy's batches: up to 10, each item read back on its
 * own), never retried blindly, and always read back. A write
 * whose answer was lost in transit is settled by reading the set again; a write the org accepted is verified by
 * comparing what it now holds with what was sent (semantically: case of profiles and order never count).
 */
import { Messages, SfError } from '@salesforce/core';
import { diffSharingSets } from '../diff/diff.js';
import { mappingKey, nameKey, sameName } from '../model/names.js';
import { safeValue } from '../report/sanitize.js';
import type { AccessMapping, SharingSet } from '../model/types.js';
import type { OrgClient, SaveResult } from './client.js';
import { isAnswerLost } from './errors.js';
import { METADATA_BATCH, readSharingSets, SHARING_SET_TYPE, toMetadata } from './sharingSets.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'errors');

export type WriteOperation = 'create' | 'update';

/** The calls one write makes when all goes well: the write and its read-back. */
export const WRITE_CALLS = 2;

/**
 * Creates or updates a sharing set, then reads it back; returns what the org holds. A read-back that differs from what
 * was sent only in form (formDifferences) is a landed write: each such difference is passed to `note`, worded.
 */
export async function writeSharingSet(
  client: OrgClient,
  set: SharingSet,
  operation: WriteOperation,
  orgName: string,
  note: (text: string) => void = (): void => {}
): Promise<SharingSet> {
  const { location, ...definition } = set;
  void location;
  let results: SaveResult[];
  try {
    results = await client.writeMetadata(operation, SHARING_SET_TYPE, [toMetadata(definition)]);
  } catch (error) {
    // The answer was lost: learn from the org whether the write happened before saying anything.
    const now = await readOne(client, set.fullName).catch((readError: Error) => {
      throw messages.createError(
        'error.WriteUncertain',
        [operation, set.fullName, (error as Error).message, readError.message],
        [orgName, set.fullName]
      );
    });
    if (now && !diffSharingSets([now], [definition]).hasDrift) return now;
    if (now && formDifferences(now, definition)) return landed(now, definition, set.fullName, note);
    throw mayStillLand(error, orgName, set.fullName);
  }
  rejectFailures(results, operation, set.fullName);
  const now = await readBack(client, set.fullName, operation, orgName);
  if (now && formDifferences(now, definition)) return landed(now, definition, set.fullName, note);
  const mismatch = now ? describeMismatch(now, definition) : 'it is missing';
  if (mismatch) {
    throw messages.createError('error.VerifyMismatch', [operation, set.fullName, mismatch], [orgName, set.fullName]);
  }
  return now as SharingSet;
}

/** A difference of form between what was sent and what the org holds (formDifferences). */
export type FormDifference =
  | { kind: 'objectField'; object: string; sent: string; held: string }
  | { kind: 'description'; held: string };

/**
 * How the org's copy differs from what was sent when it differs only in form (docs/salesforce-facts.md §10), or
 * undefined when it differs in substance (or not at all):
 * - an objectField segment held as the same lookup written another way: a standard lookup's field name or its
 * relationship name (`AccountId` / `Account`), a custom one's field or relationship name (`Deal__c` / `Deal__r`);
 * SOQL and describe name a lookup both ways, so either names the same field (§4, §6);
 * - a description the update left out, still held: what the Metadata API's update keeps of a value it is not sent
 * is not documented (§10 [UNC]).
 */
export function formDifferences(now: SharingSet, sent: SharingSet): FormDifference[] | undefined {
  if (!diffSharingSets([now], [sent]).hasDrift) return undefined;
  const differences: FormDifference[] = [];
  const held = new Map(now.accessMappings.map((mapping) => [formKey(mapping), mapping]));
  for (const mapping of sent.accessMappings) {
    const kept = held.get(formKey(mapping));
    if (kept && nameKey(kept.objectField) !== nameKey(mapping.objectField)) {
      differences.push({
        kind: 'objectField',
        object: mapping.object,
        sent: mapping.objectField,
        held: kept.objectField,
      });
    }
  }
  const description = (sent.description ?? '').trim() === '' ? now.description : undefined;
  if (description !== undefined && description.trim() !== '')
    differences.push({ kind: 'description', held: description });
  const asSent = {
    ...now,
    accessMappings: now.accessMappings.map((mapping) => {
      const twin = sent.accessMappings.find((candidate) => formKey(candidate) === formKey(mapping));
      return twin ? { ...mapping, objectField: twin.objectField } : mapping;
    }),
    ...(description !== undefined ? { description: sent.description } : {}),
  };
  if (description !== undefined && sent.description === undefined) delete asSent.description;
  return differences.length > 0 && !diffSharingSets([asSent], [sent]).hasDrift ? differences : undefined;
}

/** A mapping with each objectField segment reduced to the lookup it names: `AccountId`, `Account` → `account`. */
function formKey(mapping: AccessMapping): string {
  const objectField = mapping.objectField
    .split('.')
    .map((segment) => {
      const key = nameKey(segment.trim());
      if (key.endsWith('__r')) return `${key.slice(0, -3)}__c`;
      return !key.endsWith('__c') && key.length > 2 && key.endsWith('id') ? key.slice(0, -2) : key;
    })
    .join('.');
  return mappingKey({ ...mapping, objectField });
}

/** The write landed: each difference of form is said (which value, sent and held), and the org's copy returned. */
function landed(now: SharingSet, sent: SharingSet, fullName: string, note: (text: string) => void): SharingSet {
  for (const difference of formDifferences(now, sent) ?? []) {
    note(
      difference.kind === 'objectField'
        ? messages.getMessage(
            'info.ReadBackObjectField',
            [fullName, difference.object, difference.held, difference.sent].map(safeValue)
          )
        : messages.getMessage('info.ReadBackDescription', [fullName, difference.held].map(safeValue))
    );
  }
  return now;
}

/** Deletes a sharing set, then checks it is gone. */
export async function deleteSharingSet(client: OrgClient, fullName: string, orgName: string): Promise<void> {
  let results: SaveResult[];
  try {
    results = await client.writeMetadata('delete', SHARING_SET_TYPE, [fullName]);
  } catch (error) {
    const now = await readOne(client, fullName).catch((readError: Error) => {
      throw messages.createError(
        'error.WriteUncertain',
        ['delete', fullName, (error as Error).message, readError.message],
        [orgName, fullName]
      );
    });
    if (!now) return;
    throw mayStillLand(error, orgName, fullName);
  }
  rejectFailures(results, 'delete', fullName);
  if (await readBack(client, fullName, 'delete', orgName)) {
    throw messages.createError('error.VerifyMismatch', ['delete', fullName, 'it is still there'], [orgName, fullName]);
  }
}

/** Reads one sharing set; undefined when the org does not have it. */
export async function readOne(client: OrgClient, fullName: string): Promise<SharingSet | undefined> {
  const { sharingSets } = await readSharingSets(client, [fullName]);
  return sharingSets[0];
}

/** The read after a write the org accepted: if it fails, say that the write was done, so nobody blindly repeats it. */
async function readBack(
  client: OrgClient,
  fullName: string,
  operation: WriteOperation | 'delete',
  orgName: string
): Promise<SharingSet | undefined> {
  try {
    return await readOne(client, fullName);
  } catch (error) {
    throw messages.createError(
      'error.WrittenUnverified',
      [operation, fullName, (error as Error).message],
      [orgName, fullName, operation]
    );
  }
}

/**
 * The write's own error (its cause in one line, with its actions). When the answer was lost or late (time-out, dropped
 * connection, server error) rather than a refusal, the org was re-read and holds no change yet, but the write may
 * still be in progress there: the first action says to check before trying again.
 */
export function mayStillLand(error: unknown, orgName: string, fullName: string): unknown {
  if (!isAnswerLost(error)) return error;
  const wrapped = SfError.wrap(error as Error);
  wrapped.actions = [messages.getMessage('action.WriteMayLand', [orgName, fullName]), ...(wrapped.actions ?? [])];
  return wrapped;
}

function rejectFailures(results: SaveResult[], operation: string, fullName: string): void {
  const failed = results.find((result) => !isSuccess(result.success));
  if (!failed) return;
  const reasons = (failed.errors ?? [])
    .map((error) => [error.statusCode, error.message].filter(Boolean).join(': '))
    .join('; ');
  throw messages.createError('error.WriteRejected', [operation, fullName, reasons || 'no reason given']);
}

/** jsforce casts `success` to a boolean by schema, but a string slips through for unknown result shapes. */
function isSuccess(value: unknown): boolean {
  return value === true || value === 'true';
}

function describeMismatch(now: SharingSet, sent: SharingSet): string | undefined {
  const diff = diffSharingSets([now], [sent]);
  if (!diff.hasDrift) return undefined;
  const change = diff.changed[0];
  if (!change) return 'its name differs';
  const parts = [
    change.label ? 'label' : '',
    change.description ? 'description' : '',
    change.profilesInSourceOnly.length > 0 ? `profiles not kept: ${change.profilesInSourceOnly.join(', ')}` : '',
    change.profilesInTargetOnly.length > 0 ? `extra profiles: ${change.profilesInTargetOnly.join(', ')}` : '',
    change.mappingsInSourceOnly.length > 0 ? `${change.mappingsInSourceOnly.length} mapping(s) not kept` : '',
    change.mappingsInTargetOnly.length > 0 ? `${change.mappingsInTargetOnly.length} extra mapping(s)` : '',
    change.accessLevelChanges.length > 0 ? `${change.accessLevelChanges.length} access level(s) differ` : '',
  ].filter(Boolean);
  return parts.join('; ');
}

function withoutLocation(set: SharingSet): SharingSet {
  const { location, ...definition } = set;
  void location;
  return definition;
}

/** Where one set of a batch stands after its call: the definition sent (`new`), the one before (`old`), or neither. */
export type BatchItemState = 'new' | 'old' | 'unknown';

export type BatchItemOutcome = {
  fullName: string;
  holds: BatchItemState;
  /** Why the set does not hold the new definition: the org's refusal, the lost answer, a failed read-back. */
  problem?: string;
};

export type BatchOutcome = {
  items: BatchItemOutcome[];
  /** The call's own error when its answer was lost or the whole call was refused (each item was read back). */
  error?: unknown;
};

/**
 * One Metadata API call carrying up to METADATA_BATCH sets (docs/salesforce-facts.md §4), then one read-back of all of
 * them. Each item of such a call succeeds or fails on its own (docs/salesforce-facts.md §14), and a lost answer leaves every item uncertain, so the
 * outcome is never taken from the answer alone: every set is read back and said to hold the new definition, the old
 * one (`before`: the org's definition before the call, none for a create) or neither. Never retried; never throws for
 * what happened to the items (only for a batch too large, a programming error).
 */
export async function writeBatch(
  client: OrgClient,
  operation: WriteOperation | 'delete',
  sets: readonly SharingSet[],
  before: readonly SharingSet[],
  orgName?: string
): Promise<BatchOutcome> {
  if (sets.length > METADATA_BATCH) throw new Error(`A batch holds at most ${METADATA_BATCH} sets, not ${sets.length}`);
  const names = sets.map((set) => set.fullName);
  const sent = sets.map(withoutLocation);
  let results: SaveResult[] = [];
  let error: unknown;
  try {
    results = await client.writeMetadata(
      operation,
      SHARING_SET_TYPE,
      operation === 'delete' ? names : sent.map((set) => toMetadata(set))
    );
  } catch (callError) {
    error = callError;
  }
  let now: SharingSet[];
  try {
    now = (await readSharingSets(client, names)).sharingSets;
  } catch (readError) {
    const why = error ?? readError;
    return {
      items: names.map((fullName) => {
        const result = results.find((candidate) => sameName(candidate.fullName, fullName));
        // The org answered that it applied this item: the write was done, only its check failed (not "may not
        // have reached the org", which would invite a blind repeat).
        const problem =
          !error && result && isSuccess(result.success)
            ? messages.getMessage('error.WrittenUnverified', [operation, fullName, (readError as Error).message])
            : messages.getMessage('error.WriteUncertain', [
                operation,
                fullName,
                (why as Error).message,
                (readError as Error).message,
              ]);
        return { fullName, holds: 'unknown' as const, problem };
      }),
      ...(error ? { error } : {}),
    };
  }
  const mayLandAction = (fullName: string): string =>
    messages.getMessage('action.WriteMayLand', [orgName ?? '<org>', fullName]);
  const items = sent.map((set): BatchItemOutcome => {
    const held = now.find((candidate) => sameName(candidate.fullName, set.fullName));
    const previous = before.find((candidate) => sameName(candidate.fullName, set.fullName));
    const same = (a: SharingSet | undefined, b: SharingSet | undefined): boolean =>
      a === undefined ? b === undefined : b !== undefined && !diffSharingSets([a], [b]).hasDrift;
    const target = operation === 'delete' ? undefined : set;
    const old = operation === 'create' ? undefined : previous;
    const holds: BatchItemState = same(held, target) ? 'new' : same(held, old) ? 'old' : 'unknown';
    if (holds === 'new') return { fullName: set.fullName, holds };
    const result = results.find((candidate) => sameName(candidate.fullName, set.fullName));
    const problem = itemProblem(operation, set.fullName, result, error, held, set);
    // A lost or late answer: the org holds the old definition now, but the write may still be applied (a slow write
    // lands after the time-out), so say so and how to check, as a single write does (mayStillLand).
    if (holds === 'old' && isAnswerLost(error)) {
      return { fullName: set.fullName, holds, problem: `${problem} ${mayLandAction(set.fullName)}` };
    }
    return { fullName: set.fullName, holds, problem };
  });
  return { items, ...(error ? { error } : {}) };
}

/** Why an item of a batch does not hold what was sent, in the words of the single-set errors. */
function itemProblem(
  operation: WriteOperation | 'delete',
  fullName: string,
  result: SaveResult | undefined,
  error: unknown,
  held: SharingSet | undefined,
  sent: SharingSet
): string {
  if (error) return (error as Error).message;
  if (result && !isSuccess(result.success)) {
    const reasons = (result.errors ?? [])
      .map((item) => [item.statusCode, item.message].filter(Boolean).join(': '))
      .join('; ');
    return messages.getMessage('error.WriteRejected', [operation, fullName, reasons || 'no reason given']);
  }
  const mismatch = operation === 'delete' ? 'it is still there' : held ? describeMismatch(held, sent) : 'it is missing';
  return messages.getMessage('error.VerifyMismatch', [operation, fullName, mismatch ?? 'it differs']);
}
