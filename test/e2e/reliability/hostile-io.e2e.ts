/**
 * Hostile data and hostile projects (issue 21): values an org holds (labels, profile and license names, field paths)
 * and files a pull request brings (file names, baselines) reach a terminal, a CI log and a prompt only escaped. Every
 * command runs in a pseudo-terminal (`script` from util-linux: node-pty is not installed), so what is asserted is the
 * raw bytes a terminal would interpret.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { cloneFixture, loadFixture, type Emulator, type Fixture } from '../../emulator/index.js';
import { COMMAND_REGISTRY, COMPARE_ALIAS } from '../../helpers/commands.js';
import { createOrgEnv, failed, otherOrg, pluginBin, pluginNode, spawnPlugin, type OrgEnv } from '../../helpers/e2e.js';

/** An OSC that retitles the window, a BEL, and an erase-display sequence. */
const OSC_LABEL = 'Cases\x1b]0;pwned\x07\x1b[2J';
const CR_LABEL = 'Good\rEvil';
const RLO_PROFILE = 'Partner \u202Eresu';
const ESC_LICENSE = 'Partner \x1b[31mCommunity';
const WORKFLOW_FILE = 'X\n::error title=Pwned,file=README.md,line=1::owned\n.sharingSet-meta.xml';

/** The demo org with hostile values in a label, a profile, a license and an object field. */
function hostileOrg(base: Fixture): Fixture {
  const org = cloneFixture(base);
  org.sharingSets[0].name = OSC_LABEL;
  org.sharingSets[1].name = CR_LABEL;
  org.sharingSets.push({
    fullName: 'Hostile_Field',
    name: 'Hostile field',
    description: 'desc \u202E',
    profiles: [RLO_PROFILE],
    accessMappings: [{ accessLevel: 'Read', object: 'Case', objectField: 'Account\x1b[2J', userField: 'Account' }],
  });
  const profile = org.profiles.find((p) => p.userType !== 'Standard') ?? org.profiles[0];
  profile.name = RLO_PROFILE;
  const license = org.licenses.find((l) => l.id === profile.licenseId);
  if (license) license.name = ESC_LICENSE;
  return org;
}

type PtyRun = { code: number; output: string };

const shellQuote = (arg: string): string => `'${arg.replace(/'/g, "'\\''")}'`;

/** Runs the plugin in a pseudo-terminal; `answer` is typed once the output contains `when`. */
function runInPty(env: OrgEnv, args: string[], cwd: string, answer?: { when: string; text: string }): Promise<PtyRun> {
  const command = [pluginNode(), pluginBin, ...args].map(shellQuote).join(' ');
  return new Promise((done, reject) => {
    const child = spawn('script', ['-qefc', command, '/dev/null'], {
      cwd,
      env: { ...env.childEnv(), TERM: 'xterm-256color', COLUMNS: '200' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let answered = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (answer && !answered && output.includes(answer.when)) {
        answered = true;
        child.stdin.write(answer.text);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code: code ?? 1, output });
    });
  });
}

/** What no terminal may receive from a value: the planted sequences, raw CR, bidi overrides, workflow commands. */
function expectInert(output: string, what: string): void {
  expect(output, `${what}: OSC title sequence`).to.not.contain('\x1b]0;pwned');
  expect(output, `${what}: BEL`).to.not.contain('\x07');
  expect(output, `${what}: erase display`).to.not.contain('\x1b[2J');
  expect(output, `${what}: a colour sequence from a license name`).to.not.contain('\x1b[31mCommunity');
  expect(output, `${what}: right-to-left override`).to.not.contain('\u202E');
  expect(output, `${what}: a carriage return rewriting a value`).to.not.contain('Good\rEvil');
  for (const line of output.split(/\r?\n|\r/)) {
    expect(line.trimStart(), `${what}: a line starting a workflow command`).to.not.match(/^(::|##\[)/);
  }
}

describe('e2e reliability: hostile data reaches terminals and CI logs inertly', () => {
  let env: OrgEnv;
  let compare: Emulator;
  let work: string;
  before(async () => {
    const base = loadFixture('demo');
    env = await createOrgEnv({ fixture: hostileOrg(base), alias: 'target', work: 'plugin-sharing-hostile-io-' });
    compare = await env.addOrg(COMPARE_ALIAS, { fixture: hostileOrg(otherOrg(COMPARE_ALIAS, base)) });
    work = env.work;
    // A baseline file for the --baseline rows: one entry whose target holds a newline, a workflow command and escapes
    // (it matches no finding, so the warning quotes it).
    await writeFile(
      join(work, 'accepted.json'),
      JSON.stringify({
        version: 1,
        entries: [
          {
            fingerprint: 'f'.repeat(64),
            ruleId: 'profile-not-found',
            target: 'x\n::error title=Pwned::baseline\x1b[2J',
            reason: 'accepted\r\u202E',
          },
        ],
      })
    );
  });
  after(async () => env?.cleanup());
  beforeEach(() => {
    env.emulator.clearLog();
    compare.clearLog();
  });

  const rows = COMMAND_REGISTRY.flatMap((spec) => spec.readOnly.map((mode) => ({ id: spec.id, mode })));
  it('has a read row for every command of the registry', () => {
    expect(new Set(rows.map((row) => row.id)).size).to.equal(COMMAND_REGISTRY.length);
  });

  for (const { mode } of rows) {
    it(`${mode.title}: no planted escape, CR, bidi override or workflow command reaches the terminal`, async () => {
      const args = [...mode.args, '-o', 'target'].map((arg) => arg.replace('{dir}', work).replace('{run}', 'pty'));
      const { output } = await runInPty(env, args, work);
      expect(output.length, 'the command printed something').to.be.greaterThan(0);
      expectInert(output, mode.title);
    });
  }

  it('--json in a terminal: the bidi override and C1 controls are \\u escapes, and the JSON still holds the values', async () => {
    const { code, output } = await runInPty(env, ['sharing', 'set', 'list', '-o', 'target', '--json'], work);
    expect(code, output).to.equal(0);
    expectInert(output, 'set list --json');
    expect(output).to.contain('\\u202e');
    // The same values as the org holds, once parsed (the pty turns LF into CRLF; colours are stripped).
    // eslint-disable-next-line no-control-regex
    const json = JSON.parse(output.replace(/\x1b\[[0-9;]*m/g, '').replace(/\r\n/g, '\n')) as {
      result: { sharingSets: Array<{ fullName: string; description?: string; profiles: string[] }> };
    };
    const planted = json.result.sharingSets.find((set) => set.fullName === 'Hostile_Field');
    expect(planted?.description).to.equal('desc \u202E');
    expect(planted?.profiles).to.deep.equal([RLO_PROFILE]);
  });

  it('set list shows the planted values escaped and visible', async () => {
    const { code, output } = await runInPty(env, ['sharing', 'set', 'list', '-o', 'target'], work);
    expect(code, output).to.equal(0);
    expect(output).to.contain('Cases\\x1b]0;pwned\\x07\\x1b[2J');
    expect(output).to.contain('Good\\x0dEvil');
    expect(output).to.contain('Partner \\u202eresu');
    expectInert(output, 'set list');
  });

  it('profile list: the table, the warning and the reasons show the license and profile escaped', async () => {
    const { output } = await runInPty(env, ['sharing', 'profile', 'list', '-o', 'target', '--include-internal'], work);
    expect(output).to.contain('\\u202e');
    expectInert(output, 'profile list');
  });

  for (const format of ['human', 'csv', 'markdown', 'sarif', 'junit']) {
    it(`audit -r ${format} with a baseline whose target plants a workflow command: inert`, async () => {
      const { output } = await runInPty(
        env,
        ['sharing', 'audit', '-o', 'target', '-r', format, '--baseline', join(work, 'accepted.json')],
        work
      );
      expectInert(output, `audit -r ${format}`);
      expect(output).to.contain('::error title=Pwned::baseline');
    });
  }

  describe('a project whose sharing-set file name plants a workflow command', () => {
    let project: string;
    before(async () => {
      project = join(work, 'project');
      const dir = join(project, 'force-app', 'main', 'default', 'sharingSets');
      await mkdir(dir, { recursive: true });
      await writeFile(
        join(project, 'sfdx-project.json'),
        JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '62.0' })
      );
      await writeFile(
        join(dir, WORKFLOW_FILE),
        '<?xml version="1.0" encoding="UTF-8"?>\n<SharingSet xmlns="http://soap.sforce.com/2006/04/metadata">\n' +
          '<accessMappings><accessLevel>Read</accessLevel><object>Case</object><objectField>Account</objectField>' +
          `<userField>Account</userField></accessMappings>\n<name>@octocat https://evil.example #1 ${OSC_LABEL}</name>\n` +
          '<profiles>Customer Community User</profiles>\n</SharingSet>\n'
      );
    });

    for (const args of [
      ['sharing', 'audit', '--source-dir', '.'],
      ['sharing', 'audit', '--source-dir', '.', '-r', 'markdown'],
      ['sharing', 'audit', '--source-dir', '.', '-o', 'target'],
      ['sharing', 'set', 'diff', '--source-dir', '.', '-o', 'target'],
      ['sharing', 'set', 'diff', '--source-dir', '.', '-o', 'target', '--result-format', 'markdown'],
    ]) {
      it(`${args.join(' ')}: no line starts a workflow command`, async () => {
        const { output } = await runInPty(env, args, project);
        expectInert(output, args.join(' '));
      });
    }
  });

  it('audit -r markdown: mentions, links and issue references in a profile name are inert', async () => {
    const project = join(work, 'mentions');
    const dir = join(project, 'force-app', 'main', 'default', 'sharingSets');
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(project, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '62.0' })
    );
    await writeFile(
      join(dir, 'Mentions.sharingSet-meta.xml'),
      '<?xml version="1.0" encoding="UTF-8"?>\n<SharingSet xmlns="http://soap.sforce.com/2006/04/metadata">\n' +
        '<accessMappings><accessLevel>Read</accessLevel><object>Case</object><objectField>Account</objectField>' +
        '<userField>Account</userField></accessMappings>\n<name>Mentions</name>\n' +
        '<profiles>@octocat https://evil.example #1</profiles>\n</SharingSet>\n'
    );
    const { output } = await runInPty(
      env,
      ['sharing', 'audit', '--source-dir', '.', '-o', 'target', '-r', 'markdown'],
      project
    );
    expect(output).to.contain('@\u200Doctocat').and.contain('https\u200D://evil').and.contain('#\u200D1');
    expect(output).to.not.match(/@octocat|https:\/\/evil|#1\b/);
    expectInert(output, 'audit -r markdown');
  });

  it("set delete's confirmation prompt shows a label's carriage return escaped (the name cannot be rewritten)", async () => {
    const target = env.emulator.state.sharingSets.find((set) => set.name === CR_LABEL);
    expect(target, 'the planted set').to.not.equal(undefined);
    const { output } = await runInPty(
      env,
      ['sharing', 'set', 'delete', '-o', 'target', '--name', target?.fullName ?? '', '--backup-dir', join(work, 'b')],
      work,
      { when: '?', text: 'n\r' }
    );
    expect(output).to.contain('Good\\x0dEvil');
    expectInert(output, 'set delete prompt');
    expect(env.emulator.writeCalls()).to.deep.equal([]);
  });

  for (const [flag, value] of [
    ['--label', OSC_LABEL],
    ['--label', CR_LABEL],
    ['--description', 'a \u202E b'],
    ['--profile', 'Customer Community User\x1b[2J'],
  ] as const) {
    it(`set create ${flag} ${JSON.stringify(
      value
    )}: a usage error (exit 2) naming the character, nothing written`, async () => {
      const result = failed(
        await env.run(
          [
            'sharing',
            'set',
            'create',
            '--name',
            'Hostile_Value',
            '--profile',
            'Customer Community User',
            '--mapping',
            'Case.Account=Account',
            flag,
            value,
            '-o',
            'target',
            '--json',
          ],
          { cwd: work }
        )
      );
      expect(result.code, result.stdout).to.equal(2);
      expect(result.json.message).to.match(/holds the control character or bidirectional override \\(x1b|x0d|u202e)/);
      expect(env.emulator.writeCalls()).to.deep.equal([]);
      expect(env.emulator.state.sharingSets.some((set) => set.fullName === 'Hostile_Value')).to.equal(false);
    });
  }

  describe('hostile projects: files that are not plain files inside the project', () => {
    const project = (name: string): string => join(work, name);
    const withProjectFile = async (name: string, make: (file: string) => Promise<void>): Promise<string> => {
      const dir = project(name);
      await mkdir(join(dir, 'force-app'), { recursive: true });
      await make(join(dir, 'sfdx-project.json'));
      return dir;
    };

    it('sfdx-project.json as a FIFO: audit --source-dir refuses it at once (exit 1), no hang', async () => {
      const dir = await withProjectFile('fifo', (file) => {
        execFileSync('mkfifo', [file]);
        return Promise.resolve();
      });
      const started = Date.now();
      const result = failed(
        await env.run(['sharing', 'audit', '--source-dir', '.', '--json'], { cwd: dir, timeoutMs: 30_000 })
      );
      expect(result.code, result.stdout).to.equal(1);
      expect(Date.now() - started).to.be.below(20_000);
      expect(result.json.message).to.contain('not a regular file');
      expect(env.emulator.log).to.deep.equal([]);
    });

    it('SIGTERM while a command meets a FIFO project: the process ends within seconds', async () => {
      const dir = await withProjectFile('fifo-term', (file) => {
        execFileSync('mkfifo', [file]);
        return Promise.resolve();
      });
      const running = spawnPlugin(env, dir, ['sharing', 'set', 'diff', '--source-dir', '.', '-o', 'target']);
      await new Promise((wait) => setTimeout(wait, 1500));
      running.child.kill('SIGTERM');
      const ended = await Promise.race([
        running.closed.then(() => true),
        new Promise((wait) => setTimeout(() => wait(false), 10_000)),
      ]);
      if (!ended) running.child.kill('SIGKILL');
      expect(ended, running.stderr()).to.equal(true);
    });

    it('sfdx-project.json linked to /etc/passwd: refused, the target never quoted', async () => {
      const dir = await withProjectFile('passwd', (file) => symlink('/etc/passwd', file));
      const result = failed(await env.run(['sharing', 'audit', '--source-dir', '.', '--json'], { cwd: dir }));
      expect(result.code).to.equal(1);
      expect(result.json.message).to.contain('outside the project').and.not.contain('root:');
    });

    it('sfdx-project.json linked to /dev/zero: refused at once', async () => {
      const dir = await withProjectFile('zero', (file) => symlink('/dev/zero', file));
      const result = failed(
        await env.run(['sharing', 'audit', '--source-dir', '.', '--json'], { cwd: dir, timeoutMs: 30_000 })
      );
      expect(result.code).to.equal(1);
    });

    for (const target of ['../outside', '/usr']) {
      it(`a package directory linked out of the project (force-app -> ${target}): refused, nothing outside read`, async () => {
        const dir = project(`link-${target.replace(/\W/g, '')}`);
        await mkdir(join(work, 'outside', 'sharingSets'), { recursive: true });
        await writeFile(join(work, 'outside', 'sharingSets', 'Outside_Set.sharingSet-meta.xml'), '<SharingSet/>');
        await mkdir(dir, { recursive: true });
        await writeFile(
          join(dir, 'sfdx-project.json'),
          JSON.stringify({ packageDirectories: [{ path: 'force-app' }] })
        );
        await symlink(target, join(dir, 'force-app'));
        const started = Date.now();
        const result = failed(await env.run(['sharing', 'audit', '--source-dir', '.', '--json'], { cwd: dir }));
        expect(Date.now() - started).to.be.below(20_000);
        expect(result.code).to.equal(1);
        expect(result.json.message).to.contain('leads outside the project through a symbolic link');
        expect(result.stdout).to.not.contain('Outside_Set');
      });
    }

    it('set create --definition-file naming a FIFO: refused at once, nothing written', async () => {
      const fifo = join(work, 'Fifo_Set.sharingSet-meta.xml');
      execFileSync('mkfifo', [fifo]);
      const result = failed(
        await env.run(['sharing', 'set', 'create', '--definition-file', fifo, '-o', 'target', '--json'], {
          cwd: work,
          timeoutMs: 30_000,
        })
      );
      expect(result.code).to.not.equal(124);
      expect(result.json.message).to.match(/not a (regular )?file/);
      expect(env.emulator.writeCalls()).to.deep.equal([]);
    });
  });

  it("a source-only audit never contacts the org a project's .sf/config.json names (zero requests)", async () => {
    const dir = join(work, 'configured');
    await mkdir(join(dir, 'force-app', 'main', 'default', 'sharingSets'), { recursive: true });
    await mkdir(join(dir, '.sf'), { recursive: true });
    await writeFile(join(dir, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'force-app' }] }));
    await writeFile(join(dir, '.sf', 'config.json'), JSON.stringify({ 'target-org': 'target' }));
    for (const args of [
      // An empty project on purpose (--allow-empty): what is tested is that no org is contacted.
      ['sharing', 'audit', '--source-dir', '.', '--allow-empty', '--json'],
      ['sharing', 'audit', '-d', '.', '--allow-empty', '-r', 'sarif'],
    ]) {
      env.emulator.clearLog();
      // eslint-disable-next-line no-await-in-loop
      const result = await env.run(args, { cwd: dir });
      expect([0, 3], result.stdout + result.stderr).to.include(result.code);
      expect(env.emulator.log, `${args.join(' ')} sent requests`).to.deep.equal([]);
      expect(result.stdout + result.stderr).to.not.contain(env.username);
    }
    // Named on the command line, the org is used.
    env.emulator.clearLog();
    const named = await env.run(['sharing', 'audit', '--source-dir', '.', '--allow-empty', '-o', 'target', '--json'], {
      cwd: dir,
    });
    expect([0, 3], named.stdout).to.include(named.code);
    expect(env.emulator.log.length).to.be.greaterThan(0);
  });

  it('audit --output-file never replaces a file it did not write (a project file, README.md) unless --force', async () => {
    const dir = join(work, 'reports');
    await mkdir(dir, { recursive: true });
    const readme = join(dir, 'README.md');
    const source = join(dir, 'Case_Sharing.sharingSet-meta.xml');
    await writeFile(readme, '# My project\n');
    await writeFile(source, '<SharingSet/>\n');
    for (const file of [readme, source.replace(/\.sharingSet-meta\.xml$/, '.csv')]) {
      // eslint-disable-next-line no-await-in-loop
      if (file.endsWith('.csv')) await writeFile(file, 'a,b\n1,2\n');
      const before = readFileSync(file, 'utf8');
      // eslint-disable-next-line no-await-in-loop
      const refused = failed(await env.run(['sharing', 'audit', '-o', 'target', '-f', file, '--json'], { cwd: dir }));
      expect(refused.code).to.equal(1);
      expect(refused.json.message).to.contain('not a report this plugin wrote');
      expect(readFileSync(file, 'utf8'), 'left as it was').to.equal(before);
    }
    // A report the plugin wrote is regenerated; --force replaces any file.
    const report = join(dir, 'report.md');
    for (let run = 0; run < 2; run++) {
      // eslint-disable-next-line no-await-in-loop
      const written = await env.run(['sharing', 'audit', '-o', 'target', '-f', report, '--json'], { cwd: dir });
      expect([0, 3], written.stdout).to.include(written.code);
    }
    const forced = await env.run(['sharing', 'audit', '-o', 'target', '-f', readme, '--force', '--json'], { cwd: dir });
    expect([0, 3], forced.stdout).to.include(forced.code);
    expect(readFileSync(readme, 'utf8')).to.match(/^## Sharing set audit/);
  });
});
