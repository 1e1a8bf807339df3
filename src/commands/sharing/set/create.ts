import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import {
  bullets,
  buildCandidate,
  checkAgainstOrg,
  checkProjectFile,
  writeProjectFile,
  type CreateProblem,
} from '../../../cli/createSupport.js';
import type { SharingSet } from '../../../model/types.js';
import type { ApiCallCounts, DailyRequests } from '../../../org/client.js';
import { writeSharingSet } from '../../../org/writes.js';
import { nothingChanged, onInterrupt } from '../../../cli/interrupt.js';
import { EXIT } from '../../../cli/exitCodes.js';
import { serializeSharingSet } from '../../../source/index.js';
import { withoutStacks } from '../../../cli/jsonOutput.js';
import { finishSession, namedMessage, openOrg, parseFlags, type OrgSession } from '../../../cli/command.js';
import { guardedWrite, type WritePhase } from '../../../cli/guardedWrite.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.set.create');

export type { CreateProblem } from '../../../cli/createSupport.js';

export type SharingSetCreateResult = {
  sharingSet: SharingSet;
  /** What happened: created / updated in the org, or nothing (dry run). */
  action: 'created' | 'updated' | 'none';
  dryRun: boolean;
  /** Whether the definition was checked against an org. */
  checkedAgainstOrg: boolean;
  /** Problems that did not block the write (warnings, advisories). */
  warnings: CreateProblem[];
  /** Source file written, when --output-dir was given. */
  file?: string;
  /** Backups of what was replaced. */
  backups: string[];
  apiCalls?: ApiCallCounts;
  /** The org's daily API allowance (a create against an org makes more than a handful of calls). */
  dailyApiRequests?: DailyRequests;
};

export default class SharingSetCreate extends SfCommand<SharingSetCreateResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.optionalOrg(),
    'api-version': Flags.orgApiVersion(),
    name: Flags.string({ char: 'n', summary: messages.getMessage('flags.name.summary') }),
    label: Flags.string({ char: 'l', summary: messages.getMessage('flags.label.summary') }),
    description: Flags.string({ summary: messages.getMessage('flags.description.summary') }),
    profile: Flags.string({ char: 'p', summary: messages.getMessage('flags.profile.summary'), multiple: true }),
    mapping: Flags.string({ char: 'm', summary: messages.getMessage('flags.mapping.summary'), multiple: true }),
    'definition-file': Flags.file({
      char: 'f',
      summary: messages.getMessage('flags.definition-file.summary'),
      exists: true,
    }),
    'output-dir': Flags.directory({ char: 'd', summary: messages.getMessage('flags.output-dir.summary') }),
    update: Flags.boolean({ summary: messages.getMessage('flags.update.summary') }),
    'dry-run': Flags.boolean({ summary: messages.getMessage('flags.dry-run.summary') }),
    'backup-dir': Flags.directory({ summary: messages.getMessage('flags.backup-dir.summary') }),
  };

  /** What an interrupt after the write (while the project file is written) should say; until then, nothing changed. */
  private afterWrite?: string;

  public async run(): Promise<SharingSetCreateResult> {
    return onInterrupt(
      () => this.afterWrite ?? nothingChanged(),
      () => this.create()
    );
  }

  /** --json errors without stack traces unless debugging (src/cli/jsonOutput.ts). */
  public logJson(json: unknown): void {
    super.logJson(withoutStacks(json));
  }

  private async create(): Promise<SharingSetCreateResult> {
    const { flags } = await parseFlags(this.parse(SharingSetCreate));
    const org = flags['target-org'];
    const dryRun = Boolean(flags['dry-run']);
    if (!org && !flags['output-dir']) throw messages.createError('error.NoDestination', [], [], EXIT.usage);
    const { candidate, problems } = await buildCandidate(flags);
    if (!dryRun) await checkProjectFile(flags['output-dir'], candidate.fullName, flags.update);
    const result: SharingSetCreateResult = {
      sharingSet: candidate,
      action: 'none',
      dryRun,
      checkedAgainstOrg: Boolean(org),
      warnings: [],
      backups: [],
    };

    if (org) {
      const session = openOrg(org, flags['api-version']);
      result.apiCalls = session.client.calls;
      this.spinner.start(messages.getMessage('spinner.Checking', [candidate.fullName, session.orgName]));
      const check = { update: flags.update, willWrite: !dryRun };
      const { existing, warnings } = await checkAgainstOrg(session.client, candidate, session.orgName, check, problems);
      this.spinner.stop();
      result.warnings = warnings;
      for (const warning of warnings) {
        const text = messages.getMessage('info.Finding', [warning.message, warning.ruleId, warning.confidence]);
        // stderr either way: stdout holds only the result (the definition itself on a dry run).
        if (warning.severity === 'info') this.logToStderr(text);
        else this.warn(text);
      }
      if (!dryRun) Object.assign(result, await this.write(session, candidate, existing, flags['backup-dir']));
      Object.assign(result, await finishSession(session, this));
    } else {
      if (problems.length > 0)
        throw messages.createError('error.Invalid', [candidate.fullName, bullets(problems)], [], EXIT.usage);
      this.logToStderr(messages.getMessage('info.NotChecked'));
    }

    if (flags['output-dir'] && !dryRun) {
      const written = await writeProjectFile(flags['output-dir'], candidate, flags.update, flags['backup-dir']);
      result.file = written.path;
      if (written.backup) result.backups.push(written.backup);
      this.logSuccess(messages.getMessage('info.FileWritten', [written.path]));
    }
    if (dryRun && !this.jsonEnabled()) {
      // The notice on stderr, the definition alone on stdout: `create --dry-run > set.xml` gives a deployable file.
      this.logToStderr(messages.getMessage('info.DryRun', [org ? 'sent to the org' : 'written']));
      this.log(serializeSharingSet(candidate));
    }
    return result;
  }

  /** The guarded write (backup of what it replaces, interrupt texts per phase, read-back): what the org now holds. */
  private async write(
    { client, orgName }: OrgSession,
    candidate: SharingSet,
    existing: SharingSet | undefined,
    backupDir: string | undefined
  ): Promise<Pick<SharingSetCreateResult, 'sharingSet' | 'action' | 'backups'>> {
    const set = candidate.fullName;
    const interrupted = (phase: WritePhase, backup: string | undefined): string => {
      if (phase === 'before-write') {
        const before = messages.getMessage('info.InterruptedBeforeWrite', [set, orgName]);
        return backup ? `${before} ${messages.getMessage('info.BackupIfWritten', [backup])}` : before;
      }
      return backup
        ? namedMessage(messages, 'info.Interrupted', { set, org: orgName, backup })
        : namedMessage(messages, 'info.InterruptedCreate', { set, org: orgName });
    };
    const outcome = await guardedWrite({
      existing,
      backupDir,
      interrupted,
      backedUp: (backup) => this.info(messages.getMessage('info.Backup', [set, backup])),
      write: () => writeSharingSet(client, candidate, existing ? 'update' : 'create', orgName),
    });
    const backups = outcome.backup ? [outcome.backup] : [];
    if (!outcome.written) return { sharingSet: candidate, action: 'none', backups };
    const action = existing ? 'updated' : 'created';
    this.afterWrite = messages.getMessage('info.InterruptedAfterWrite', [set, action, orgName]);
    this.logSuccess(messages.getMessage(existing ? 'info.Updated' : 'info.Created', [set, orgName]));
    return { sharingSet: outcome.result, action, backups };
  }
}
