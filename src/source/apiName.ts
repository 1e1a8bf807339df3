/**
 * The API-name rule for sharing sets (and every developer name in Salesforce metadata): letters, digits and
 * underscores, starting with a letter, no two underscores in a row, not ending with an underscore, at most 80
 * characters. Checked before any file name is built from a name, so a name can never point outside its folder.
 */
export const API_NAME_MAX = 80;

/** The problem with an API name, in words, or undefined when it is valid. */
export function validateApiName(name: string): string | undefined {
  if (name.length === 0) return 'the name is empty';
  if (name.length > API_NAME_MAX) return `the name has ${name.length} characters; at most ${API_NAME_MAX} are allowed`;
  if (!/^[A-Za-z]/.test(name)) return 'the name must start with a letter';
  if (!/^[A-Za-z0-9_]+$/.test(name)) return 'the name may contain only letters, digits and underscores';
  if (name.includes('__')) return 'the name may not contain two underscores in a row';
  if (name.endsWith('_')) return 'the name may not end with an underscore';
  return undefined;
}
