/**
 * Checks of each run's output: a run that did not do the job must not count as fast.
 */
import type { RunSample } from './runner.js';

/** The plugin's `--json` envelope; exit 3 (findings, drift) is a documented outcome, not a failure. */
export const pluginOk = (sample: RunSample, json: any): string | undefined => {
  if (!json) return `exit ${sample.exitCode}, stdout is not JSON: ${sample.stderr.trim().slice(-300)}`;
  if (![0, 3].includes(sample.exitCode) || json.result === undefined) {
    return `exit ${sample.exitCode}: ${String(json.name ?? '')} ${String(json.message ?? '').slice(0, 300)}`;
  }
  return undefined;
};

/** {@link pluginOk}, and the result lists `expected` sharing sets. */
export const setCount =
  (expected: number) =>
  (sample: RunSample, json: any): string | undefined =>
    pluginOk(sample, json) ??
    (json.result.sharingSets?.length === expected
      ? undefined
      : `expected ${expected} sharing sets, got ${String(json.result.sharingSets?.length)}`);

/** The sf CLI's `--json` envelope says success, and `validate` accepts its result. */
export const sfOk =
  (validate: (result: any) => string | undefined) =>
  (sample: RunSample, json: any): string | undefined => {
    if (sample.exitCode !== 0 || json?.status !== 0) {
      return `exit ${sample.exitCode}: ${String(json?.name ?? '')} ${String(json?.message ?? sample.stderr).slice(
        0,
        200
      )}`;
    }
    return validate(json.result);
  };

/** A human run (no `--json`): exit 0, and stdout ends with the command's summary line after the table. */
export const tableOk =
  (summary: RegExp) =>
  (sample: RunSample): string | undefined => {
    if (sample.exitCode !== 0) return `exit ${sample.exitCode}: ${sample.stderr.trim().slice(-300)}`;
    return summary.test(sample.stdout) ? undefined : `no summary line ${String(summary)} after the table`;
  };
