import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import {
  bullets,
  buildCandidate,
  checkAgainstOrg,
  checkProjectFile,
  type CreateProblem,
} from '../../../cli/createSupport.js';
import { OutputPathError } from '../../../io/files.js';
import type { SharingSet } from '../../../model/types.js';
import { clientForOrg, type ApiCallCounts, type DailyRequests } from '../../../org/client.js';
import { reportAllowance } from '../../../cli/allowance.js';
import { writeSharingSet } from '../../../org/writes.js';
import { nothingChanged, onInterrupt } from '../../../cli/interrupt.js';
import { EXIT, asUsageError } from '../../../cli/exitCodes.js';
import { backupSharingSet, serializeSharingSet, writeSharingSetFile } from '../../../source/index.js';
import { withoutStacks } from '../../../cli/jsonOutput.js';
import { explainWriteError } from '../../../cli/writeErrors.js';

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

  /** Bad flag values exit 2, like oclif's own parse errors (src/cli/exitCodes.ts). */
  protected catch(error: Error): Promise<never> {
    return super.catch(asUsageError(error));
  }

  private async create(): Promise<SharingSetCreateResult> {
    const { flags } = await this.parse(SharingSetCreate);
    const org = flags['target-org'];
    if (!org && !flags['output-dir']) throw messages.createError('error.NoDestination', [], [], EXIT.usage);
    const { candidate, problems } = await buildCandidate(flags);
    if (!flags['dry-run']) await checkProjectFile(flags['output-dir'], candidate.fullName, flags.update);
    const result: SharingSetCreateResult = {
      sharingSet: candidate,
      action: 'none',
      dryRun: Boolean(flags['dry-run']),
      checkedAgainstOrg: Boolean(org),
      warnings: [],
      backups: [],
    };

    if (org) {
      const client = clientForOrg(org, flags['api-version']);
      result.apiCalls = client.calls;
      const orgName = org.getUsername() ?? org.getOrgId();
      // At least: the list, one read, profiles, org-wide defaults and describes; then the write and its read-back.
      client.watchAllowance(flags['dry-run'] ? 5 : 7);
      this.spinner.start(`Checking ${candidate.fullName} against ${orgName}`);
      const { existing, warnings } = await checkAgainstOrg(client, candidate, orgName, flags.update, problems);
      this.spinner.stop();
      result.warnings = warnings;
      for (const warning of warnings) {
        const text = `${warning.message} (${warning.ruleId}, ${warning.confidence} confidence)`;
        // stderr either way: stdout holds only the result (the definition itself on a dry run).
        if (warning.severity === 'info') this.logToStderr(text);
        else this.warn(text);
      }
      if (!flags['dry-run']) {
        // Guarded from the backup on: an interrupt at any point says what the org and the disk hold.
        let backup: string | undefined;
        let writing = false;
        const hint = (): string =>
          !writing
            ? [
                messages.getMessage('info.InterruptedBeforeWrite', [candidate.fullName, orgName]),
                ...(backup ? [messages.getMessage('info.BackupIfWritten', [backup])] : []),
              ].join(' ')
            : backup
            ? messages.getMessage('info.Interrupted', [
                candidate.fullName,
                orgName,
                orgName,
                candidate.fullName,
                backup,
                orgName,
                backup,
              ])
            : messages.getMessage('info.InterruptedCreate', [candidate.fullName, orgName, orgName, candidate.fullName]);
        result.sharingSet = await onInterrupt(hint, async () => {
          if (existing) {
            backup = await backupSharingSet(existing, flags['backup-dir'], (path) => (backup = path)).catch(
              (error: unknown) => {
                throw explainWriteError(error);
              }
            );
            result.backups.push(backup);
            this.info(messages.getMessage('info.Backup', [existing.fullName, backup]));
          }
          writing = true;
          return writeSharingSet(client, candidate, existing ? 'update' : 'create', orgName);
        });
        result.action = existing ? 'updated' : 'created';
        this.afterWrite = messages.getMessage('info.InterruptedAfterWrite', [
          candidate.fullName,
          result.action,
          orgName,
        ]);
        this.logSuccess(messages.getMessage(existing ? 'info.Updated' : 'info.Created', [candidate.fullName, orgName]));
      }
      Object.assign(
        result,
        reportAllowance(await client.allowance(), orgName, (message) => this.warn(message))
      );
    } else {
      if (problems.length > 0)
        throw messages.createError('error.Invalid', [candidate.fullName, bullets(problems)], [], EXIT.usage);
      this.logToStderr(messages.getMessage('info.NotChecked'));
    }

    if (flags['output-dir'] && !flags['dry-run']) {
      const written = await writeSharingSetFile(flags['output-dir'], candidate, {
        format: 'source',
        overwrite: flags.update,
        backupDir: flags['backup-dir'],
      }).catch((error: Error) => {
        if (error instanceof OutputPathError && error.reason === 'already exists') {
          throw messages.createError('error.FileExists', [error.path]);
        }
        throw explainWriteError(error);
      });
      result.file = written.path;
      if (written.backup) result.backups.push(written.backup);
      this.logSuccess(messages.getMessage('info.FileWritten', [written.path]));
    }
    if (flags['dry-run'] && !this.jsonEnabled()) {
      // The notice on stderr, the definition alone on stdout: `create --dry-run > set.xml` gives a deployable file.
      this.logToStderr(messages.getMessage('info.DryRun', [org ? 'sent to the org' : 'written']));
      this.log(serializeSharingSet(candidate));
    }
    return result;
  }
}
