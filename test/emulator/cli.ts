/**
 * npm run emulator -- --fixture <demo|large|empty|file.json> [--port N] [--latency ms] [--batch-size N]
 * Prints how to reach the emulated org and serves until Ctrl-C.
 */
import { parseArgs } from 'node:util';
import type { Fixture } from './fixture.js';
import { emptyOrg, generateLargeOrg } from './generate.js';
import { startEmulator } from './server.js';

const { values } = parseArgs({
  options: {
    fixture: { type: 'string', default: 'demo' },
    port: { type: 'string', default: '0' },
    latency: { type: 'string', default: '0' },
    'batch-size': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(
    'usage: tsx test/emulator/cli.ts --fixture <demo|large|empty|path.json> [--port N] [--latency ms] [--batch-size N]'
  );
  process.exit(0);
}

const name = values.fixture ?? 'demo';
const fixture: Fixture | string = name === 'large' ? generateLargeOrg() : name === 'empty' ? emptyOrg() : name;
const org = await startEmulator({
  fixture,
  port: Number(values.port),
  latencyMs: Number(values.latency),
  ...(values['batch-size'] ? { queryBatchSize: Number(values['batch-size']) } : {}),
});

console.log(`Org emulator (${name}) listening on ${org.url}`);
console.log(`  username:     ${org.username}`);
console.log(`  org id:       ${org.orgId}`);
console.log(`  access token: ${org.token}`);
console.log('Log in with:');
console.log(
  `  SF_ACCESS_TOKEN='${org.token}' sf org login access-token --instance-url ${org.url} --no-prompt --alias emu`
);
console.log(
  `Control: GET ${org.url}/__emulator/log | GET ${org.url}/__emulator/state | POST ${org.url}/__emulator/faults`
);
console.log('Ctrl-C to stop.');

const shutdown = (): void => {
  org.stop().then(
    () => process.exit(0),
    () => process.exit(1)
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
