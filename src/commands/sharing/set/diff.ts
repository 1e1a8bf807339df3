import { Messages, type Org } from '@salesforce/core';
import { ux } from '@oclif/core';
import { Flags, SfCommand, toHelpSection } from '@salesforce/sf-plugins-core';
import { EXIT } from '../../../cli/exitCodes.js';
import { diffSharingSets, type SharingSetDiff } from '../../../diff/diff.js';
import type { ApiCallCounts } from '../../../org/client.js';
import { renderDiffMarkdown, renderDiffText, type Colourise, type DiffLineKind } from '../../../report/diffRender.js';
import { safeBlock, safeValue } from '../../../report/sanitize.js';
import { terminalWidth } from '../../../report/table.js';
import { parseFlags, runCommand } from '../../../cli/command.js';
import { listProblems } from '../../../cli/project.js';
import type { SourceProblem } from '../../../source/index.js';
import {
  readBackupSide,
  readOrgSide,
  readProjectSide,
  totalCalls,
  withoutUnreadable,
  type DiffBackups,
  type DiffOrg,
  type DiffProject,
  type OrgSide,
} from '../../../cli/diffSupport.js';
import { hasName, nameKey, uniqueNames } from '../../../model/names.js';

export type { DiffBackups, DiffOrg, DiffProject } from '../../../cli/diffSupport.js';

/** One backup compared with the org on its own (--backup): what restoring it would change. */
export type BackupDiff = { file: string; fullName: string; savedAt?: string; diff: SharingSetDiff };

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.set.diff');

export type SharingSetDiffResult = {
  /** The org a deployment would change. */
  target: DiffOrg;
  /** The side compared with it: the project or the org it would be deployed from. */
  source: DiffOrg | DiffProject | DiffBackups;
  /** With --backup: the newest backup of each set compared with the org (each backup's own comparison in `backups`). */
  diff: SharingSetDiff;
  /** With --backup: every backup compared on its own, by set then oldest first. */
  backups?: BackupDiff[];
  hasDrift: boolean;
  /** API calls made, over both orgs. */
  apiCalls: ApiCallCounts;
  /** Project files that could not be read: their sets were not compared, and the diff exits 1 (incomplete). */
  unreadableFiles?: SourceProblem[];
};

const COLOURS: Partial<Record<DiffLineKind, string>> = { added: 'green', removed: 'red', changed: 'yellow' };
const SOURCES = ['source-dir', 'compare-org', 'backup'];

export default class SharingSetDiffCommand extends SfCommand<SharingSetDiffResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');
  public static readonly errorCodes = toHelpSection('ERROR CODES', {
    [`Drift (${EXIT.drift})`]: messages.getMessage('errorCodes.drift'),
    'Failed (1)': messages.getMessage('errorCodes.failed'),
    'Usage (2)': messages.getMessage('errorCodes.usage'),
  });

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'source-dir': Flags.directory({
      char: 'd',
      summary: messages.getMessage('flags.source-dir.summary'),
      exists: true,
      exactlyOne: SOURCES,
    }),
    'allow-empty': Flags.boolean({
      summary: messages.getMessage('flags.allow-empty.summary'),
      dependsOn: ['source-dir'],
    }),
    // No default: optionalOrg would otherwise fall back to the default org, which breaks exactlyOne.
    'compare-org': Flags.optionalOrg({
      char: 'c',
      summary: messages.getMessage('flags.compare-org.summary'),
      default: undefined,
      defaultHelp: undefined,
      exactlyOne: SOURCES,
    }),
    backup: Flags.string({
      char: 'b',
      summary: messages.getMessage('flags.backup.summary'),
      exactlyOne: SOURCES,
    }),
    'api-version': Flags.orgApiVersion(),
    name: Flags.string({ char: 'n', summary: messages.getMessage('flags.name.summary'), multiple: true }),
    'result-format': Flags.option({
      summary: messages.getMessage('flags.result-format.summary'),
      options: ['human', 'markdown'] as const,
      default: 'human',
    })(),
  };

  public async run(): Promise<SharingSetDiffResult> {
    return runCommand(this, () => this.compare());
  }

  private async compare(): Promise<SharingSetDiffResult> {
    const { flags } = await parseFlags(this.parse(SharingSetDiffCommand));
    if (flags.backup) return this.compareBackups(flags.backup, flags);
    const compareOrg = flags['compare-org'] as Org | undefined;
    const readOrg = (org: Org): Promise<OrgSide> => readOrgSide(org, flags['api-version'], flags.name, this);
    if (compareOrg?.getOrgId() === flags['target-org'].getOrgId()) {
      this.warn(messages.getMessage('warning.SameOrg', [compareOrg.getUsername() ?? compareOrg.getOrgId()]));
    }

    this.spinner.start(messages.getMessage('spinner.Reading'));
    const [target, source] = await Promise.all([
      readOrg(flags['target-org']),
      compareOrg ? readOrg(compareOrg) : readProjectSide(flags['source-dir'] as string),
    ]);
    this.spinner.stop();
    // No sharing-set files is a wrong path far more often than an empty project: it fails unless --allow-empty.
    if (source.info.kind === 'project' && source.sharingSets.length === 0 && !flags['allow-empty']) {
      throw messages.createError('error.NoSharingSets', [safeValue(source.info.sourceDir)], [], EXIT.usage);
    }

    const unreadable = 'problems' in source ? source.problems : [];
    const comparable = withoutUnreadable(target.sharingSets, flags.name, unreadable);
    // Every named set unreadable: nothing is left to compare (an empty name list would mean "every set").
    const nothingLeft = flags.name !== undefined && comparable.names?.length === 0;
    const diff = nothingLeft
      ? diffSharingSets([], [])
      : diffSharingSets(comparable.target, source.sharingSets, { names: comparable.names });
    if (diff.notFound.length > 0) {
      const where = [diff.notFound.join(', '), target.label, source.label];
      throw messages.createError('error.NotFound', where, [target.info.org]);
    }
    this.render(diff, { targetLabel: target.label, sourceLabel: source.label }, flags['result-format']);
    if (diff.hasDrift) process.exitCode = EXIT.drift;
    if (unreadable.length > 0) {
      // An incomplete comparison is a failure, not drift: a pipeline must not read it as "only these differ".
      this.warn(safeBlock(messages.getMessage('warning.Incomplete', [unreadable.length, listProblems(unreadable)])));
      process.exitCode = 1;
    }
    const apiCalls = totalCalls(target.calls, source.calls);
    return {
      target: target.info,
      source: source.info,
      diff,
      hasDrift: diff.hasDrift,
      apiCalls,
      ...(unreadable.length > 0 ? { unreadableFiles: unreadable } : {}),
    };
  }

  private render(diff: SharingSetDiff, labels: { targetLabel: string; sourceLabel: string }, format: string): void {
    if (format === 'markdown') {
      this.log(safeBlock(renderDiffMarkdown(diff, labels).trimEnd()));
    } else {
      const colourise: Colourise | undefined = process.stdout.isTTY
        ? (text, kind): string => ux.colorize(COLOURS[kind], text)
        : undefined;
      const width = terminalWidth(process.stdout, process.env.OCLIF_TABLE_COLUMN_OVERRIDE);
      this.log(renderDiffText(diff, { ...labels, colourise, width }).trimEnd());
    }
  }

  /**
   * Backup files compared with the org (what restoring each would change): each backup goes to the set named inside
   * it (src/source/backups.ts), and several backups of one set are compared one by one, told apart by their time.
   */
  private async compareBackups(
    path: string,
    flags: { 'target-org': Org; 'api-version'?: string; name?: string[]; 'result-format': string }
  ): Promise<SharingSetDiffResult> {
    this.spinner.start(messages.getMessage('spinner.Reading'));
    const side = await readBackupSide(path);
    const wanted = side.backups.filter((backup) => !flags.name || hasName(flags.name, backup.set.fullName));
    const names = uniqueNames(wanted.map((backup) => backup.set.fullName));
    if (names.length === 0) {
      const inOrg = messages.getMessage('label.org', [flags['target-org'].getUsername() ?? '']);
      throw messages.createError('error.NotFound', [flags.name?.join(', ') ?? '', inOrg, side.label], [inOrg]);
    }
    const target = await readOrgSide(flags['target-org'], flags['api-version'], names, this);
    this.spinner.stop();
    const backups: BackupDiff[] = wanted.map(({ file, set, savedAt }) => ({
      file,
      fullName: set.fullName,
      ...(savedAt ? { savedAt } : {}),
      diff: diffSharingSets(target.sharingSets, [set], { names: [set.fullName] }),
    }));
    for (const backup of backups) {
      const when = backup.savedAt ?? messages.getMessage('label.backupUndated');
      this.log(safeBlock(messages.getMessage('label.backupHeading', [backup.file, backup.fullName, when])));
      this.render(backup.diff, { targetLabel: target.label, sourceLabel: backup.file }, flags['result-format']);
    }
    // The newest backup of each set (they are sorted oldest first), compared as one side.
    const newest = new Map(wanted.map((backup) => [nameKey(backup.set.fullName), backup.set]));
    const diff = diffSharingSets(target.sharingSets, [...newest.values()], { names });
    const hasDrift = backups.some((backup) => backup.diff.hasDrift);
    if (hasDrift) process.exitCode = EXIT.drift;
    return { target: target.info, source: side.info, diff, hasDrift, apiCalls: target.calls, backups };
  }
}
