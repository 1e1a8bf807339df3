/**
 * Name comparisons shared by every analysis. Profile names are compared case-insensitively because real retrieved
 * files spell them in varying case ("customer community user", DOMAIN.md §2).
 */

/** The key two profile names are compared by. */
export function profileKey(name: string): string {
  return name.trim().toLowerCase();
}

/** The key of a mapping's identity (object, objectField, userField); access level is not part of it. */
export function mappingKey(mapping: { object: string; objectField: string; userField: string }): string {
  return [mapping.object, mapping.objectField, mapping.userField].map((part) => part.trim().toLowerCase()).join('|');
}
