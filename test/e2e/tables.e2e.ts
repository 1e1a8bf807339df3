/* eslint-disable no-control-regex -- the tests look for terminal escape codes */
/**
 * Tables in a real terminal: the commands run in a pseudo-terminal (`script` from util-linux; node-pty is not
 * installed) of 80, 100 and 120 columns, and every line of the table fits while every API name stays whole. Colour
 * comes only on a terminal, never with NO_COLOR or in a pipe.
 */
import { spawn } from 'node:child_process';
import { expect } from 'chai';
import { createOrgEnv, pluginBin, pluginNode, type OrgEnv } from '../helpers/e2e.js';

const shellQuote = (arg: string): string => `'${arg.replace(/'/g, "'\\''")}'`;
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** Runs the plugin in a pseudo-terminal `columns` wide; the output as the terminal received it. */
function runInPty(env: OrgEnv, args: string[], columns: number, extra: Record<string, string> = {}): Promise<string> {
  const node = pluginNode();
  const command = `stty cols ${columns} rows 50; ${[node, pluginBin, ...args].map(shellQuote).join(' ')}`;
  return new Promise((done, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      env: {
        ...env.childEnv({ CI: undefined, FORCE_COLOR: undefined, NO_COLOR: undefined }),
        TERM: 'xterm-256color',
        ...extra,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      done(output);
    });
    child.stdin.end();
  });
}

/** The lines between the spinner and the summary line (the table itself), without colour codes. */
function tableLines(output: string, summary: RegExp): string[] {
  const lines = output.replace(ANSI, '').split(/\r?\n/);
  const start = lines.findIndex((line) => /^(Sharing Set|Profile)\b/.test(line));
  const end = lines.findIndex((line) => summary.test(line));
  expect(start, output).to.be.greaterThan(-1);
  return lines.slice(start, end);
}

describe('e2e: tables fit the terminal', () => {
  let env: OrgEnv;
  before(async () => {
    env = await createOrgEnv({ fixture: 'demo', alias: 'tables' });
  });
  after(async () => env?.cleanup());

  for (const columns of [80, 100, 120]) {
    it(`set list at ${columns} columns: no line wider, every set and object name whole`, async () => {
      const output = await runInPty(env, ['sharing', 'set', 'list', '-o', 'tables'], columns);
      const lines = tableLines(output, /sharing set\(s\)/);
      for (const line of lines) expect(line.length, line).to.be.at.most(columns);
      const words = new Set(lines.flatMap((line) => line.split(/\s+/)));
      for (const name of ['Solar_Panel_Sharing', 'Partner_Opportunities', 'Entitlement.Account', 'Solar_Panel__c']) {
        expect(words.has(name), `${name} at ${columns}`).to.equal(true);
      }
      // One profile per line: two profiles of one set never share a line.
      expect(lines.some((line) => /Customer Community Plus User.*Standard User/.test(line))).to.equal(false);
    });

    it(`profile list at ${columns} columns: no line wider, reasons wrapped under their text, eligibility in colour`, async () => {
      const output = await runInPty(env, ['sharing', 'profile', 'list', '-o', 'tables'], columns);
      const lines = tableLines(output, /profile\(s\):/);
      for (const line of lines) expect(line.length, line).to.be.at.most(columns);
      const why = lines.slice(lines.findIndex((line) => line.startsWith('Why not')) + 1).filter((line) => line !== '');
      expect(why.length).to.be.greaterThan(0);
      for (const line of why) expect(line).to.match(/^ {2}- |^ {4}\S/);
      expect(output).to.match(/\x1b\[3\dmeligible\x1b\[39m/);
    });
  }

  it('uses no colour with NO_COLOR', async () => {
    const output = await runInPty(env, ['sharing', 'profile', 'list', '-o', 'tables'], 120, { NO_COLOR: '1' });
    expect(output).to.contain('eligible');
    expect(output).to.not.match(/\x1b\[3\dmeligible/);
  });

  it('uses colour in a pipe when FORCE_COLOR asks for it, as other sf commands do', async () => {
    const { stdout, code } = await env.run(['sharing', 'profile', 'list', '-o', 'tables'], {
      env: { FORCE_COLOR: '1' },
    });
    expect(code).to.equal(0);
    expect(stdout).to.match(/\x1b\[3\dmeligible\x1b\[39m/);
  });

  it('uses no colour in a pipe, and keeps whole lines there', async () => {
    const { stdout, code } = await env.run(['sharing', 'profile', 'list', '-o', 'tables'], {
      env: { FORCE_COLOR: undefined },
    });
    expect(code).to.equal(0);
    expect(stdout).to.not.match(/\x1b\[/);
    expect(stdout).to.match(/^ {2}- Profile "Standard User" uses .*external site and portal users\.$/m);
  });
});
