#!/usr/bin/env -S node --import tsx
// Runs the commands from src/ through tsx, without a build. Used by `npm run snapshots:update` and local development.

async function main() {
  const { execute } = await import('@oclif/core');
  await execute({ development: true, dir: import.meta.url });
}

await main();
