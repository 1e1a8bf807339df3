import type { FieldInfo } from './types.js';
import { lookupByName, sameName } from './names.js';

/**
 * The field a path segment names on an object (docs/salesforce-facts.md §4): a standard lookup is written with its relationship name
 * (`Account` → AccountId), a custom one with its field name (`Original_Deal__c`) or relationship name
 * (`Original_Deal__r`). API names are case-insensitive, so the comparison is too.
 */
export function findFieldBySegment(fields: readonly FieldInfo[], segment: string): FieldInfo | undefined {
  return (
    fields.find((field) => sameName(field.relationshipName, segment)) ??
    fields.find((field) => sameName(field.name, segment))
  );
}

/** Looks an object up by API name regardless of case. */
export function findObject<T>(objects: Readonly<Record<string, T>>, name: string): T | undefined {
  return lookupByName(objects, name);
}
