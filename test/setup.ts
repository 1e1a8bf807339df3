/**
 * Loaded by mocha before any test file: every test process runs with a temporary HOME, so nothing a test does
 * (@salesforce/core's log file, key store, auth files) can reach the real user's ~/.sf or ~/.sfdx. Must run before
 * @salesforce/core is imported, because core reads the home directory when it loads.
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
