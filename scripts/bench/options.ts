/**
 * The benchmark's flags: `--help` text and parsing into {@link Options}.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pluginRoot } from '../../test/helpers/e2e.js';

export const HELP = `Usage: npm run bench -- [flags]

Benchmarks the plugin's commands against a large synthetic org served by the org emulator, next to the real sf CLI.

Flags:
  --profiles <n>        profiles in the large org (default 300; --quick 60)
  --sharing-sets <n>    sharing sets in the large org and its project (default 250; --quick 50)
  --custom-objects <n>  custom objects with Account/Contact lookups (default 1500; --quick 300)
  --users <n>           users (default 20000; --quick 2000)
  --source-sets <n>     sharing sets in the second project, for the source-only audit target (default 500)
  --seed <n>            generator seed (default 42)
  --latency <ms>        delay the emulator adds to every request (default 50)
  --runs <n>            measured runs per scenario (default 5; --quick 2)
  --warmup <n>          unmeasured runs before them (default 2; --quick 0)
  --node22              run the plugin on Node 22 too (as the sf CLI runs), for a like-for-like comparison
  --no-sf               skip the sf CLI baselines (no install of Node 22 and the CLI)
  --quick               a smaller org and 2 runs: a smoke run of the benchmark itself
  --only <ids>          run only these scenarios (comma-separated ids, e.g. explain-1,explain-200); the targets
                        of scenarios not run read "not measured"
  --out-dir <dir>       where the JSON results go (default bench-results)
  -h, --help            this text

The plugin runs on the Node running this script unless PLUGIN_SHARING_NODE names another binary (or --node22).
Results: a table on stdout, and bench-results/bench-<timestamp>.json plus bench-results/latest.json.`;

export type Options = {
  profiles: number;
  sharingSets: number;
  customObjects: number;
  users: number;
  sourceSets: number;
  seed: number;
  latency: number;
  runs: number;
  warmup: number;
  node22: boolean;
  sf: boolean;
  quick: boolean;
  outDir: string;
  /** Scenario ids to run; undefined: all. */
  only?: string[];
};

/** The options given by `argv` (the arguments after the script), or undefined when `--help` asks for the help text. */
export function parseOptions(argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      profiles: { type: 'string' },
      'sharing-sets': { type: 'string' },
      'custom-objects': { type: 'string' },
      users: { type: 'string' },
      'source-sets': { type: 'string' },
      seed: { type: 'string' },
      latency: { type: 'string' },
      runs: { type: 'string' },
      warmup: { type: 'string' },
      node22: { type: 'boolean', default: false },
      'no-sf': { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      'out-dir': { type: 'string' },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return undefined;
  const quick = Boolean(values.quick);
  const int = (name: string, value: string | undefined, fallback: number, min: number): number => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, not "${value}"`);
    return n;
  };
  return {
    profiles: int('profiles', values.profiles, quick ? 60 : 300, 2),
    sharingSets: int('sharing-sets', values['sharing-sets'], quick ? 50 : 250, 1),
    customObjects: int('custom-objects', values['custom-objects'], quick ? 300 : 1500, 1),
    users: int('users', values.users, quick ? 2000 : 20_000, 1),
    sourceSets: int('source-sets', values['source-sets'], 500, 1),
    seed: int('seed', values.seed, 42, 0),
    latency: int('latency', values.latency, 50, 0),
    runs: int('runs', values.runs, quick ? 2 : 5, 1),
    // Two: with one, the first scenario's first measured runs were still ~0.6 s slower to start (file cache, the
    // emulator's own JIT), which showed as 1.66× instead of 1.15× for set list on this machine.
    warmup: int('warmup', values.warmup, quick ? 0 : 2, 0),
    node22: Boolean(values.node22),
    sf: !values['no-sf'],
    quick,
    outDir: values['out-dir'] ?? join(pluginRoot, 'bench-results'),
    ...(values.only
      ? {
          only: values.only
            .split(',')
            .map((id) => id.trim())
            .filter((id) => id.length > 0),
        }
      : {}),
  };
}
