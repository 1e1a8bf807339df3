import { stat } from 'node:fs/promises';
import { Messages } from '@salesforce/core';
import { ux } from '@oclif/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import {
  bullets,
  buildCandidate,
  checkAgainstOrg,
  checkProjectFile,
  dryRunChanges,
  writeCandidate,
  writeProjectFile,
  type SharingSetCreateResult,
} from '../../../cli/createSupport.js';
import { interruptSays } from '../../../cli/interrupt.js';
import { EXIT } from '../../../cli/exitCodes.js';
import { serializeSharingSet } from '../../../source/index.js';
import { safeBlock } from '../../../report/sanitize.js';
import type { SharingSetDiff } from '../../../diff/diff.js';
import { renderDiffText, type Colourise, type DiffLineKind } from '../../../report/diffRender.js';
import { terminalWidth } from '../../../report/table.js';
import { finishSession, openOrg, parseFlags, runCommand } from '../../../cli/command.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.set.create');

const DIFF_COLOURS: Partial<Record<DiffLineKind, string>> = { added: 'green', removed: 'red', changed: 'yellow' };

export type { CreateProblem } from '../../../cli/createSupport.js';
export type { SharingSetCreateResult } from '../../../cli/createSupport.js';

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
      parse: definitionFile,
    }),
    'output-dir': Flags.directory({ char: 'd', summary: messages.getMessage('flags.output-dir.summary') }),
    update: Flags.boolean({ summary: messages.getMessage('flags.update.summary') }),
    'dry-run': Flags.boolean({ summary: messages.getMessage('flags.dry-run.summary') }),
    'backup-dir': Flags.directory({ summary: messages.getMessage('flags.backup-dir.summary') }),
  };

  public async run(): Promise<SharingSetCreateResult> {
    return runCommand(this, () => this.create());
  }

  private async create(): Promise<SharingSetCreateResult> {
    const { flags, metadata } = await parseFlags(this.parse(SharingSetCreate));
    const org = flags['target-org'];
    const dryRun = Boolean(flags['dry-run']);
    if (!org && !flags['output-dir']) throw messages.createError('error.NoDestination', [], [], EXIT.usage);
    const built = await buildCandidate(flags);
    const { problems, unreadable } = built;
    let candidate = built.candidate;
    // A mapping that can't be read stops the command before any request reaches the org (the org would check another
    // definition than the one meant); without an org there is nothing more to find. Otherwise the flags' problems are
    // listed with what the org check finds, so one run shows everything to fix.
    if (problems.length > 0 && (unreadable === true || !org))
      throw messages.createError('error.Invalid', [candidate.fullName, bullets(problems)], [], EXIT.usage);
    const fileOptions = { update: flags.update, backupDir: flags['backup-dir'] };
    const replacedFile = await checkProjectFile(flags['output-dir'], candidate, fileOptions);
    const result: SharingSetCreateResult = {
      sharingSet: candidate,
      action: 'none',
      dryRun,
      checkedAgainstOrg: Boolean(org),
      warnings: [],
      backups: [],
    };

    if (org) {
      const session = await openOrg(org, flags['api-version']);
      // --output-dir alone reads as "write a file": say so when the org written to comes from the sf config.
      if (flags['output-dir'] && metadata.flags['target-org']?.setFromDefault) {
        this.warn(
          messages.getMessage(dryRun ? 'warning.ConfigOrg.check' : 'warning.ConfigOrg.write', [session.orgLabel])
        );
      }
      result.apiCalls = session.client.calls;
      this.spinner.start(messages.getMessage('spinner.Checking', [candidate.fullName, session.orgLabel]));
      // Names typed on the command line take the org's spelling; a definition file (a backup being restored) is sent as
      // it is written, so a restore puts back exactly what the backup holds.
      const check = { update: flags.update, willWrite: !dryRun, respell: flags['definition-file'] === undefined };
      const checked = await checkAgainstOrg(session.client, candidate, session.orgName, check, problems);
      const { existing, warnings } = checked;
      this.spinner.stop();
      // --update by a name in another case updates the org's set under the org's own spelling.
      candidate = existing ? { ...checked.candidate, fullName: existing.fullName } : checked.candidate;
      // Written in the form the documentation shows (docs/salesforce-facts.md §10), and said so.
      result.sharingSet = candidate;
      for (const conversion of checked.conversions) this.info(conversion);
      result.warnings = warnings;
      this.showFindings(warnings);
      if (dryRun) {
        result.changes = dryRunChanges(candidate, existing);
        this.showChanges(result.changes, session.orgName);
      } else {
        const ui = {
          info: (text: string): void => this.info(text),
          success: (text: string): void => this.logSuccess(text),
          warn: (text: string): void => {
            this.warn(text);
          },
        };
        // The project file as it will be written (the org's spelling, documented forms), proven writable first.
        const prepare = (): Promise<unknown> =>
          checkProjectFile(flags['output-dir'], candidate, { ...fileOptions, probe: true });
        const { afterWrite, ...written } = await writeCandidate(
          session,
          candidate,
          existing,
          flags['backup-dir'],
          ui,
          prepare
        );
        // An interrupt from now on (while the project file is written) says what the org holds.
        interruptSays(this, () => afterWrite);
        Object.assign(result, written);
      }
      Object.assign(result, await finishSession(session, this));
    } else {
      this.logToStderr(messages.getMessage('info.NotChecked'));
    }

    if (flags['output-dir'] && !dryRun) {
      const written = await writeProjectFile(flags['output-dir'], candidate, flags.update, flags['backup-dir']);
      result.file = written.path;
      if (written.backup) result.backups.push(written.backup);
      this.logSuccess(messages.getMessage('info.FileWritten', [written.path]));
    }
    if (dryRun && !this.jsonEnabled()) {
      // The notices on stderr, the definition alone on stdout: `create --dry-run > set.xml` gives a deployable file.
      if (replacedFile) this.logToStderr(messages.getMessage('info.DryRunReplacesFile', [replacedFile]));
      this.logToStderr(messages.getMessage(org ? 'info.DryRunOrg' : 'info.DryRun'));
      this.log(serializeSharingSet(candidate));
    }
    return result;
  }

  /** The org check's findings: stderr either way, as stdout holds only the result (the definition on a dry run). */
  private showFindings(warnings: SharingSetCreateResult['warnings']): void {
    for (const warning of warnings) {
      const text = safeBlock(
        messages.getMessage('info.Finding', [warning.message, warning.ruleId, warning.confidence])
      );
      if (warning.severity === 'info') this.logToStderr(text);
      else this.warn(text);
    }
  }

  /** A dry run's changes to the org, as `sharing set diff` shows them, on stderr (stdout holds only the definition). */
  private showChanges(changes: SharingSetDiff, orgName: string): void {
    if (this.jsonEnabled()) return;
    const colourise: Colourise | undefined = process.stderr.isTTY
      ? (text, kind): string => ux.colorize(DIFF_COLOURS[kind], text)
      : undefined;
    const labels = {
      targetLabel: messages.getMessage('label.Org', [orgName]),
      sourceLabel: messages.getMessage('label.Definition'),
    };
    const width = terminalWidth(process.stderr, process.env.OCLIF_TABLE_COLUMN_OVERRIDE);
    this.logToStderr(renderDiffText(changes, { ...labels, colourise, width }).trimEnd());
  }
}

/**
 * --definition-file as oclif's file flag checks it (it must exist and be a file), with a folder (a project, or the
 * backups folder) answered by what to do instead.
 */
async function definitionFile(input: string): Promise<string> {
  const info = await stat(input).catch(() => undefined);
  if (info?.isDirectory()) {
    const folder = input.replace(/\/+$/, '');
    throw messages.createError('error.DefinitionIsFolder', [folder], [folder, folder, folder], EXIT.usage);
  }
  if (!info) throw messages.createError('error.DefinitionMissing', [input], [], EXIT.usage);
  // A FIFO, a device or a socket is refused here, never opened: reading one could wait forever.
  if (!info.isFile()) throw messages.createError('error.DefinitionNotRegular', [input], [], EXIT.usage);
  return input;
}
