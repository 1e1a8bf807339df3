/**
 * `npm run bench` (issue 7): how fast and how frugal the plugin is on a large org, next to what a user would run
 * instead with the real `sf` CLI. See scripts/README.md for the flags and what each figure means.
 *
 * One org emulator serves a generated large org with a fixed delay on every request (the round trip to Salesforce);
 * a second one serves a one-set org with no delay, for the start-up comparison. Each scenario runs `--runs` times,
 * one process at a time, in an isolated HOME; the emulator's request log of each run gives the API calls and the
 * critical path, GNU time (or the child's own resource usage) the peak memory.
 *
 * The parts live in scripts/bench/: options (flags), runner (one measured process), requestLog (calls, critical
 * path), stats, scenario (running and summarising one), checks, scenarios/ (the list, by group), setup (orgs,
 * projects, machine), targets, render (stdout), report (JSON), cleanup.
 */
/* eslint-disable no-await-in-loop -- runs are sequential on purpose: two processes at once would disturb each
   other's timings on a small machine */
import { ensureTools, type Tools } from '../test/helpers/tools.js';
import { makeTempDir } from '../test/helpers/e2e.js';
import { removeDir } from '../test/helpers/tmp.js';
import { cleanupAll, onCleanup } from './bench/cleanup.js';
import { HELP, parseOptions } from './bench/options.js';
import { render, renderHeader } from './bench/render.js';
import { writeReport } from './bench/report.js';
import { createRunner, markInterrupted } from './bench/runner.js';
import { runScenario, type ScenarioResult } from './bench/scenario.js';
import { scenarios, timeSourceAuditInProcess } from './bench/scenarios/index.js';
import { describeMachine, nodeVersion, setUp } from './bench/setup.js';
import { checkTargets } from './bench/targets.js';

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!options) {
    console.log(HELP);
    return;
  }
  const interrupt = (): void => {
    markInterrupted();
    process.stderr.write('\ninterrupted: stopping the emulators and removing temporary files\n');
    void cleanupAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  try {
    let tools: Tools | undefined;
    if (options.sf || options.node22) {
      process.stderr.write('Making sure Node 22 and the sf CLI are installed (scripts/ensure-tools.sh)…\n');
      tools = await ensureTools();
    }
    const ourNodePath = options.node22 ? (tools as Tools).node22 : process.env.PLUGIN_SHARING_NODE ?? process.execPath;
    const ourNode = { path: ourNodePath, version: await nodeVersion(ourNodePath) };

    const scratch = await makeTempDir('plugin-sharing-bench-');
    onCleanup(() => removeDir(scratch));
    const runner = await createRunner(scratch);
    const setup = await setUp(options, scratch);

    const machine = await describeMachine(ourNode.version, tools, options.sf, setup.large, runner.rssMethod);
    process.stderr.write(
      `Plugin on Node ${ourNode.version}${machine.sfNode ? `, sf CLI on Node ${machine.sfNode}` : ''}; ` +
        `${options.runs} runs (+${options.warmup} warm-up) per scenario, latency ${options.latency} ms\n`
    );

    const results = new Map<string, ScenarioResult>();
    const chosen = scenarios(setup, options, Boolean(tools && options.sf)).filter(
      (scenario) => !options.only || options.only.includes(scenario.id)
    );
    for (const scenario of chosen) {
      const node =
        scenario.tool === 'sf' ? { path: (tools as Tools).node22, version: machine.sfNode as string } : ourNode;
      results.set(scenario.id, await runScenario(scenario, runner, options, node, tools));
    }

    const inProcess = await timeSourceAuditInProcess(setup.project500, options.runs);
    const targets = checkTargets(results, options, inProcess);
    console.log(renderHeader(machine, options));
    console.log(render(results, targets));

    const file = await writeReport(options, machine, results, targets);
    console.log(`\nResults: ${file} (and latest.json)`);
  } finally {
    await cleanupAll();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack ?? error.message : error);
  process.exitCode = 1;
});
