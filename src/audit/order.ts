/**
 * The order findings, and the sets a finding names, are listed in.
 */

/**
 * Code-unit order, undefined last. Deliberately not compareNames: that sorts case-insensitively and by locale
 * (`Customer_Access` before `CustomerPortal`, `a_set` before `B_set`), which would reorder findings, the set a
 * duplicate is reported on, and so the audit's output and its gate.
 */
export function compareText(left: string | undefined, right: string | undefined): number {
  if (left === right) return 0;
  if (left === undefined) return 1;
  if (right === undefined) return -1;
  return left < right ? -1 : left > right ? 1 : 0;
}
