/**
 * Interrupts a TypeScript script (run under tsx, in the plugin's root) once it prints "ready": for the unit tests of
 * the interrupt guards, which end the process (src/cli/interrupt.ts) and so need one of their own.
 */
import { spawn } from 'node:child_process';
import { pluginRoot } from './e2e.js';

/** Runs `script` with `env` added to this process's environment; sends SIGINT at "ready"; the exit code and stderr. */
export async function interruptWhenReady(
  script: string,
  env: Record<string, string> = {}
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: pluginRoot,
    env: { ...process.env, SF_DISABLE_LOG_FILE: 'true', ...env },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('ready')) child.kill('SIGINT');
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
  return { code, stderr };
}
