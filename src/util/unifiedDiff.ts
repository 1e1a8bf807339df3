/**
 * A unified diff of two texts, line by line (`---`/`+++` headers, `@@ -a,b +c,d @@` hunks with three lines of context),
 * as `diff -u` and git print it. The longest common subsequence is found by dynamic programming, so it is meant for
 * small files; past a size bound the whole file is shown as replaced (still a correct diff, only a coarse one).
 */

/** Lines × lines beyond which the table would be too large: the diff becomes one replace-everything hunk. */
const MAX_CELLS = 4_000_000;
const CONTEXT = 3;

type Op = { kind: ' ' | '-' | '+'; text: string };

/** The unified diff turning `before` into `after`; empty when they are equal. Line endings are not shown. */
export function unifiedDiff(before: string, after: string, fromLabel: string, toLabel: string): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = a.length * b.length > MAX_CELLS ? replaceAll(a, b) : lcsOps(a, b);
  const lines = [`--- ${fromLabel}`, `+++ ${toLabel}`];
  for (const hunk of hunks(ops)) lines.push(...hunk);
  return lines.join('\n') + '\n';
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function replaceAll(a: string[], b: string[]): Op[] {
  return [...a.map((text): Op => ({ kind: '-', text })), ...b.map((text): Op => ({ kind: '+', text }))];
}

function lcsOps(a: string[], b: string[]): Op[] {
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * width + j] =
        a[i] === b[j] ? table[(i + 1) * width + j + 1] + 1 : Math.max(table[(i + 1) * width + j], table[i * width + j + 1]);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      ops.push({ kind: ' ', text: a[i] });
      i++;
      j++;
    } else if (table[(i + 1) * width + j] >= table[i * width + j + 1]) {
      ops.push({ kind: '-', text: a[i++] });
    } else {
      ops.push({ kind: '+', text: b[j++] });
    }
  }
  while (i < a.length) ops.push({ kind: '-', text: a[i++] });
  while (j < b.length) ops.push({ kind: '+', text: b[j++] });
  return ops;
}

/** Groups changes with CONTEXT lines around them; changes closer than twice that share a hunk. */
function hunks(ops: Op[]): string[][] {
  const changed = ops.flatMap((op, index) => (op.kind === ' ' ? [] : [index]));
  const result: string[][] = [];
  let start = 0;
  while (start < changed.length) {
    let end = start;
    while (end + 1 < changed.length && changed[end + 1] - changed[end] <= 2 * CONTEXT) end++;
    const from = Math.max(0, changed[start] - CONTEXT);
    const to = Math.min(ops.length, changed[end] + CONTEXT + 1);
    let oldLine = 1;
    let newLine = 1;
    for (const op of ops.slice(0, from)) {
      if (op.kind !== '+') oldLine++;
      if (op.kind !== '-') newLine++;
    }
    const body = ops.slice(from, to);
    const oldCount = body.filter((op) => op.kind !== '+').length;
    const newCount = body.filter((op) => op.kind !== '-').length;
    result.push([
      `@@ -${oldCount === 0 ? oldLine - 1 : oldLine},${oldCount} +${newCount === 0 ? newLine - 1 : newLine},${newCount} @@`,
      ...body.map((op) => `${op.kind}${op.text}`),
    ]);
    start = end + 1;
  }
  return result;
}
