import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import type { SharingSet } from '../../../model/types.js';
import { clientForOrg, type ApiCallCounts } from '../../../org/client.js';
import { deleteSharingSet, readOne } from '../../../org/writes.js';
import { nothingChanged, onInterrupt } from '../../../cli/interrupt.js';
import { EXIT, asUsageError } from '../../../cli/exitCodes.js';
import { backupSharingSet } from '../../../source/index.js';
import { withoutStacks } from '../../../cli/jsonOutput.js';
import { explainWriteError } from '../../../cli/writeErrors.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.set.delete');

export type SharingSetDeleteResult = {
  fullName: string;
  deleted: boolean;
  dryRun: boolean;
  /** The definition that was deleted (or would be). */
  sharingSet: SharingSet;
  /** The backup of the definition, saved before the delete; absent on a dry run, which writes nothing. */
  backup?: string;
  apiCalls: ApiCallCounts;
};

export default class SharingSetDelete extends SfCommand<SharingSetDeleteResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'api-version': Flags.orgApiVersion(),
    name: Flags.string({ char: 'n', summary: messages.getMessage('flags.name.summary'), required: true }),
    'no-prompt': Flags.boolean({ summary: messages.getMessage('flags.no-prompt.summary') }),
    'dry-run': Flags.boolean({ summary: messages.getMessage('flags.dry-run.summary') }),
    'backup-dir': Flags.directory({ summary: messages.getMessage('flags.backup-dir.summary') }),
  };

  /** What an interrupt after the delete should say; until then, nothing changed (the write itself has its own). */
  private afterDelete?: string;

  public async run(): Promise<SharingSetDeleteResult> {
    return onInterrupt(
      () => this.afterDelete ?? nothingChanged(),
      () => this.delete()
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

  private async delete(): Promise<SharingSetDeleteResult> {
    const { flags } = await this.parse(SharingSetDelete);
    const org = flags['target-org'];
    const orgName = org.getUsername() ?? org.getOrgId();
    // No one to answer a prompt: under --json, or when stdin is not a terminal (a pipeline, a script).
    if ((this.jsonEnabled() || !process.stdin.isTTY) && !flags['no-prompt'] && !flags['dry-run'])
      throw messages.createError('error.PromptNeeded', [], [], EXIT.usage);
    const client = clientForOrg(org, flags['api-version']);

    const existing = await readOne(client, flags.name);
    if (!existing) throw messages.createError('error.NotFound', [flags.name, orgName], [orgName]);
    if (flags['dry-run']) {
      // A dry run reads only: no backup either (a real run saves one before deleting).
      this.log(messages.getMessage('info.DryRun', [existing.fullName, orgName]));
      const dryRun = { fullName: existing.fullName, deleted: false, dryRun: true, sharingSet: existing };
      return { ...dryRun, apiCalls: client.calls };
    }
    // Guarded from the backup on: an interrupt at any point says what was changed and where the backup is.
    let backup = '';
    let deleting = false;
    const hint = (): string =>
      deleting
        ? messages.getMessage('info.Interrupted', [
            existing.fullName,
            orgName,
            orgName,
            existing.fullName,
            backup,
            orgName,
            backup,
          ])
        : [
            messages.getMessage('info.InterruptedBeforeDelete', [existing.fullName]),
            ...(backup ? [messages.getMessage('info.BackupIfWritten', [backup])] : []),
          ].join(' ');
    const outcome = await onInterrupt(hint, async (): Promise<'deleted' | 'kept'> => {
      backup = await backupSharingSet(existing, flags['backup-dir'], (path) => (backup = path)).catch(
        (error: unknown) => {
          throw explainWriteError(error);
        }
      );
      this.info(messages.getMessage('info.Backup', [existing.fullName, backup, orgName, backup]));
      if (!flags['no-prompt']) {
        const message = messages.getMessage('prompt.Confirm', [existing.fullName, existing.label, orgName, backup]);
        if (!(await this.confirm({ message }))) {
          this.log(messages.getMessage('info.Cancelled', [backup]));
          return 'kept';
        }
      }
      deleting = true;
      await deleteSharingSet(client, existing.fullName, orgName);
      this.afterDelete = messages.getMessage('info.InterruptedAfterDelete', [existing.fullName, orgName, backup]);
      return 'deleted';
    });
    const result = {
      fullName: existing.fullName,
      deleted: outcome === 'deleted',
      dryRun: false,
      sharingSet: existing,
      backup,
      apiCalls: client.calls,
    };
    if (result.deleted) this.logSuccess(messages.getMessage('info.Deleted', [existing.fullName, orgName]));
    return result;
  }
}
