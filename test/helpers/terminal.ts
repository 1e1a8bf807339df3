/**
 * The plugin under a terminal: script(1) gives it a pseudo-terminal, so it asks its confirmation prompts as it does for
 * a user; a test can then send a signal to the plugin's own process, or type a key at the prompt.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pluginBin, pluginNode, waitUntil, type OrgEnv } from './e2e.js';

export type TerminalRun = {
  /** Everything the terminal showed so far. */
  output(): string;
  /** Waits until the terminal shows `text` (at most `ms`); false if it never did. */
  shows(text: string, ms?: number): Promise<boolean>;
  /** The plugin's node process (not the shell script(1) may start it through). */
  pluginPid(): number | undefined;
  /** Types `keys` at the terminal (`\x03` is Ctrl-C). */
  type(keys: string): void;
  /** The exit code once the run ends; a run still going after `ms` is killed and gives 'still running'. */
  ended(ms?: number): Promise<number | null | 'still running'>;
};

const quote = (text: string): string => `'${text.replace(/'/g, "'\\''")}'`;

/** Runs `bin/run.js args` in `cwd` under a pseudo-terminal, in the emulated org's environment. */
export function runInTerminal(env: OrgEnv, args: string[], cwd: string): TerminalRun {
  const node = pluginNode();
  const command = [node, pluginBin, ...args].map(quote).join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    cwd,
    env: env.childEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const closed = new Promise<number | null>((done) => child.on('close', (exitCode) => done(exitCode)));
  const descendants = (pid: number): number[] => {
    let children: string;
    try {
      children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8');
    } catch {
      return [];
    }
    return children
      .split(' ')
      .filter(Boolean)
      .map(Number)
      .flatMap((inner) => [inner, ...descendants(inner)]);
  };
  // Node itself: under dash, script(1)'s `sh -c` stays, and its command line names the plugin too (a SIGINT sent there
  // never reaches the prompt).
  const pluginPid = (): number | undefined =>
    descendants(child.pid as number).find((pid) => {
      const [program, script] = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return program === node && script === pluginBin;
    });
  return {
    output: () => output,
    shows: (text, ms = 60_000) => waitUntil(() => output.includes(text), ms),
    pluginPid,
    type: (keys) => child.stdin.write(keys),
    async ended(ms = 60_000): Promise<number | null | 'still running'> {
      const code = await Promise.race([
        closed,
        new Promise<'still running'>((done) => setTimeout(() => done('still running'), ms).unref()),
      ]);
      if (code === 'still running') {
        const pid = pluginPid();
        if (pid !== undefined) process.kill(pid, 'SIGKILL');
        child.kill('SIGKILL');
      }
      return code;
    },
  };
}
