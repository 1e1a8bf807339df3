/**
 * The JSON results: every figure, the parameters and the machine, in `--out-dir`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Options } from './options.js';
import { RATIOS } from './render.js';
import type { ScenarioResult } from './scenario.js';
import type { Machine } from './setup.js';
import type { TargetResult } from './targets.js';

/** Writes `bench-<timestamp>.json` and the same as `latest.json` in `options.outDir`; returns the first's path. */
export async function writeReport(
  options: Options,
  machine: Machine,
  results: Map<string, ScenarioResult>,
  targets: TargetResult[]
): Promise<string> {
  const date = new Date();
  const report = {
    date: date.toISOString(),
    parameters: options,
    machine,
    scenarios: [...results.values()],
    ratios: RATIOS.filter((r) => results.has(r.ours) && results.has(r.theirs)).map((r) => ({
      ...r,
      ratio:
        (results.get(r.ours) as ScenarioResult).wallMs.median / (results.get(r.theirs) as ScenarioResult).wallMs.median,
    })),
    targets,
  };
  await mkdir(options.outDir, { recursive: true });
  const stamp = date.toISOString().replace(/[:.]/g, '-');
  const file = join(options.outDir, `bench-${stamp}.json`);
  const text = `${JSON.stringify(report, null, 2)}\n`;
  await writeFile(file, text);
  await writeFile(join(options.outDir, 'latest.json'), text);
  return file;
}
