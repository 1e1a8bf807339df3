import type { SharingSet } from '../model/types.js';
import { safeValue } from './sanitize.js';

/** One table row of `sf sharing set list`: a mapping, with the set's columns filled on its first row only. */
export type SetListRow = {
  set: string;
  label: string;
  profiles: string;
  object: string;
  objectField: string;
  userField: string;
  access: string;
};

/** The table's columns, in order. */
export const SET_LIST_COLUMNS = ['set', 'label', 'profiles', 'object', 'objectField', 'userField', 'access'] as const;

/** The columns of free text, which may wrap at spaces; the others hold API names, never cut. */
export const SET_LIST_WRAP = ['label', 'profiles'] as const;

/**
 * Rows for the human table (every value made safe for a terminal): one per access mapping, grouped by sharing set (a
 * set with no mapping gets one row); the profiles one per line.
 */
export function setListRows(sharingSets: readonly SharingSet[]): SetListRow[] {
  return sharingSets.flatMap((set) => {
    const head = {
      set: safeValue(set.fullName),
      label: safeValue(set.label),
      profiles: set.profiles.map(safeValue).join('\n'),
    };
    const blank = { set: '', label: '', profiles: '' };
    if (set.accessMappings.length === 0) {
      return [{ ...head, object: '', objectField: '', userField: '', access: '' }];
    }
    return set.accessMappings.map((mapping, index) => ({
      ...(index === 0 ? head : blank),
      object: safeValue(mapping.object),
      objectField: safeValue(mapping.objectField),
      userField: safeValue(mapping.userField),
      access: safeValue(mapping.accessLevel),
    }));
  });
}
