/**
 * Hostile input at the command level: what reaches the org (SOQL, SOAP) or the disk from user-supplied names, paths,
 * repeated flags and file bytes. The XML and path rules themselves are unit-tested in test/unit/source.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { failed, pluginRoot, succeeded, useOrgEnv, type OrgEnv, type RunResult } from '../../helpers/e2e.js';
import type { SharingProfileListResult } from '../../../src/commands/sharing/profile/list.js';
import type { SharingSetDiffResult } from '../../../src/commands/sharing/set/diff.js';
import type { SharingSetListResult } from '../../../src/commands/sharing/set/list.js';
import type { SharingAuditResult } from '../../../src/commands/sharing/audit.js';
import type { SharingSetCreateResult } from '../../../src/commands/sharing/set/create.js';

const driftProject = join(pluginRoot, 'test', 'fixtures', 'projects', 'drift');
const QUOTE_NAME = "a'b";
const NASTY_PROFILE = "O'Brien \\ %_";
const XML_NAME = 'a<b>&c"d';

describe('e2e reliability: hostile input', () => {
  let env: OrgEnv;
  let work: string;
  useOrgEnv({ fixture: 'demo', workPerTest: 'plugin-sharing-hostile-' }, (ready) => {
    env = ready;
  });
  beforeEach(() => {
    work = env.work;
  });

  const run = <T = unknown>(args: string[], cwd = work): Promise<RunResult<T>> =>
    env.run<T>([...args, '-o', env.alias, '--json'], { cwd });

  /** Nothing the org refused as malformed (a SOQL or SOAP syntax error), nothing written, no stack trace. */
  const expectCleanRequests = (result: RunResult): void => {
    const refused = env.emulator.log.filter((entry) => (entry.status ?? 0) >= 400);
    expect(refused.map((e) => `${e.status} ${e.soql ?? e.soapOperation ?? e.path}`)).to.deep.equal([]);
    expect(env.emulator.writeCalls()).to.deep.equal([]);
    expect(result.stderr).to.not.match(/^\s{4}at /m);
    expect(result.json, result.stdout).to.be.an('object');
  };

  describe('SOQL and XML metacharacters in names', () => {
    for (const name of [QUOTE_NAME, XML_NAME, "x' OR Name != '"]) {
      it(`set list --name ${JSON.stringify(name)}: not found, and the read request was well-formed`, async () => {
        const result = succeeded(await run<SharingSetListResult>(['sharing', 'set', 'list', '--name', name]));
        // A --name the org does not have: reported, exit 5 (EXIT.notFound).
        expect(result.code).to.equal(5);
        expect(result.json.result.missing).to.deep.equal([name]);
        expect(result.json.warnings.join('\n')).to.contain(`No sharing set named ${name}`);
        expectCleanRequests(result);
        const read = env.emulator.log.find((entry) => entry.soapOperation === 'readMetadata');
        expect(read?.names).to.deep.equal([name]);
      });

      it(`set delete --name ${JSON.stringify(name)}: not found, nothing deleted`, async () => {
        const before = env.emulator.state.sharingSets;
        const result = failed(await run(['sharing', 'set', 'delete', '--name', name, '--no-prompt']));
        expect(result.code).to.equal(1);
        expect(result.json.name).to.equal('NotFoundError');
        expectCleanRequests(result);
        expect(env.emulator.state.sharingSets).to.deep.equal(before);
      });
    }

    it('set diff --name "a\'b": compared as a name, no error from the org', async () => {
      const result = await run<SharingSetDiffResult>([
        'sharing',
        'set',
        'diff',
        '--source-dir',
        driftProject,
        '--name',
        QUOTE_NAME,
      ]);
      expect([0, 1, 3]).to.include(result.code);
      expectCleanRequests(result);
    });

    it(`profile list --profile ${JSON.stringify(NASTY_PROFILE)}: not found, and no query was malformed`, async () => {
      const result = failed(
        await run<SharingProfileListResult>(['sharing', 'profile', 'list', '--profile', NASTY_PROFILE])
      );
      expect(result.code).to.equal(1);
      expect(result.json.name).to.equal('ProfileNotFoundError');
      expect(result.json.message).to.contain(NASTY_PROFILE);
      expectCleanRequests(result);
    });

    it('set create with a quote in the name and in a profile: every problem listed, nothing written', async () => {
      const result = failed(
        await run([
          'sharing',
          'set',
          'create',
          '--name',
          QUOTE_NAME,
          '--profile',
          NASTY_PROFILE,
          '--mapping',
          'Case.Account=Account',
        ])
      );
      expect(result.code).to.equal(2);
      expect(result.json.message).to.contain('--name: the name may contain only letters, digits and underscores');
      expect(result.json.message).to.contain(`names profile "${NASTY_PROFILE}", which does not exist`);
      expectCleanRequests(result);
    });

    // --mapping values are parsed before anything is sent: a segment that is not an API name is a problem of the
    // flags, listed with the others, and never reaches a query, a describe or a metadata call.
    const HOSTILE_MAPPINGS: Array<{ spec: string; bad: string; reason?: string }> = [
      { spec: "Case') OR (Name != '.Account=Account", bad: "Case') OR (Name ", reason: 'with exactly one "="' },
      { spec: "Case') OR (Name <> '.Account=Account", bad: "Case') OR (Name <> '" },
      { spec: "Case.Account' OR Id > '=Account", bad: "Account' OR Id > '" },
      { spec: "Case.Account=Account' OR '1", bad: "Account' OR '1" },
      { spec: 'Case.Account=<Account>&amp;', bad: '<Account>&amp;' },
      { spec: 'Case./etc/passwd=Account', bad: '/etc/passwd' },
    ];
    it(`set create --mapping with SOQL, XML and path metacharacters (${HOSTILE_MAPPINGS.length} values): refused before any request carries them`, async () => {
      let checked = 0;
      for (const { spec, bad, reason } of HOSTILE_MAPPINGS) {
        env.emulator.clearLog();
        const result = failed(
          // eslint-disable-next-line no-await-in-loop
          await run([
            'sharing',
            'set',
            'create',
            '--name',
            'Hostile_Mapping',
            '--profile',
            'Customer Community User',
            '--mapping',
            spec,
            '--dry-run',
          ])
        );
        // A problem of the flags, reported with the others once the rest was checked against the org: exit 2 (bad
        // arguments: the definition they give is refused), an InvalidError with one line per problem.
        expect(result.code, `${spec}: ${result.stdout}`).to.equal(2);
        expect(result.json.name, spec).to.equal('InvalidError');
        expect(result.json.message, spec).to.contain(`Can't read the mapping "${spec}"`);
        expect(result.json.message, spec).to.contain(reason ?? `"${bad}" is not an API name`);
        expectCleanRequests(result);
        // A mapping that can't be read is refused from the flags alone: no request reaches the org at all.
        expect(env.emulator.log.length, `${spec}: the command reached the org`).to.equal(0);
        checked++;
      }
      expect(checked).to.equal(HOSTILE_MAPPINGS.length).and.to.be.greaterThan(0);
    });

    /**
     * A project's sharing-set file names its mapped objects and profiles freely (only the file name is an API name):
     * `audit --source-dir --target-org` sends the mapped objects to the org in the EntityDefinition query (SOQL,
     * src/org/queries.ts) and the describe composite (a URL path). This object name, unescaped, would turn the query's
     * IN list into `IN ('X') OR (QualifiedApiName != 'Y')`: valid SOQL that returns every object.
     */
    const HOSTILE_OBJECT = "X') OR (QualifiedApiName != 'Y";
    const HOSTILE_PROFILE = "O'Brien') OR (Name != '";
    it('audit --source-dir --target-org with a hostile object and profile in the XML: escaped in the SOQL, encoded in the URL', async () => {
      const project = join(work, 'project');
      const dir = join(project, 'force-app', 'main', 'default', 'sharingSets');
      await mkdir(dir, { recursive: true });
      await writeFile(
        join(project, 'sfdx-project.json'),
        JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '62.0' })
      );
      const xmlText = (text: string): string =>
        text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/'/g, '&apos;');
      await writeFile(
        join(dir, 'Hostile_Object.sharingSet-meta.xml'),
        '<?xml version="1.0" encoding="UTF-8"?>\n<SharingSet xmlns="http://soap.sforce.com/2006/04/metadata">\n' +
          `<accessMappings><accessLevel>Read</accessLevel><object>${xmlText(HOSTILE_OBJECT)}</object>` +
          '<objectField>Account</objectField><userField>Account</userField></accessMappings>\n' +
          `<name>Hostile object</name>\n<profiles>${xmlText(HOSTILE_PROFILE)}</profiles>\n</SharingSet>\n`
      );
      const result = succeeded(await run(['sharing', 'audit', '--source-dir', project]));
      expect([0, 3], result.stdout).to.include(result.code);
      expectCleanRequests(result);

      const entity = env.emulator.log.filter((entry) => /\bFROM EntityDefinition\b/.test(entry.soql ?? ''));
      expect(entity, 'the EntityDefinition query was sent').to.have.length(1);
      expect(entity[0].status).to.equal(200);
      // Every quote of the name escaped: one string literal, the IN list unchanged.
      expect(entity[0].soql).to.contain("QualifiedApiName IN ('X\\') OR (QualifiedApiName != \\'Y')");
      expect(entity[0].soql).to.not.contain("IN ('X') OR");

      const describes = env.emulator.log.flatMap((entry) => entry.subrequests ?? []);
      const hostile = describes.filter((url) => url.includes(encodeURIComponent(HOSTILE_OBJECT)));
      expect(hostile, JSON.stringify(describes)).to.have.length(1);
      expect(hostile[0]).to.match(/\/sobjects\/[^/]+\/describe$/);

      // The profile names are compared with the org's own list; no request carries them.
      for (const entry of env.emulator.log) {
        expect(
          JSON.stringify([entry.path, entry.soql, entry.subrequests]),
          'the profile name is sent nowhere'
        ).to.not.contain("O'Brien");
      }
      // The audit read the hostile object as an object the org lacks, and says so.
      expect(JSON.stringify(result.json.result)).to.contain(HOSTILE_OBJECT);
    });
  });

  describe('paths', () => {
    it("audit --output-file ../../x.sarif is the user's explicit choice and is written there", async () => {
      const cwd = join(work, 'a', 'b');
      await mkdir(cwd, { recursive: true });
      const result = await run(['sharing', 'audit', '--output-file', '../../x.sarif'], cwd);
      expect([0, 3]).to.include(result.code);
      expect(existsSync(join(work, 'x.sarif'))).to.equal(true);
    });

    for (const name of ['../x', '..', 'a/../../x', '/tmp/x']) {
      it(`set create --name ${JSON.stringify(name)} --output-dir is refused; nothing is written`, async () => {
        const out = join(work, 'out');
        const result = failed(
          await env.run<SharingSetCreateResult>(
            [
              'sharing',
              'set',
              'create',
              '--name',
              name,
              '--profile',
              'Customer Community User',
              '--mapping',
              'Case.Account=Account',
              '--output-dir',
              out,
              '--json',
            ],
            { cwd: work }
          )
        );
        expect(result.code).to.equal(2);
        expect(result.json.message).to.match(/--name: the name/);
        expect(await readdir(work)).to.deep.equal([]);
      });
    }
  });

  describe('repeated flags', () => {
    it('set list --name A --name A: one set', async () => {
      const result = succeeded(
        await run<SharingSetListResult>(['sharing', 'set', 'list', '--name', 'Case_Sharing', '--name', 'Case_Sharing'])
      );
      expect(result.code).to.equal(0);
      expect(result.json.result.sharingSets.map((s: { fullName: string }) => s.fullName)).to.deep.equal([
        'Case_Sharing',
      ]);
    });

    it('set diff --name A --name A: A compared once', async () => {
      const result = succeeded(
        await run<SharingSetDiffResult>([
          'sharing',
          'set',
          'diff',
          '--source-dir',
          driftProject,
          '--name',
          'Case_Sharing',
          '--name',
          'Case_Sharing',
        ])
      );
      expect([0, 3]).to.include(result.code);
      const diff = result.json.result.diff as Record<string, unknown>;
      const entries = Object.values(diff).filter(Array.isArray).flat() as Array<{ fullName?: string; name?: string }>;
      const mentioned = entries.map((entry) => entry.fullName ?? entry.name);
      expect(mentioned.filter((n) => n === 'Case_Sharing').length).to.be.at.most(1);
    });

    it('profile list --profile P --profile P: one row', async () => {
      const result = succeeded(
        await run<SharingProfileListResult>([
          'sharing',
          'profile',
          'list',
          '--profile',
          'Customer Community User',
          '--profile',
          'Customer Community User',
        ])
      );
      expect(result.code).to.equal(0);
      expect(result.json.result.profiles.map((p: { name: string }) => p.name)).to.deep.equal([
        'Customer Community User',
      ]);
    });

    it('set create --profile P --profile P: the profile is sent once', async () => {
      const result = await run([
        'sharing',
        'set',
        'create',
        '--name',
        'Twice_Profile',
        '--profile',
        'Customer Community User',
        '--profile',
        'customer community user',
        '--mapping',
        'Case.Account=Account',
      ]);
      expect(result.code, result.stdout).to.equal(0);
      const created = env.emulator.state.sharingSets.find((s) => s.fullName === 'Twice_Profile');
      expect(created?.profiles, 'first spelling kept, once').to.deep.equal(['Customer Community User']);
      expect(env.emulator.writeCalls().flatMap((entry) => entry.names ?? [])).to.deep.equal(['Twice_Profile']);
    });

    it('set create --mapping M --mapping M: refused as a problem of the flags, nothing written', async () => {
      const result = failed(
        await run([
          'sharing',
          'set',
          'create',
          '--name',
          'Twice_Mapping',
          '--profile',
          'Customer Community User',
          '--mapping',
          'Case.Account=Account',
          '--mapping',
          'Case.Account=Account',
        ])
      );
      expect(result.code).to.equal(2);
      expect(result.json.message).to.contain('mapped twice');
      expect(env.emulator.writeCalls()).to.deep.equal([]);
    });

    for (const flag of ['--name', '--target-org', '--result-format']) {
      it(`a single-value flag given twice (${flag}): a usage error, exit 2, nothing sent`, async () => {
        const values: Record<string, [string, string]> = {
          '--name': ['A_One', 'B_Two'],
          '--target-org': [env.alias, env.alias],
          '--result-format': ['human', 'markdown'],
        };
        const [first, second] = values[flag];
        const command =
          flag === '--result-format'
            ? ['sharing', 'set', 'diff', '--source-dir', driftProject]
            : ['sharing', 'set', 'delete', '--no-prompt'];
        const extra = flag === '--name' ? [] : flag === '--result-format' ? [] : ['--name', 'Case_Sharing'];
        const result = await env.run([...command, ...extra, flag, first, flag, second, '-o', env.alias, '--json'], {
          cwd: work,
        });
        expect(result.code, result.stdout).to.equal(2);
        expect(`${String(result.json?.message)}`).to.match(/can only be specified once/);
        expect(env.emulator.writeCalls()).to.deep.equal([]);
      });
    }
  });

  describe('hostile XML files, through the commands that read them', () => {
    const head =
      '<?xml version="1.0" encoding="UTF-8"?>\n<SharingSet xmlns="http://soap.sforce.com/2006/04/metadata">\n';
    const cases: Array<{ what: string; write: (file: string) => Promise<void>; message: RegExp }> = [
      {
        what: 'a "billion laughs" entity bomb',
        write: (file) =>
          copyFile(join(pluginRoot, 'test', 'fixtures', 'xml', 'bad', 'billion-laughs.sharingSet-meta.xml'), file),
        message: /DOCTYPE|entit/i,
      },
      {
        what: 'a 10 MB file',
        write: (file) =>
          writeFile(file, `${head}<description>${'x'.repeat(10 * 1024 * 1024)}</description>\n</SharingSet>\n`),
        message: /too large|MB|bytes/i,
      },
      {
        what: 'a 10,000-deep file',
        write: (file) => writeFile(file, `${head}${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}\n</SharingSet>\n`),
        message: /deep|nest/i,
      },
    ];
    for (const entry of cases) {
      it(`set create --definition-file with ${entry.what}: refused quickly with its path, nothing sent`, async () => {
        const file = join(work, 'Hostile.sharingSet-meta.xml');
        await entry.write(file);
        const started = Date.now();
        const result = failed(await run(['sharing', 'set', 'create', '--definition-file', file]));
        expect(Date.now() - started, 'refused quickly').to.be.below(15_000);
        expect(result.code, result.stdout).to.equal(2);
        expect(result.json.message).to.contain(file);
        expect(result.json.message).to.match(entry.message);
        expect(env.emulator.writeCalls()).to.deep.equal([]);
        expect(result.stderr).to.not.match(/^\s{4}at /m);
      });

      it(`audit --source-dir of a project holding ${entry.what}: a sharing-set-file-invalid finding naming the file, nothing sent`, async () => {
        const dir = join(work, 'project', 'force-app', 'main', 'default', 'sharingSets');
        await mkdir(dir, { recursive: true });
        await writeFile(
          join(work, 'project', 'sfdx-project.json'),
          JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '62.0' })
        );
        const file = join(dir, 'Hostile.sharingSet-meta.xml');
        await entry.write(file);
        const result = succeeded(
          await env.run<SharingAuditResult>(['sharing', 'audit', '--source-dir', join(work, 'project'), '--json'], {
            cwd: work,
          })
        );
        expect(result.code, result.stdout).to.equal(3);
        const invalid = result.json.result.findings.find((finding) => finding.ruleId === 'sharing-set-file-invalid');
        expect(invalid?.message).to.contain('Hostile.sharingSet-meta.xml');
        expect(invalid?.message).to.match(entry.message);
        expect(env.emulator.log, 'a source-only audit sends nothing').to.deep.equal([]);
        expect(result.stderr).to.not.match(/^\s{4}at /m);
      });
    }
  });

  it('a --definition-file not named like a sharing-set file is refused as such (exit 2), nothing sent', async () => {
    const file = join(work, 'settings.json');
    await writeFile(file, '{"not": "a sharing set"}');
    env.emulator.clearLog();
    const result = failed(await run(['sharing', 'set', 'create', '--definition-file', file]));
    expect(result.code, result.stdout).to.equal(2);
    expect(result.json.name).to.equal('NotSharingSetFileError');
    expect(result.json.message).to.contain(file);
    expect(result.json.actions.join(' ')).to.contain('.sharingSet-meta.xml').and.contain('--name');
    expect(env.emulator.log).to.deep.equal([]);
  });

  it('a --definition-file that is not valid UTF-8 is refused with its path, nothing sent', async () => {
    const file = join(work, 'Bad_Utf.sharingSet-meta.xml');
    await writeFile(
      file,
      Buffer.concat([
        Buffer.from(
          '<?xml version="1.0" encoding="UTF-8"?>\n<SharingSet xmlns="http://soap.sforce.com/2006/04/metadata">\n' +
            '<accessMappings><accessLevel>Read</accessLevel><object>Case</object><objectField>Account</objectField>' +
            '<userField>Account</userField></accessMappings>\n<name>Bad '
        ),
        Buffer.from([0xff, 0xfe, 0xc3]),
        Buffer.from(' label</name>\n<profiles>Customer Community User</profiles>\n</SharingSet>\n'),
      ])
    );
    const result = failed(await run(['sharing', 'set', 'create', '--definition-file', file, '--update']));
    expect(result.code).to.equal(2);
    expect(result.json.message).to.contain(`${file}:1: The file is not valid UTF-8`);
    expect(env.emulator.writeCalls()).to.deep.equal([]);
    expect(env.emulator.state.sharingSets.some((s) => s.fullName === 'Bad_Utf')).to.equal(false);
  });
});
