#!/usr/bin/env node

// --dev-debug, as the sf CLI's own bin/run.js reads it (before oclif parses flags): debug output on, so the advice
// "run with --dev-debug" in the plugin's errors works when the plugin runs on its own too.
const devDebug = process.argv.indexOf('--dev-debug');
if (devDebug > 1) {
  process.argv.splice(devDebug, 1);
  process.env.DEBUG = process.env.DEBUG ?? '*';
  process.env.SF_DEBUG = '1';
  process.env.SF_LOG_LEVEL = process.env.SF_LOG_LEVEL ?? 'trace';
}

// eslint-disable-next-line node/shebang
async function main() {
  const { execute } = await import('@oclif/core');
  await execute({ dir: import.meta.url });
}

await main();
