/**
 * Issue 21 items 3 and 4, measured (a script that prints figures, never a timed test): `sharing audit --source-dir` of
 * a project holding N copies of one sharing set (same profile, same object: one duplicate group of N) in every report
 * format, and `sharing set list` on an emulated org of M sets as a table and with --json. For each run: wall time, peak
 * RSS and CPU time (GNU time's "Maximum resident set size", user + system seconds, the plugin's process), the bytes it wrote, and the machine's load
 * average before and after (the machine may be shared: the figures are only as quiet as the load says).
 *
 * Run: `npx tsx scripts/hostile-scale.ts [--sets 5000] [--org-sets 2000]`.
 *
 * Needs /usr/bin/time (GNU) and a built plugin (npm run build). Writes only in a temporary folder, removed at the end.
 */
/* eslint-disable no-console, no-await-in-loop -- a script that prints, running one measurement after the other */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serializeSharingSet } from '../src/source/index.js';
import { REPORT_FORMATS } from '../src/report/formats.js';
import { orgWithSets } from '../test/emulator/index.js';
import { fromFixture } from '../test/helpers/sharingSets.js';
import { createOrgEnv, pluginBin } from '../test/helpers/e2e.js';

const { values } = parseArgs({
  options: { sets: { type: 'string', default: '5000' }, 'org-sets': { type: 'string', default: '2000' } },
});
const SETS = Number(values.sets);
const ORG_SETS = Number(values['org-sets']);

type Measure = { what: string; code: number; seconds: number; cpu: number; rssMb: number; bytes: number; load: string };

const load = (): string =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

/** Runs the plugin under GNU time; stdout goes to `out`, and the bytes of `files` (when given) are added up. */
async function measure(
  what: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  out: string,
  files: string[] = []
): Promise<Measure> {
  const before = load();
  const started = performance.now();
  const { code, timing } = await new Promise<{ code: number; timing: string }>((done, reject) => {
    const child = spawn('/usr/bin/time', ['-v', process.execPath, pluginBin, ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(createWriteStream(out));
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exit) => done({ code: exit ?? 1, timing: stderr }));
  });
  const seconds = (performance.now() - started) / 1000;
  const cpuOf = (label: string): number =>
    Number(new RegExp(`${label} time \\(seconds\\): ([\\d.]+)`).exec(timing)?.[1] ?? Number.NaN);
  const cpu = cpuOf('User') + cpuOf('System');
  const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(timing)?.[1] ?? Number.NaN);
  let bytes = (await stat(out)).size;
  for (const file of files) bytes += (await stat(file).catch(() => ({ size: 0 }))).size;
  return { what, code, seconds, cpu, rssMb: rssKb / 1024, bytes, load: `${before} -> ${load()}` };
}

function print(rows: Measure[]): void {
  console.log(
    '| run | exit | wall s | CPU s (user+sys) | peak RSS MB | bytes written | load avg 1/5/15 min (before -> after) |'
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) {
    console.log(
      `| ${row.what} | ${row.code} | ${row.seconds.toFixed(1)} | ${row.cpu.toFixed(1)} | ${row.rssMb.toFixed(
        0
      )} | ${row.bytes.toLocaleString('en')} | ${row.load} |`
    );
  }
}

const work = await mkdtemp(join(os.tmpdir(), 'plugin-sharing-hostile-scale-'));
const env = await createOrgEnv({ fixture: orgWithSets(ORG_SETS), alias: 'big' });
try {
  console.log(`${os.cpus().length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB, Node ${process.version}`);
  const project = join(work, 'project');
  const folder = join(project, 'force-app', 'main', 'default', 'sharingSets');
  await mkdir(folder, { recursive: true });
  await writeFile(join(project, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'force-app' }] }));
  for (const set of orgWithSets(SETS).sharingSets) {
    await writeFile(join(folder, `${set.fullName}.sharingSet-meta.xml`), serializeSharingSet(fromFixture(set)));
  }
  const childEnv = env.childEnv({ SF_DISABLE_LOG_FILE: 'true' });
  const rows: Measure[] = [];
  for (const format of REPORT_FORMATS) {
    const out = join(work, `audit.${format}`);
    rows.push(
      await measure(
        `audit -d (${SETS} duplicate sets) -r ${format}, stdout`,
        ['sharing', 'audit', '--source-dir', project, '-r', format],
        childEnv,
        work,
        out
      )
    );
  }
  const reportFiles = ['sarif', 'xml', 'md', 'csv'].map((ext) => join(work, `report.${ext}`));
  rows.push(
    await measure(
      `audit -d (${SETS} duplicate sets) --json, 4 report files`,
      [
        'sharing',
        'audit',
        '--source-dir',
        project,
        '--json',
        ...reportFiles.flatMap((file) => ['--output-file', file]),
      ],
      childEnv,
      work,
      join(work, 'audit.json'),
      reportFiles
    )
  );
  for (const file of reportFiles)
    console.log(`report file ${file.split('.').pop() ?? ''}: ${(await stat(file)).size} bytes`);
  for (const [what, extra] of [
    ['table', []],
    ['--json', ['--json']],
  ] as const) {
    rows.push(
      await measure(
        `set list (${ORG_SETS}-set org) ${what}`,
        ['sharing', 'set', 'list', '-o', 'big', ...extra],
        { ...childEnv, COLUMNS: '160' },
        work,
        join(work, `list.${what}`)
      )
    );
  }
  print(rows);
} finally {
  await env.cleanup();
  await rm(work, { recursive: true, force: true });
}
