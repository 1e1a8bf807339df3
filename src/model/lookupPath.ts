/**
 * The one walker of lookup paths (`Entitlement.Account`, `Owner.Account`, `Original_Deal__c.Account`), used by the org
 * loader (to learn which objects it must describe) and by the analysis (to resolve a mapping's paths). A segment names
 * a field of the object reached so far (findFieldBySegment); a lookup with several targets (a polymorphic one, such
 * as Owner → Group, User) is followed through every target, in describe order (docs/salesforce-facts.md §4).
 */
import { findFieldBySegment } from './fields.js';
import type { FieldInfo, ObjectInfo } from './types.js';

/** One lookup followed: the field a segment named on `object`, and the target the walk went on with. */
export type LookupStep = { segment: string; object: ObjectInfo; field: FieldInfo; next: string };

/** Where one way through a path ends. */
export type LookupBranch =
  /** Every segment was found; `field` is the last segment's field (its referenceTo says where the path ends). */
  | { end: 'field'; steps: LookupStep[]; object: ObjectInfo; field: FieldInfo; segment: string }
  /** The fields of `objectName` are not known (not read, or no such object): the rest cannot be followed. */
  | { end: 'fields-unknown'; steps: LookupStep[]; objectName: string; segment: string }
  /** `object` has no field named `segment`. */
  | { end: 'no-field'; steps: LookupStep[]; object: ObjectInfo; segment: string }
  /** `field` is not a lookup, and segments remain after it. */
  | { end: 'not-a-lookup'; steps: LookupStep[]; object: ObjectInfo; field: FieldInfo; segment: string };

/**
 * Every way through `segments` from `start`, depth first in describe order of each lookup's targets. `objectOf`
 * gives an object with its fields, or undefined when they are not known.
 */
export function* lookupBranches(
  start: string,
  segments: readonly string[],
  objectOf: (name: string) => ObjectInfo | undefined,
  steps: LookupStep[] = []
): Generator<LookupBranch> {
  const [segment, ...rest] = segments;
  const object = objectOf(start);
  if (!object?.fields) {
    yield { end: 'fields-unknown', steps, objectName: object?.name ?? start, segment };
    return;
  }
  const field = findFieldBySegment(object.fields, segment);
  if (!field) {
    yield { end: 'no-field', steps, object, segment };
  } else if (rest.length === 0) {
    yield { end: 'field', steps, object, field, segment };
  } else if (field.referenceTo.length === 0) {
    yield { end: 'not-a-lookup', steps, object, field, segment };
  } else {
    for (const next of field.referenceTo) {
      yield* lookupBranches(next, rest, objectOf, [...steps, { segment, object, field, next }]);
    }
  }
}
