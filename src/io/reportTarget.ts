/**
 * Whether a report file may be replaced. `audit --output-file` only reads the org and the project, so it must not
 * destroy a file it did not write: a path naming a project's source file, README.md or any other file would be
 * silently replaced by a report. An existing file is replaced only when it is recognisably one of this plugin's
 * reports (its first 4 KB carry the format's signature, below; Markdown and CSV start with it) or when `--force` says so.
 *
 * Signatures: SARIF `"name": "<tool>"` (tool.driver.name), JUnit `<testsuites name="<tool> `, Markdown a first line
 * `## Sharing set audit`, CSV the header row this plugin writes (`severity,failing,ruleId,`).
 */
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { OutputPathError } from './files.js';

const HEAD_BYTES = 4096;

/** The text that marks a file's first 4 KB as this plugin's report in `format` (see isReport). */
export function reportSignature(format: string, toolName: string): string {
  switch (format) {
    case 'sarif':
      return `"name": "${toolName}"`;
    case 'junit':
      return `<testsuites name="${toolName} `;
    case 'markdown':
      return '## Sharing set audit';
    default:
      return 'severity,failing,ruleId,';
  }
}

/**
 * Refuses to replace `path` unless it does not exist, or is a regular file (not a link) holding this plugin's report
 * signature, or `force` is set.
 *
 * @throws OutputPathError saying why and that --force replaces it
 */
export async function checkReportTarget(
  path: string,
  format: string,
  toolName: string,
  force: boolean,
  /** The first characters of another command's report (`sharing exposure`), instead of the audit's signature. */
  signature?: string
): Promise<void> {
  if (force) return;
  const info = await lstat(path).catch(() => undefined);
  if (!info) return;
  if (info.isDirectory()) throw new OutputPathError(path, 'is a folder, not a file');
  const refuse = (): never => {
    throw new OutputPathError(
      path,
      'exists and is not a report this plugin wrote: it is not replaced (pass --force to replace it)'
    );
  };
  if (!info.isFile()) refuse();
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW).catch(() =>
    refuse()
  );
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8');
    if (
      signature !== undefined ? !head.replace(/^\uFEFF/, '').startsWith(signature) : !isReport(head, format, toolName)
    ) {
      refuse();
    }
  } finally {
    await handle.close();
  }
}

/**
 * Whether a file's head is one of this plugin's reports: Markdown and CSV must start with their signature (a README
 * that quotes a sample report further down is not one); SARIF and JUnit must be a JSON or XML document carrying theirs.
 */
function isReport(head: string, format: string, toolName: string): boolean {
  const text = head.replace(/^\uFEFF/, '');
  const signature = reportSignature(format, toolName);
  if (format === 'markdown' || format === 'csv') return text.startsWith(signature);
  const opening = format === 'sarif' ? '{' : '<';
  return text.trimStart().startsWith(opening) && text.includes(signature);
}
