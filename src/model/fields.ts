import type { FieldInfo } from './types.js';

/**
 * The field a path segment names on an object (DOMAIN.md §4): a standard lookup is written with its relationship name
 * (`Account` → AccountId), a custom one with its field name (`Original_Deal__c`) or relationship name
 * (`Original_Deal__r`). API names are case-insensitive, so the comparison is too.
 */
export function findFieldBySegment(fields: readonly FieldInfo[], segment: string): FieldInfo | undefined {
  const key = segment.trim().toLowerCase();
  return (
    fields.find((field) => field.relationshipName?.toLowerCase() === key) ??
    fields.find((field) => field.name.toLowerCase() === key)
  );
}

/** Looks an object up by API name regardless of case. */
export function findObject<T>(objects: Record<string, T>, name: string): T | undefined {
  if (name in objects) return objects[name];
  const key = name.toLowerCase();
  const match = Object.keys(objects).find((candidate) => candidate.toLowerCase() === key);
  return match === undefined ? undefined : objects[match];
}
