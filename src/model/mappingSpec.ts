import type { AccessMapping } from './types.js';

/**
 * Parses the `--mapping` flag's text, OBJECT.OBJECTFIELD=USERFIELD[:ACCESS]:
 * `Case.Entitlement.Account=Account:Edit` is object Case, objectField Entitlement.Account, userField Account, access
 * Edit. Access defaults to Read and is matched regardless of case. Returns the mapping, or the problem in words.
 */
export function parseMappingSpec(text: string): { mapping: AccessMapping } | { problem: string } {
  const [left, right, ...rest] = text.split('=');
  if (right === undefined || rest.length > 0) {
    return { problem: 'write it as OBJECT.OBJECTFIELD=USERFIELD[:Read|Edit], with exactly one "="' };
  }
  const dot = left.indexOf('.');
  const object = (dot < 0 ? left : left.slice(0, dot)).trim();
  const objectField = dot < 0 ? '' : left.slice(dot + 1).trim();
  const [userPart, accessPart, ...extra] = right.split(':');
  const userField = userPart.trim();
  if (extra.length > 0) return { problem: 'only one ":" may follow the user field, before Read or Edit' };
  if (!object || !objectField) {
    return { problem: 'name the object and its field before "=", e.g. Case.Account (the object, a dot, the field)' };
  }
  if (!userField) return { problem: 'name the user field after "=", e.g. Account or Contact' };
  const segments = [object, ...objectField.split('.'), ...userField.split('.')];
  const bad = segments.find((segment) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(segment));
  if (bad !== undefined) {
    return { problem: `"${bad}" is not an API name (letters, digits and underscores, starting with a letter)` };
  }
  const access = accessPart === undefined ? 'read' : accessPart.trim().toLowerCase();
  if (access !== 'read' && access !== 'edit') {
    return { problem: `access must be Read or Edit, not "${accessPart ?? ''}"` };
  }
  return { mapping: { accessLevel: access === 'edit' ? 'Edit' : 'Read', object, objectField, userField } };
}
