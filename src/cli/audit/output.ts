/** The audit's outputs: report files, the tool as reports name it, and the gate's exit code. */
import { OutputPathError, writeFileAtomic } from '../../io/files.js';
import type { ReportTool } from '../../report/auditReport.js';
import { EXIT } from '../exitCodes.js';
import { explainWriteError } from '../writeErrors.js';

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

/** The tool as reports name it; SARIF consumers want a home page too (SARIF Multitool rule SARIF2005). */
export function reportTool(pjson: { name: string; version: string; homepage?: unknown }): ReportTool {
  return {
    name: pjson.name,
    version: pjson.version,
    ...(typeof pjson.homepage === 'string' ? { informationUri: pjson.homepage } : {}),
  };
}

