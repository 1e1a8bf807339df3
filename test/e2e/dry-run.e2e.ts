/**
 * Dry runs predict the real run: `create --update --dry-run` shows what would change in the org (on stderr, so
 * stdout keeps holding only the definition), `--dry-run --output-dir` stops on a file the real run could not write,
 * and a mapping that cannot be read is refused before any request reaches the org.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { failed, succeeded, useOrgEnv, type OrgEnv } from '../helpers/e2e.js';
import type { SharingSetCreateResult } from '../../src/commands/sharing/set/create.js';
import { parseSharingSetXml } from '../../src/source/sharingSetXml.js';
import { assertMatchesSchema } from './schema.js';

const UPDATE = [
  'sharing',
  'set',
  'create',
  '--name',
  'Case_Sharing',
  '--profile',
  'Customer Community User',
  '--mapping',
  'Case.Account=Account:Edit',
  '--update',
  '--dry-run',
];

describe('e2e: dry runs predict the real run', () => {
  let env: OrgEnv;
  useOrgEnv({ fixture: 'demo', workPerTest: 'plugin-sharing-dry-run-' }, (ready) => {
    env = ready;
  });
  const writes = (): string[] => env.emulator.writeCalls().map((entry) => entry.soapOperation ?? entry.path);

  it('create --update --dry-run shows the changes on stderr and only the definition on stdout', async () => {
    const { code, stdout, stderr } = await env.run([...UPDATE, '-o', env.alias], { cwd: env.work });
    expect(code, stderr).to.equal(0);
    expect(stdout.trimStart().startsWith('<?xml')).to.equal(true);
    expect(parseSharingSetXml(stdout, 'stdout', 'Case_Sharing').profiles).to.deep.equal(['Customer Community User']);
    expect(stderr).to.contain('~ Case_Sharing');
    expect(stderr).to.match(/- +profile customer community login user/);
    expect(stderr).to.match(/~ +mapping Case: Account = user Account: Read -> Edit/);
    expect(stderr).to.match(/- +mapping Case: Contact = user Contact \(Read\)/);
    expect(writes()).to.deep.equal([]);
  });

  it('create --update --dry-run --json returns the changes', async () => {
    const run = await env.run<SharingSetCreateResult>([...UPDATE, '-o', env.alias, '--json'], { cwd: env.work });
    const { json } = succeeded(run);
    assertMatchesSchema('sharing-set-create', json.result);
    const changes = json.result.changes;
    expect(changes?.changed.map((change) => change.fullName)).to.deep.equal(['Case_Sharing']);
    expect(changes?.changed[0].accessLevelChanges).to.have.length(1);
    expect(writes()).to.deep.equal([]);
  });

  it('--dry-run --output-dir stops on a file that exists, as the real run would', async () => {
    const dir = join(env.work, 'force-app');
    await mkdir(join(dir, 'sharingSets'), { recursive: true });
    const file = join(dir, 'sharingSets', 'New_Set.sharingSet-meta.xml');
    await writeFile(file, '<?xml version="1.0" encoding="UTF-8"?>\n');
    const args = ['sharing', 'set', 'create', '--name', 'New_Set', '--profile', 'Customer Community User'];
    const refused = failed(
      await env.run([...args, '--mapping', 'Case.Account=Account', '--output-dir', dir, '--dry-run', '--json'], {
        cwd: env.work,
      })
    );
    expect(refused.json.name).to.equal('FileExistsError');
    expect(refused.json.message).to.contain('New_Set.sharingSet-meta.xml');

    const update = await env.run(
      [...args, '--mapping', 'Case.Account=Account', '--output-dir', dir, '--dry-run', '--update'],
      {
        cwd: env.work,
      }
    );
    expect(update.code, update.stderr).to.equal(0);
    expect(update.stderr).to.contain('already exists; the real run would replace it');
  });

  it('a mapping that cannot be read is refused before any request reaches the org', async () => {
    const args = ['sharing', 'set', 'create', '-o', env.alias, '--name', 'Bad', '--profile', 'Customer Community User'];
    const { json, code } = failed(await env.run([...args, '--mapping', 'Case=broken', '--dry-run', '--json']));
    expect(code).to.equal(2);
    expect(json.name).to.equal('InvalidError');
    expect(json.message).to.contain('Can\'t read the mapping "Case=broken"');
    expect(env.emulator.log).to.deep.equal([]);
  });
});
