/**
 * Runs the Microsoft SARIF Multitool's validator (`@microsoft/sarif-multitool`, 5.7.0) so that it can fail.
 *
 * What the Multitool does not do on its own, found by feeding it known-bad logs (see sarif.test.ts):
 *
 * It exits 0 whatever it finds (with `--rich-return-code` too): only its output log tells.
 *
 * It silently skips a log holding an invalid enum value (a result with `level: "bogus"`): no schema error, no rule
 * result, `executionSuccessful: true`. So every input must draw at least one result, notes included (our logs always
 * draw some, e.g. SARIF2009 for kebab-case rule ids), or it counts as not analysed.
 *
 * A result without `level` is a warning (the SARIF default): that is how its warnings come out.
 *
 * Notes are dropped unless `--level` asks for them; with them, SARIF2006 makes an HTTP GET of every URI in the log
 * (a test must not depend on the network), so the configuration below disables that rule.
 *
 * SARIF2016 (absolute `file:` URIs, which GitHub code scanning cannot map to the repository) is only a note; the
 * configuration below makes it an error.
 *
 * `--rule-kind "Sarif;Gh"` runs the SARIF rules (SARIF1xxx errors, SARIF2xxx warnings and notes) and GitHub code
 * scanning's (GH1xxx, GH2012) in one run; the JSON schema checks (JSON1xxx) always run.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type * as Sarif from 'sarif';

const CONFIG = `<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" Type="Driver.RuleEnabledState" />
  </Properties>
  <Properties Key="SARIF2016.FileUrisShouldBeRelative.Options">
    <Property Key="RuleEnabled" Value="Error" Type="Driver.RuleEnabledState" />
  </Properties>
</Properties>
`;

/** The arguments after `validate <files...>`; `{output}` and `{config}` are paths in a temporary directory. */
export const MULTITOOL_ARGS = [
  '--output',
  '{output}',
  '--log',
  'ForceOverwrite',
  '--rule-kind',
  'Sarif;Gh',
  '--level',
  'Error;Warning;Note',
  '--config',
  '{config}',
];

const NOT_ANALYSED =
  'the Multitool reported nothing at all for this log: it did not analyse it (it silently skips logs it cannot read)';

function describeResult(result: Sarif.Result, rules: readonly Sarif.ReportingDescriptor[]): string {
  const rule = rules[result.ruleIndex ?? -1] ?? rules.find((r) => r.id === result.ruleId);
  const template = (result.message.id ? rule?.messageStrings?.[result.message.id]?.text : undefined) ?? '';
  const text = (result.message.text ?? template).replace(
    /\{(\d+)\}/g,
    (whole, n: string) => result.message.arguments?.[Number(n)] ?? whole
  );
  return `${result.ruleId ?? '?'} ${result.level ?? 'warning'}: ${text}`;
}

/**
 * Validates SARIF files with the Multitool in one run.
 *
 * @param files paths of the SARIF logs
 * @returns for each file as given, its problems: every error or warning the Multitool reported ("SARIF1009 error:
 * ..."), or one line saying it did not analyse the file; an empty list means the file passed
 */
export async function multitoolProblems(files: readonly string[]): Promise<Record<string, string[]>> {
  const binary = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
  const dir = await mkdtemp(join(tmpdir(), 'sarif-multitool-'));
  try {
    const output = join(dir, 'validation.sarif');
    const config = join(dir, 'multitool.xml');
    await writeFile(config, CONFIG);
    const args = MULTITOOL_ARGS.map((a) => (a === '{output}' ? output : a === '{config}' ? config : a));
    await promisify(execFile)(binary, ['validate', ...files, ...args], { timeout: 120_000, maxBuffer: 16 << 20 });
    const validation = JSON.parse(await readFile(output, 'utf8')) as Sarif.Log;
    const run = validation.runs[0];
    const invocation = run.invocations?.[0];
    const toolErrors = [
      ...(invocation?.toolExecutionNotifications ?? []),
      ...(invocation?.toolConfigurationNotifications ?? []),
    ].filter((n) => n.level === 'error');
    if (invocation?.executionSuccessful !== true || toolErrors.length > 0)
      throw new Error(`The Multitool failed: ${JSON.stringify(toolErrors.map((n) => n.message.text))}`);

    const rules = run.tool.driver.rules ?? [];
    const byFile = new Map(files.map((f) => [resolve(f), [] as Sarif.Result[]]));
    for (const result of run.results ?? []) {
      const uri = result.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
      const found = uri?.startsWith('file:') ? byFile.get(resolve(fileURLToPath(uri))) : undefined;
      if (!found)
        throw new Error(`A Multitool result names no input file: ${describeResult(result, rules)} (${uri ?? ''})`);
      found.push(result);
    }
    return Object.fromEntries(
      files.map((file) => {
        const results = byFile.get(resolve(file)) ?? [];
        if (results.length === 0) return [file, [NOT_ANALYSED]];
        return [
          file,
          results.filter((r) => r.level !== 'note' && r.level !== 'none').map((r) => describeResult(r, rules)),
        ];
      })
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
