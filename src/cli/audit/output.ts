/** The audit's outputs: report files, the tool as reports name it, and the gate's exit code. */
import { fileURLToPath } from 'node:url';
import { OutputPathError, readTextFile, writeFileAtomic } from '../../io/files.js';
import { checkReportTarget } from '../../io/reportTarget.js';
import type { AuditReport, ReportTool } from '../../report/auditReport.js';
import { renderAuditReport, type ReportFormat } from '../../report/formats.js';
import { EXIT } from '../exitCodes.js';
import { explainWriteError } from '../writeErrors.js';

/**
 * Writes each report file in its format; `written(format, file)` after each. A report this plugin wrote is replaced
 * (reports are regenerated on every run); any other existing file only with `force` (src/io/reportTarget.ts). Every
 * target is checked before the first is written.
 */
export async function writeReports(
  files: ReadonlyArray<{ format: Exclude<ReportFormat, 'human'>; file: string }>,
  report: AuditReport,
  written: (format: string, file: string) => void,
  force = false
): Promise<void> {
  for (const { format, file } of files) {
    // eslint-disable-next-line no-await-in-loop
    await checkReportTarget(file, format, report.tool.name, force).catch((error: unknown) => {
      throw explainWriteError(error);
    });
  }
  for (const { format, file } of files) {
    // One after the other: a failure names its file, and the ones before it are complete.
    // eslint-disable-next-line no-await-in-loop
    await writeOutput(file, renderAuditReport(format, report), true);
    written(format, file);
  }
}

/** Writes a report or baseline file atomically; `overwrite` only for reports, which are regenerated on every run. */
export async function writeOutput(file: string, content: string, overwrite = false): Promise<void> {
  try {
    await writeFileAtomic(file, content, { overwrite });
  } catch (error) {
    throw explainWriteError(error instanceof OutputPathError ? new OutputPathError(file, error.reason) : error);
  }
}

/** The audit's exit code: an expired baseline entry first (the baseline needs attention), then gate failures. */
export function gateExitCode(expiredEntries: number, failingFindings: number): number {
  if (expiredEntries > 0) return EXIT.expiredBaseline;
  return failingFindings > 0 ? EXIT.findings : EXIT.ok;
}

/** What reports take from a package.json. */
export type PackageJson = { name: string; version: string; homepage?: unknown };

/**
 * This plugin's own package.json. Inside the `sf` CLI, `this.config.pjson` is the host CLI's (`@salesforce/cli`), so
 * the package comes from oclif's record of the plugin that loaded the command (`Command.plugin`), else from the file
 * at the package root: src/cli/audit/output.ts and lib/cli/audit/output.js are both three folders below it.
 */
export async function pluginPackage(plugin: { pjson?: Partial<PackageJson> } | undefined): Promise<PackageJson> {
  const pjson = plugin?.pjson;
  if (typeof pjson?.name === 'string' && typeof pjson.version === 'string') {
    return { name: pjson.name, version: pjson.version, homepage: pjson.homepage };
  }
  const file = fileURLToPath(new URL('../../../package.json', import.meta.url));
  return JSON.parse(await readTextFile(file, 1024 * 1024)) as PackageJson;
}

/** The tool as reports name it; SARIF consumers want a home page too (SARIF Multitool rule SARIF2005). */
export function reportTool(pjson: PackageJson): ReportTool {
  return {
    name: pjson.name,
    version: pjson.version,
    ...(typeof pjson.homepage === 'string' ? { informationUri: pjson.homepage } : {}),
  };
}
