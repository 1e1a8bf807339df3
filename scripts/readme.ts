/**
 * `npm run readme`: regenerates the generated parts of README.md.
 * - between `<!-- rules -->` and `<!-- rulesstop -->`: the audit rule catalogue, from the rules' own metadata;
 * - between `<!-- commands -->` and `<!-- commandsstop -->`: the command reference, by `oclif readme`.
 * With `--check`, changes nothing and exits 1 when README.md is out of date (the tests run this).
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { renderRuleCatalogueMarkdown, RULES } from '../src/audit/index.js';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const readmePath = join(root, 'README.md');

/** Replaces what stands between two marker comments. */
export function replaceBetween(text: string, start: string, stop: string, content: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(stop);
  if (from < 0 || to < from) throw new Error(`README.md lacks the markers ${start} … ${stop}`);
  return `${text.slice(0, from + start.length)}\n${content.trim()}\n${text.slice(to)}`;
}

async function commandReference(current: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      join(root, 'node_modules', 'oclif', 'bin', 'run.js'),
      'readme',
      '--dry-run',
      '--no-aliases',
      '--readme-path',
      readmePath,
    ],
    { cwd: root, maxBuffer: 16 * 1024 * 1024 }
  );
  // The dry run prints a log line naming the marker, then the whole README: take the marker that starts a line.
  const start = stdout.indexOf('<!-- commands -->\n');
  const stop = stdout.indexOf('<!-- commandsstop -->', start);
  if (start < 0 || stop < start) return current;
  return stdout.slice(start + '<!-- commands -->'.length, stop);
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const before = await readFile(readmePath, 'utf8');
  let after = replaceBetween(before, '<!-- rules -->', '<!-- rulesstop -->', renderRuleCatalogueMarkdown(RULES));
  after = replaceBetween(after, '<!-- commands -->', '<!-- commandsstop -->', await commandReference(''));
  if (check) {
    if (after !== before) {
      process.stderr.write('README.md is out of date: run `npm run readme` and commit the result.\n');
      process.exitCode = 1;
    }
    return;
  }
  await writeFile(readmePath, after);
}

await main();
