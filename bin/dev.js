#!/usr/bin/env node
// Development entry point: loads the devPlugins (command snapshot, schema generation) on top of the built commands.
// Build first (`npm run build`): the commands are read from lib/.

async function main() {
  const { execute } = await import('@oclif/core');
  await execute({ development: true, dir: import.meta.url });
}

await main();
