import { stat } from 'node:fs/promises';
import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import {
  bullets,
  buildCandidate,
  checkAgainstOrg,
  checkProjectFile,
  writeCandidate,
  writeProjectFile,
  type SharingSetCreateResult,
} from '../../../cli/createSupport.js';
import { nothingChanged, onInterrupt } from '../../../cli/interrupt.js';
import { EXIT } from '../../../cli/exitCodes.js';
import { serializeSharingSet } from '../../../source/index.js';
import { withoutStacks } from '../../../cli/jsonOutput.js';
import { safeBlock } from '../../../report/sanitize.js';
import { finishSession, openOrg, parseFlags } from '../../../cli/command.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.set.create');

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
        const text = safeBlock(messages.getMessage('info.Finding', [warning.message, warning.ruleId, warning.confidence]));
        // stderr either way: stdout holds only the result (the definition itself on a dry run).
        if (warning.severity === 'info') this.logToStderr(text);
        else this.warn(text);
      }
      if (!dryRun) {
        const ui = {
          info: (text: string): void => this.info(text),
          success: (text: string): void => this.logSuccess(text),
        };
        const { afterWrite, ...written } = await writeCandidate(session, candidate, existing, flags['backup-dir'], ui);
        this.afterWrite = afterWrite;
        Object.assign(result, written);
      }
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
      this.logToStderr(messages.getMessage(org ? 'info.DryRunOrg' : 'info.DryRun'));
      this.log(serializeSharingSet(candidate));
    }
    return result;
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
  if (!info?.isFile()) throw messages.createError('error.DefinitionMissing', [input], [], EXIT.usage);
  return input;
}
