/**
 * Loaded by mocha before any test file: every test process runs with a temporary HOME, so nothing a test does (the
 * log file, key store and auth files of Salesforce's core library) can reach the real user's ~/.sf or ~/.sfdx. It
 * must run before that library is imported, because the library reads the home directory when it loads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const home = mkdtempSync(join(tmpdir(), 'plugin-sharing-test-home-'));
process.env.HOME = home;
process.env.USERPROFILE = home;
process.env.SF_USE_GENERIC_UNIX_KEYCHAIN = 'true';
process.env.SF_DISABLE_TELEMETRY = 'true';
process.env.SF_DISABLE_LOG_FILE = 'true';
process.on('exit', () => rmSync(home, { recursive: true, force: true }));
// sf-plugins-core adds four signal listeners on every command run and never removes them (a CLI process runs one
// command); command tests run many in one process. The sf CLI itself allows 1000.
process.setMaxListeners(1000);
