import { Messages, SfError } from '@salesforce/core';
import { Flags, SfCommand, toHelpSection } from '@salesforce/sf-plugins-core';
import { deletionRisk, planDeploy, type DeployPlan, type PlanAction } from '../../../deploy/plan.js';
import type { SharingSet } from '../../../model/types.js';
import type { ApiCallCounts, DailyRequests } from '../../../org/client.js';
import { mayStillLand } from '../../../org/writes.js';
import { applyPlan, restoreMessage, restoreText, type DeployFailure } from '../../../cli/deployApply.js';
import { readDeployInputs, type DeployProblem } from '../../../cli/deploySupport.js';
import { planMarkdown, planRows, planSummary, PLAN_COLUMNS } from '../../../cli/deployRender.js';
import { bullets } from '../../../cli/createSupport.js';
import { confirmOrInterrupt, interruptSays } from '../../../cli/interrupt.js';
import { EXIT } from '../../../cli/exitCodes.js';
import { finishSession, namedMessage, openOrg, parseFlags, runCommand } from '../../../cli/command.js';
import { checkBackupable } from '../../../cli/guardedWrite.js';
import { renderTable, tableColumns, terminalWidth } from '../../../report/table.js';
import { safeBlock, safeValue } from '../../../report/sanitize.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.set.deploy');

export type { DeployFailure } from '../../../cli/deployApply.js';
export type { DeployProblem } from '../../../cli/deploySupport.js';

export type SharingSetDeployResult = {
  org: string;
  /** The project's root, absolute. */
  sourceDir: string;
  dryRun: boolean;
  /** Every set compared, with what the plan does with it. */
  plan: Array<{ fullName: string; action: PlanAction }>;
  created: string[];
  updated: string[];
  deleted: string[];
  unchanged: string[];
  /** In the org only, left there (no --delete-missing). */
  kept: string[];
  /** Sets of a call that fell short: they hold the old definition (or, when `failures` says so, neither). */
  failed: string[];
  failures: DeployFailure[];
  /** Planned, not sent: after a failed call, on a dry run, or when the prompt was answered no. */
  notAttempted: string[];
  /** Blocking problems found by the audit's rules (they refuse the plan unless --ignore-problems). */
  problems: DeployProblem[];
  /** The other findings, which never block. */
  warnings: DeployProblem[];
  /** This run's backup folder: the org's definitions of the sets updated or deleted. */
  backupDir?: string;
  apiCalls: ApiCallCounts;
  dailyApiRequests?: DailyRequests;
};

export default class SharingSetDeploy extends SfCommand<SharingSetDeployResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');
  public static readonly errorCodes = toHelpSection('ERROR CODES', {
    'Success (0)': messages.getMessage('errorCodes.ok'),
    'Failed (1)': messages.getMessage('errorCodes.failed'),
    'Refused (2)': messages.getMessage('errorCodes.refused'),
    [`Partial (${EXIT.partialDeploy})`]: messages.getMessage('errorCodes.partial'),
  });

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'api-version': Flags.orgApiVersion(),
    'source-dir': Flags.directory({
      char: 'd',
      summary: messages.getMessage('flags.source-dir.summary'),
      required: true,
      exists: true,
    }),
    name: Flags.string({ char: 'n', summary: messages.getMessage('flags.name.summary'), multiple: true }),
    'dry-run': Flags.boolean({ summary: messages.getMessage('flags.dry-run.summary') }),
    'delete-missing': Flags.boolean({ summary: messages.getMessage('flags.delete-missing.summary') }),
    force: Flags.boolean({ summary: messages.getMessage('flags.force.summary'), dependsOn: ['delete-missing'] }),
    'ignore-problems': Flags.boolean({ summary: messages.getMessage('flags.ignore-problems.summary') }),
    'no-prompt': Flags.boolean({ summary: messages.getMessage('flags.no-prompt.summary') }),
    'backup-dir': Flags.directory({ summary: messages.getMessage('flags.backup-dir.summary') }),
    'result-format': Flags.option({
      summary: messages.getMessage('flags.result-format.summary'),
      options: ['human', 'markdown'] as const,
      default: 'human',
    })(),
  };

  public async run(): Promise<SharingSetDeployResult> {
    return runCommand(this, () => this.deploy());
  }

  private async deploy(): Promise<SharingSetDeployResult> {
    const { flags } = await parseFlags(this.parse(SharingSetDeploy));
    const org = flags['target-org'];
    const session = await openOrg(org, flags['api-version']);
    const orgName = session.orgName;
    this.spinner.start(messages.getMessage('spinner.Reading', [orgName]));
    const inputs = await readDeployInputs(session, flags['source-dir'], org.getOrgId(), flags.name);
    this.spinner.stop();
    if (inputs.project.length === 0) this.warn(safeBlock(messages.getMessage('warning.NoSharingSets', [inputs.root])));
    const plan = planDeploy(inputs.org, inputs.project, { names: flags.name, deleteMissing: flags['delete-missing'] });
    if (plan.notFound.length > 0) {
      throw messages.createError('error.NotFound', [plan.notFound.join(', '), orgName], [orgName], EXIT.usage);
    }
    const result: SharingSetDeployResult = {
      org: orgName,
      sourceDir: inputs.root,
      dryRun: Boolean(flags['dry-run']),
      plan: plan.items.map(({ fullName, action }) => ({ fullName, action })),
      created: [],
      updated: [],
      deleted: [],
      unchanged: plan.unchanged,
      kept: plan.kept,
      failed: [],
      failures: [],
      notAttempted: [...plan.deletes, ...plan.updates, ...plan.creates].map((set) => set.fullName),
      problems: inputs.blocking,
      warnings: inputs.warnings,
      apiCalls: session.client.calls,
    };
    this.showPlan(plan, orgName, flags['result-format'], result);
    const finish = async (): Promise<SharingSetDeployResult> =>
      Object.assign(result, await finishSession(session, this));
    const refuse = (error: SfError): SfError => error.setData({ ...result });
    const refusal = this.refusal(plan, inputs, orgName, flags);
    if (refusal) throw refuse(refusal);
    if (flags['dry-run']) {
      this.logToStderr(messages.getMessage('info.DryRun', [orgName]));
      return finish();
    }
    if (!plan.hasChanges) {
      this.logSuccess(messages.getMessage('info.NothingToDo', [orgName]));
      return finish();
    }
    const asks = plan.updates.length + plan.deletes.length > 0 && !flags['no-prompt'];
    // No one to answer a prompt: under --json, or when stdin is not a terminal (a pipeline, a script).
    if (asks && (this.jsonEnabled() || !process.stdin.isTTY)) {
      throw refuse(messages.createError('error.PromptNeeded', [], [], EXIT.usage));
    }

    const outcome = await applyPlan(session, {
      plan,
      backupDir: flags['backup-dir'],
      sourceDir: inputs.root,
      ui: { info: (text) => this.info(text) },
      confirm: asks
        ? async (backup): Promise<boolean> => {
            const message = messages.getMessage('prompt.Confirm', [
              orgName,
              plan.creates.length,
              plan.updates.length,
              plan.deletes.length,
              backup,
            ]);
            const answer = await confirmOrInterrupt(() => this.confirm({ message }));
            if (answer) return true;
            this.log(messages.getMessage('info.Cancelled', [backup]));
            return false;
          }
        : undefined,
    });
    const { error, confirmed, ...lists } = outcome;
    Object.assign(result, lists);
    // The writes had their own guard; from now on, an interrupt says what the org holds and how to restore it.
    const restore = restoreMessage(outcome, orgName);
    interruptSays(this, () => restore);
    if (!confirmed) return finish();
    const written = outcome.created.length + outcome.updated.length + outcome.deleted.length;
    if (outcome.failed.length === 0) {
      this.logSuccess(
        messages.getMessage('info.Done', [
          orgName,
          outcome.created.length,
          outcome.updated.length,
          outcome.deleted.length,
          plan.unchanged.length,
        ])
      );
      return finish();
    }
    // "Nothing was written" only when every failed set was read back holding its old definition; a set whose state is
    // unknown (the org accepted a call whose read-back failed) is told as such, with how to check (exit 68).
    if (written === 0 && outcome.failures.every((failure) => failure.holds === 'old'))
      throw nothingWritten(error, outcome.failures, orgName, result);
    // Some sets hold the new definition, others not: a partial deploy, said set by set (exit 68).
    for (const failure of outcome.failures)
      this.warn(safeBlock(messages.getMessage('warning.Failure', [failure.fullName, failure.message])));
    this.warn(safeBlock(partialMessage(outcome, orgName)));
    process.exitCode = EXIT.partialDeploy;
    return finish();
  }

  /**
   * Why the plan must not be applied, checked before the dry run ends so a dry run predicts the real run: a blocking
   * problem in the project (unless ignored, then a warning), deleting most of the org without --force, or a replaced
   * set that no backup file could hold.
   */
  private refusal(
    plan: DeployPlan,
    inputs: { blocking: DeployProblem[]; org: readonly SharingSet[] },
    orgName: string,
    flags: { 'ignore-problems': boolean; force: boolean }
  ): SfError | undefined {
    const listed = bullets(
      inputs.blocking.map((problem) => `${problem.sharingSet}: ${problem.message} [${problem.ruleId}]`)
    );
    if (inputs.blocking.length > 0 && !flags['ignore-problems']) {
      return messages.createError('error.Refused', [inputs.blocking.length, orgName, listed], [], EXIT.usage);
    }
    // Problem texts quote the project's files (a pull request's content): printed inertly, as every other warning.
    if (inputs.blocking.length > 0)
      this.warn(safeBlock(messages.getMessage('warning.Ignored', [inputs.blocking.length, listed])));
    if (!flags.force && deletionRisk(plan, inputs.org.length)) {
      const names = plan.deletes.map((set) => set.fullName).join(', ');
      const tokens = [plan.deletes.length, inputs.org.length, orgName, names];
      return messages.createError('error.TooManyDeletes', tokens, [], EXIT.usage);
    }
    try {
      for (const set of plan.replaced) checkBackupable(set);
    } catch (error) {
      if (error instanceof SfError) return error;
      throw error;
    }
    return undefined;
  }

  private showPlan(
    plan: ReturnType<typeof planDeploy>,
    orgName: string,
    format: 'human' | 'markdown',
    result: SharingSetDeployResult
  ): void {
    if (this.jsonEnabled()) return;
    if (format === 'markdown') {
      this.log(safeBlock(planMarkdown(plan, orgName)));
    } else if (plan.items.length > 0) {
      // API names stay whole at any width: columns where they fit, else one block per row (src/report/table.ts).
      this.log(
        renderTable({
          rows: planRows(plan),
          columns: tableColumns(PLAN_COLUMNS, (key) => messages.getMessage(`column.${key}`)),
          width: terminalWidth(process.stdout, process.env.OCLIF_TABLE_COLUMN_OVERRIDE),
        })
      );
      this.log(safeValue(planSummary(plan, orgName)));
    }
    for (const warning of result.warnings) {
      const text = messages.getMessage('info.Finding', [
        `${warning.sharingSet}: ${warning.message}`,
        warning.ruleId,
        warning.confidence,
      ]);
      this.logToStderr(safeBlock(text));
    }
  }
}

/** The partial deploy, in one paragraph: what holds the new definition, the old, neither, and how to restore. */
function partialMessage(outcome: Parameters<typeof restoreMessage>[0], org: string): string {
  const none = messages.getMessage('none');
  const list = (names: string[]): string => (names.length > 0 ? names.join(', ') : none);
  const unknown = outcome.failures.filter((failure) => failure.holds === 'unknown').map((failure) => failure.fullName);
  const old = outcome.failures.filter((failure) => failure.holds === 'old').map((failure) => failure.fullName);
  return namedMessage(messages, 'warning.Partial', {
    org,
    written: list([...outcome.deleted, ...outcome.updated, ...outcome.created]),
    old: list(old),
    notAttempted: list(outcome.notAttempted),
    unknown: unknown.length > 0 ? namedMessage(messages, 'warning.Unknown', { sets: unknown.join(', '), org }) : '',
    restore: restoreText(outcome.backupDir, org),
  });
}

/** The first call failed and no set changed: the call's own error (exit 1), with the run's lists in its data. */
function nothingWritten(
  error: unknown,
  failures: DeployFailure[],
  orgName: string,
  result: SharingSetDeployResult
): SfError {
  const first = failures[0];
  const lost = error !== undefined && failures.every((failure) => failure.holds === 'old');
  const cause = error ?? messages.createError('error.NothingWritten', [orgName, first.message]);
  const chosen = SfError.wrap((lost ? mayStillLand(error, orgName, first.fullName) : cause) as Error);
  const data: unknown = chosen.data;
  return chosen.setData({ ...(typeof data === 'object' && data !== null ? data : {}), ...result });
}
