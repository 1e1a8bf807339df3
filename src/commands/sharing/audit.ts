import { Messages } from '@salesforce/core';
import { ux, type Interfaces } from '@oclif/core';
import { Flags, SfCommand, toHelpSection } from '@salesforce/sf-plugins-core';
import { EXIT } from '../../cli/exitCodes.js';
import { reportAllowance } from '../../cli/allowance.js';
import { REPORT_FORMATS, renderAuditReport } from '../../report/formats.js';
import { colourSeverities } from '../../report/human.js';
import { STATUS_COLOURS, terminalWidth } from '../../report/table.js';
import { checkAuditFlags, today } from '../../cli/audit/options.js';
import { listEntries, pruneBaselineFile, readBaseline, writeBaseline } from '../../cli/audit/baselineFile.js';
import { afterFixes, loadAuditSnapshot } from '../../cli/audit/load.js';
import { pluginPackage, reportTool, writeReports } from '../../cli/audit/output.js';
import { auditResult, evaluate, type SharingAuditResult } from '../../cli/audit/result.js';
import { checkFixFlags, fixProject, type FileFix } from '../../cli/audit/fix.js';
import { parseFlags, runCommand } from '../../cli/command.js';
import { safeBlock, safeReportText, safeValue } from '../../report/sanitize.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.audit');

export type { SharingAuditResult } from '../../cli/audit/result.js';

/** sf-plugins-core's own optional org flag, whose default is the configured default org. */
const configuredOrg = Flags.optionalOrg();

export default class SharingAudit extends SfCommand<SharingAuditResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');
  public static readonly errorCodes = toHelpSection('ERROR CODES', {
    '0': messages.getMessage('errorCodes.passed'),
    '1': messages.getMessage('errorCodes.failed'),
    '2': messages.getMessage('errorCodes.usage'),
    [String(EXIT.findings)]: messages.getMessage('errorCodes.findings'),
    [String(EXIT.expiredBaseline)]: messages.getMessage('errorCodes.expired'),
  });

  public static readonly flags = {
    'target-org': Flags.optionalOrg({
      summary: messages.getMessage('flags.target-org.summary'),
      // --source-dir alone is a source-only audit: no default org is resolved (a project's .sf/config.json may name
      // one, and a pull request can change that file); an org is audited only when named on the command line.
      default: async (context) => {
        if (context.flags['source-dir'] !== undefined) return undefined;
        const resolve = configuredOrg.default;
        return typeof resolve === 'function' ? resolve(context) : resolve;
      },
    }),
    'api-version': Flags.orgApiVersion(),
    'source-dir': Flags.directory({
      char: 'd',
      summary: messages.getMessage('flags.source-dir.summary'),
      exists: true,
    }),
    'allow-empty': Flags.boolean({
      summary: messages.getMessage('flags.allow-empty.summary'),
      dependsOn: ['source-dir'],
    }),
    deep: Flags.boolean({ summary: messages.getMessage('flags.deep.summary') }),
    force: Flags.boolean({ summary: messages.getMessage('flags.force.summary') }),
    rule: Flags.string({ summary: messages.getMessage('flags.rule.summary'), multiple: true }),
    'exclude-rule': Flags.string({ summary: messages.getMessage('flags.exclude-rule.summary'), multiple: true }),
    'fail-on': Flags.option({
      summary: messages.getMessage('flags.fail-on.summary'),
      options: ['error', 'warning', 'info'] as const,
      default: 'error',
    })(),
    'fail-on-confidence': Flags.option({
      summary: messages.getMessage('flags.fail-on-confidence.summary'),
      options: ['high', 'medium', 'low'] as const,
      default: 'high',
    })(),
    'require-complete': Flags.boolean({ summary: messages.getMessage('flags.require-complete.summary') }),
    baseline: Flags.file({ summary: messages.getMessage('flags.baseline.summary'), exists: true }),
    'write-baseline': Flags.file({ summary: messages.getMessage('flags.write-baseline.summary') }),
    'prune-baseline': Flags.boolean({
      summary: messages.getMessage('flags.prune-baseline.summary'),
      dependsOn: ['baseline'],
      exclusive: ['write-baseline'],
    }),
    reason: Flags.string({ summary: messages.getMessage('flags.reason.summary'), dependsOn: ['write-baseline'] }),
    expires: Flags.string({ summary: messages.getMessage('flags.expires.summary'), dependsOn: ['write-baseline'] }),
    'result-format': Flags.option({
      char: 'r',
      summary: messages.getMessage('flags.result-format.summary'),
      options: REPORT_FORMATS,
      default: 'human',
    })(),
    'output-file': Flags.file({ char: 'f', summary: messages.getMessage('flags.output-file.summary'), multiple: true }),
    fix: Flags.boolean({
      summary: messages.getMessage('flags.fix.summary'),
      description: messages.getMessage('flags.fix.description'),
    }),
    'dry-run': Flags.boolean({ summary: messages.getMessage('flags.dry-run.summary') }),
  };

  public async run(): Promise<SharingAuditResult> {
    return runCommand(this, () => this.audit());
  }

  private async audit(): Promise<SharingAuditResult> {
    const { flags } = await parseFlags(this.parse(SharingAudit));
    const org = flags['target-org'];
    const sourceDir = flags['source-dir'];
    if (!org && !sourceDir) throw messages.createError('error.NothingToAudit', [], [], EXIT.usage);
    checkFixFlags(flags.fix, flags['dry-run'], sourceDir);
    const reportFiles = checkAuditFlags(flags);
    const baseline = flags.baseline ? await readBaseline(flags.baseline) : undefined;

    this.spinner.start(messages.getMessage('spinner.Reading'));
    const loaded = await loadAuditSnapshot(org, sourceDir, flags['api-version'], flags.deep);
    this.spinner.stop();
    const fixes = flags.fix && sourceDir ? await this.fix(sourceDir, loaded.snapshot, flags['dry-run']) : undefined;
    // Re-audited after fixing: the findings and the exit code are those of the project as it now is.
    const { apiCalls, allowance } = loaded;
    const snapshot = await afterFixes(loaded, fixes);
    // No sharing-set files is a wrong path far more often than an empty project: it fails unless --allow-empty (a
    // project whose only sharing-set files cannot be read is not empty: its files are findings).
    if (sourceDir && snapshot.sharingSets.length === 0 && !snapshot.fileProblems?.length && !flags['allow-empty'])
      throw messages.createError('error.NoSharingSets', [safeValue(sourceDir)], [], EXIT.usage);

    const { dailyApiRequests } = reportAllowance(allowance, snapshot.origin.org ?? '', (message) => this.warn(message));
    const failOn = flags['fail-on'];
    const evaluation = evaluate(snapshot, {
      rules: flags.rule,
      excludeRules: flags['exclude-rule'],
      deep: flags.deep,
      failOn,
      failOnConfidence: flags['fail-on-confidence'],
      requireComplete: flags['require-complete'],
      baseline,
      writesBaseline: flags['write-baseline'] !== undefined,
      tool: reportTool(await pluginPackage(SharingAudit.plugin)),
      today: today(),
    });
    const { audit, outcome, report } = evaluation;

    // Status lines on stderr: stdout holds the report alone (SARIF, CSV, ... piped to a file or a step summary).
    const { baselineWritten, baselinePruned } = await this.updateBaseline(flags, audit, outcome, baseline);
    await writeReports(
      reportFiles,
      report,
      (format, file) => this.logToStderr(messages.getMessage('info.ReportWritten', [format, file])),
      flags.force
    );
    if (outcome.expired.length > 0) {
      this.warn(messages.getMessage('warning.ExpiredBaseline', [outcome.expired.length, listEntries(outcome.expired)]));
    }
    if (outcome.unused.length > 0 && !baselinePruned && !baselineWritten) {
      this.warn(messages.getMessage('warning.UnusedBaseline', [outcome.unused.length, listEntries(outcome.unused)]));
    }
    if (!this.jsonEnabled()) {
      const format = flags['result-format'];
      const width = terminalWidth(process.stdout, process.env.OCLIF_TABLE_COLUMN_OVERRIDE);
      const text = safeReportText(format, renderAuditReport(format, report, width).trimEnd());
      this.log(format === 'human' ? colourSeverities(text, (s) => ux.colorize(STATUS_COLOURS[s], s)) : text);
    }

    const result = auditResult({
      ...evaluation,
      snapshot,
      failOn,
      reports: reportFiles,
      apiCalls,
      dailyApiRequests,
      baselineWritten,
      baselinePruned,
    });
    // A fix that could not be written is a failure of the command, whatever the findings.
    process.exitCode = fixes?.some((fix) => fix.error) ? 1 : result.exitCode;
    return fixes ? { ...result, fixes } : result;
  }

  /** --write-baseline (a new or refreshed file) and --prune-baseline, each said on stderr. */
  private async updateBaseline(
    flags: Interfaces.InferredFlags<typeof SharingAudit.flags>,
    audit: ReturnType<typeof evaluate>['audit'],
    outcome: ReturnType<typeof evaluate>['outcome'],
    baseline: Awaited<ReturnType<typeof readBaseline>> | undefined
  ): Promise<Pick<SharingAuditResult, 'baselineWritten' | 'baselinePruned'>> {
    const rulesRun = new Set(audit.rulesRun.map((rule) => rule.id));
    let baselineWritten: SharingAuditResult['baselineWritten'];
    if (flags['write-baseline']) {
      const file = flags['write-baseline'];
      const written = await writeBaseline(audit.findings, file, {
        reason: flags.reason ?? '',
        expires: flags.expires,
        force: flags.force,
        rulesRun,
      });
      const { kept, added, dropped } = written;
      baselineWritten = { file, entries: written.baseline.entries.length, kept, added, dropped };
      this.logToStderr(
        written.kept + written.dropped > 0
          ? messages.getMessage('info.BaselineRefreshed', [file, baselineWritten.entries, kept, added, dropped])
          : messages.getMessage('info.BaselineWritten', [baselineWritten.entries, file])
      );
    }
    let baselinePruned: SharingAuditResult['baselinePruned'];
    if (flags['prune-baseline'] && flags.baseline && baseline) {
      const removed = await pruneBaselineFile(flags.baseline, baseline, outcome.unused, rulesRun);
      baselinePruned = { file: flags.baseline, removed };
      this.logToStderr(messages.getMessage('info.BaselinePruned', [removed.length, flags.baseline]));
    }
    return { baselineWritten, baselinePruned };
  }

  /** Applies (or with --dry-run shows) the certain fixes, one block per file on stderr. */
  private async fix(
    sourceDir: string,
    snapshot: Parameters<typeof fixProject>[1],
    dryRun: boolean
  ): Promise<FileFix[]> {
    const fixes = await fixProject(sourceDir, snapshot, { dryRun });
    for (const fix of fixes) {
      const changes = fix.changes.map((change) => `  - ${change}`).join('\n');
      const notFixed = fix.error ?? fix.note;
      if (notFixed) this.warn(safeBlock(messages.getMessage('warning.NotFixed', [fix.file, notFixed, changes])));
      else if (fix.written)
        this.logToStderr(safeBlock(messages.getMessage('info.Fixed', [fix.file, fix.backup, changes])));
      else this.logToStderr(safeBlock(messages.getMessage('info.WouldFix', [fix.file, changes, fix.diff ?? ''])));
    }
    if (fixes.length === 0) this.logToStderr(messages.getMessage('info.NothingToFix'));
    return fixes;
  }
}
