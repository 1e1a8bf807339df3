/**
 * The source-only audit without process start-up: what the plugin's own code costs, apart from Node and the CLI
 * framework (which `bin/run.js --version` measures on its own as startup-version).
 */
import { performance } from 'node:perf_hooks';
import { renderSarif } from '../../../src/report/sarif.js';
import { runAudit } from '../../../src/audit/index.js';
import { loadSourceSnapshot } from '../../../src/source/index.js';

/** Median and extremes in ms. */
export type InProcessTiming = { median: number; min: number; max: number };

/** Times reading, auditing and rendering as SARIF the project in `projectDir`, at least 3 times. */
export async function timeSourceAuditInProcess(projectDir: string, runs: number): Promise<InProcessTiming> {
  const times: number[] = [];
  for (let run = 0; run < Math.max(runs, 3); run++) {
    const started = performance.now();
    // eslint-disable-next-line no-await-in-loop
    const { snapshot, problems } = await loadSourceSnapshot(projectDir);
    const audit = runAudit(snapshot);
    renderSarif({
      tool: { name: 'plugin-sharing', version: 'bench' },
      origin: snapshot.origin,
      rules: audit.rulesRun,
      findings: audit.findings,
    });
    times.push(performance.now() - started);
    if (problems.length > 0) throw new Error(`the generated project has broken files: ${problems[0].message}`);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1] };
}
