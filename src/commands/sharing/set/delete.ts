import { dirname } from 'node:path';
import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import type { SharingSet } from '../../../model/types.js';
import type { ApiCallCounts } from '../../../org/client.js';
import { deleteSharingSet } from '../../../org/writes.js';
import { loadSharingSet } from '../../../org/sharingSets.js';
import { confirmOrInterrupt, interruptSays } from '../../../cli/interrupt.js';
import { EXIT } from '../../../cli/exitCodes.js';
import { namedMessage, openOrg, parseFlags, runCommand } from '../../../cli/command.js';
import { checkBackupable, guardedWrite, type WritePhase } from '../../../cli/guardedWrite.js';
import { safeValue } from '../../../report/sanitize.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.set.delete');
const errorMessages = Messages.loadMessages('plugin-sharing', 'errors');

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

  public async run(): Promise<SharingSetDeleteResult> {
    return runCommand(this, () => this.delete());
  }

  private async delete(): Promise<SharingSetDeleteResult> {
    const { flags } = await parseFlags(this.parse(SharingSetDelete));
    // No one to answer a prompt: under --json, or when stdin is not a terminal (a pipeline, a script).
    if ((this.jsonEnabled() || !process.stdin.isTTY) && !flags['no-prompt'] && !flags['dry-run'])
      throw messages.createError('error.PromptNeeded', [], [], EXIT.usage);
    const { client, orgName, orgLabel } = await openOrg(flags['target-org'], flags['api-version']);

    const existing = await loadSharingSet(client, flags.name);
    if (!existing) throw messages.createError('error.NotFound', [flags.name, orgName], [orgName]);
    const set = existing.fullName;
    const result = { fullName: set, deleted: false, dryRun: Boolean(flags['dry-run']), sharingSet: existing };
    if (flags['dry-run']) {
      // A dry run reads only: no backup either (a real run saves one before deleting); it predicts the real run, so
      // a definition no backup could hold is refused here too.
      checkBackupable(existing);
      this.log(messages.getMessage('info.DryRun', [set, orgLabel]));
      return { ...result, apiCalls: client.calls };
    }
    const interrupted = (phase: WritePhase, backup: string | undefined): string =>
      phase === 'writing'
        ? namedMessage(messages, 'info.Interrupted', { set, org: orgName, backup: backup ?? '' })
        : [
            messages.getMessage('info.InterruptedBeforeDelete', [set]),
            ...(backup
              ? [messages.getMessage(phase === 'backed-up' ? 'info.BackupSaved' : 'info.BackupIfWritten', [backup])]
              : []),
          ].join(' ');
    const outcome = await guardedWrite({
      existing,
      backupDir: flags['backup-dir'],
      interrupted,
      backedUp: (backup, firstBackup) => {
        this.info(messages.getMessage('info.Backup', [set, backup, orgName, backup]));
        if (firstBackup) this.info(errorMessages.getMessage('info.FirstBackup', [dirname(backup)]));
      },
      confirm: async (backup) => {
        if (flags['no-prompt']) return true;
        const message = messages.getMessage('prompt.Confirm', [set, safeValue(existing.label), orgLabel, backup]);
        if (await confirmOrInterrupt(() => this.confirm({ message }))) return true;
        this.log(messages.getMessage('info.Cancelled'));
        return false;
      },
      write: async (backup) => {
        await deleteSharingSet(client, set, orgName);
        // Until here the write's own guard answers; from now on, an interrupt says the set is gone.
        interruptSays(this, () => messages.getMessage('info.InterruptedAfterDelete', [set, orgName, backup]));
      },
    });
    if (outcome.written) this.logSuccess(messages.getMessage('info.Deleted', [set, orgLabel]));
    const backup = outcome.backup ? { backup: outcome.backup } : {};
    return { ...result, deleted: outcome.written, ...backup, apiCalls: client.calls };
  }
}
