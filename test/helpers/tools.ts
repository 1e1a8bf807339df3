import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pluginRoot } from './e2e.js';

/** Paths of Node 22 and of the real sf CLI's entry point (run it as `node22 sf …`). */
export type Tools = { node22: string; sf: string };

/**
 * Installs (once, cached in node_modules/.cache) and locates Node 22 and the real Salesforce CLI, through the
 * project's own scripts/ensure-tools.sh: the e2e check inside sf and the benchmark both use them.
 */
export async function ensureTools(): Promise<Tools> {
  const { stdout } = await promisify(execFile)(
    'bash',
    [join(pluginRoot, 'scripts', 'ensure-tools.sh'), 'node22', 'sf'],
    {
      maxBuffer: 16 * 1024 * 1024,
    }
  );
  const paths = Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((line) => line.split('=') as [string, string])
  );
  return { node22: paths.node22, sf: paths.sf };
}
