/**
 * Refuses, in one line, to run the plugin's commands on a Node.js its dependencies can't load, before any of them is
 * loaded. Installed from a tarball or the registry, the plugin's `overrides` do not apply (npm honours them in the root
 * project only), so @salesforce/core's @jsforce/jsforce-node resolves undici 8, which needs Node.js 22.19 and crashes
 * while @salesforce/core loads on Node.js 20 (a TypeError with a stack, before any plugin code runs). This init hook
 * runs first and imports nothing from @salesforce/core: it finds the undici jsforce-node would load, the way Node.js
 * resolves packages (node_modules folders upward), and compares its `engines.node` with the running Node.js.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hook } from '@oclif/core';

const pluginRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The folder of package `name` as Node.js would resolve it from `from`: the nearest node_modules holding it. */
export function packageDir(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** `>=22.19.0` (the form undici states) as [22, 19, 0]; undefined for any other form. */
export function minimumOf(range: string | undefined): number[] | undefined {
  const match = /^\s*>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(range ?? '');
  return match ? [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)] : undefined;
}

/** Whether version `a` is below `b` (each as numbers, major first). */
export function below(a: number[], b: number[]): boolean {
  for (let i = 0; i < b.length; i++) if ((a[i] ?? 0) !== b[i]) return (a[i] ?? 0) < b[i];
  return false;
}

/**
 * The refusal for the running Node.js, or undefined when the undici @jsforce/jsforce-node resolves to accepts it (or
 * when either can't be found: then nothing is known, and nothing is refused).
 */
export function nodeRefusal(root: string, nodeVersion: string): string | undefined {
  const jsforce = packageDir(root, join('@jsforce', 'jsforce-node'));
  const undici = jsforce ? packageDir(jsforce, 'undici') : undefined;
  if (!undici) return undefined;
  const pkg = JSON.parse(readFileSync(join(undici, 'package.json'), 'utf8')) as {
    version?: string;
    engines?: { node?: string };
  };
  const minimum = minimumOf(pkg.engines?.node);
  if (!minimum || !below(nodeVersion.split('.').map(Number), minimum)) return undefined;
  return message('error.NodeTooOld', [nodeVersion, pkg.version ?? '?', minimum.join('.')]);
}

/** A message of messages/install.md (this hook can't load @salesforce/core's Messages: that is what would crash). */
function message(key: string, values: string[]): string {
  const text = readFileSync(join(pluginRoot, 'messages', 'install.md'), 'utf8');
  const section = text.split(/^# /m).find((part) => part.startsWith(`${key}\n`)) ?? key;
  let next = 0;
  return section
    .slice(key.length)
    .trim()
    .replace(/%s/g, () => values[next++] ?? '');
}

const hook: Hook<'init'> = function (options) {
  const refusal = options.id?.startsWith('sharing') ? nodeRefusal(pluginRoot, process.versions.node) : undefined;
  if (refusal !== undefined) {
    process.stderr.write(`Error: ${refusal}\n`);
    process.exit(1);
  }
  return Promise.resolve();
};

export default hook;
