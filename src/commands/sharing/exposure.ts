import { Messages } from '@salesforce/core';
import { Flags, SfCommand, toHelpSection } from '@salesforce/sf-plugins-core';
import { writeOutput } from '../../cli/audit/output.js';
import { finishSession, openOrg, parseFlags, runCommand, type SessionFigures } from '../../cli/command.js';
import { EXIT } from '../../cli/exitCodes.js';
import { explainWriteError } from '../../cli/writeErrors.js';
import { exposureTotals } from '../../exposure/count.js';
import type { ExposureTotals, MappingExposure } from '../../exposure/types.js';
import { checkReportTarget } from '../../io/reportTarget.js';
import { loadExposure } from '../../org/exposure.js';
import {
  EXPOSURE_SIGNATURES,
  exposureRows,
  renderExposureCsv,
  renderExposureMarkdown,
  type ExposureView,
  type Words,
} from '../../report/exposure.js';
import { renderExposureHtml } from '../../report/exposureHtml.js';
import { safeBlock, safeValue } from '../../report/sanitize.js';
import { renderTable, tableColumns, terminalWidth } from '../../report/table.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.exposure');

type FileFormat = keyof typeof EXPOSURE_SIGNATURES;
const COLUMNS = ['sharingSet', 'mapping', 'access', 'path', 'users', 'records', 'grants', 'top', 'note'] as const;

export type SharingExposureResult = {
  /** One entry per access mapping counted, in set and mapping order. */
  mappings: MappingExposure[];
  totals: ExposureTotals;
  /** Report files written. */
  files: Array<{ format: string; file: string }>;
  /** Dependent round trips the reads took. */
  roundTrips: number;
} & SessionFigures;

export default class SharingExposure extends SfCommand<SharingExposureResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');
  public static readonly errorCodes = toHelpSection('ERROR CODES', {
    '0': messages.getMessage('errorCodes.ok'),
    '1': messages.getMessage('errorCodes.failed'),
    [String(EXIT.usage)]: messages.getMessage('errorCodes.usage'),
  });

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'api-version': Flags.orgApiVersion(),
    name: Flags.string({ char: 'n', summary: messages.getMessage('flags.name.summary'), multiple: true }),
    profile: Flags.string({ summary: messages.getMessage('flags.profile.summary'), multiple: true }),
    object: Flags.string({ summary: messages.getMessage('flags.object.summary'), multiple: true }),
    top: Flags.integer({ summary: messages.getMessage('flags.top.summary'), default: 5, min: 0, max: 100 }),
    'result-format': Flags.option({
      summary: messages.getMessage('flags.result-format.summary'),
      options: ['human', 'markdown', 'csv'] as const,
      default: 'human',
    })(),
    'output-file': Flags.file({ char: 'f', summary: messages.getMessage('flags.output-file.summary'), multiple: true }),
    force: Flags.boolean({ summary: messages.getMessage('flags.force.summary') }),
  };

  public async run(): Promise<SharingExposureResult> {
    return runCommand(this, () => this.count());
  }

  private async count(): Promise<SharingExposureResult> {
    const { flags } = await parseFlags(this.parse(SharingExposure));
    const files = outputFiles(flags['output-file'] ?? []);
    // Every target is checked before the org is read: a refused file costs no API call.
    for (const { format, file } of files) {
      // eslint-disable-next-line no-await-in-loop
      await checkReportTarget(file, format, '', flags.force, EXPOSURE_SIGNATURES[format]).catch((error: unknown) => {
        throw explainWriteError(error);
      });
    }
    const session = await openOrg(flags['target-org'], flags['api-version']);
    this.spinner.start(messages.getMessage('spinner.Reading', [session.orgName]));
    const data = await loadExposure(session.client, {
      names: flags.name,
      profiles: flags.profile,
      objects: flags.object,
      top: flags.top,
    });
    this.spinner.stop();
    if (data.missing.length > 0) {
      throw messages.createError('error.UnknownSets', [data.missing.join(', ')], [], EXIT.usage);
    }
    const view: ExposureView = {
      org: session.orgName,
      mappings: data.mappings,
      totals: exposureTotals(data.mappings, data.sets, data.profiles),
    };
    if (view.mappings.length === 0) this.warn(messages.getMessage('warning.NoMappings'));
    for (const profile of view.totals.byProfile.filter((p) => p.status === 'unknown')) {
      this.warn(safeBlock(messages.getMessage('warning.UnknownLicense', [profile.name])));
    }
    for (const m of view.mappings.filter((mapping) => mapping.notCounted)) {
      this.warn(
        safeBlock(
          messages.getMessage('warning.NotCounted', [
            m.sharingSet,
            m.mappingIndex + 1,
            m.object,
            m.notCounted?.reason ?? '',
          ])
        )
      );
    }
    const words: Words = (key, tokens) => messages.getMessage(key, tokens);
    for (const { format, file } of files) {
      const content =
        format === 'html'
          ? renderExposureHtml(view, words)
          : format === 'csv'
          ? renderExposureCsv(view)
          : renderExposureMarkdown(view, words);
      // eslint-disable-next-line no-await-in-loop
      await writeOutput(file, content, true);
      this.logSuccess(messages.getMessage('info.Written', [format, safeValue(file)]));
    }
    const figures = await finishSession(session, this);
    if (!this.jsonEnabled()) this.show(view, flags['result-format'], data.roundTrips, words);
    return { mappings: view.mappings, totals: view.totals, files, roundTrips: data.roundTrips, ...figures };
  }

  private show(view: ExposureView, format: string, roundTrips: number, words: Words): void {
    if (format === 'markdown') return this.log(safeBlock(renderExposureMarkdown(view, words)));
    if (format === 'csv') return this.log(renderExposureCsv(view).trimEnd());
    // API names stay whole at any width: columns where they fit, else one block per row (src/report/table.ts).
    this.log(
      renderTable({
        rows: exposureRows(view),
        columns: tableColumns(COLUMNS, (key) => messages.getMessage(`column.${key}`), ['top', 'note', 'path']),
        width: terminalWidth(process.stdout, process.env.OCLIF_TABLE_COLUMN_OVERRIDE),
      })
    );
    const { org } = view.totals;
    for (const m of view.mappings.filter((mapping) => mapping.accessLevel === 'Edit' && mapping.grants > 0)) {
      this.log(
        safeValue(
          messages.getMessage('info.Edit', [m.sharingSet, m.mappingIndex + 1, m.users, m.records, m.object, m.grants])
        )
      );
    }
    this.log(
      messages.getMessage('info.Totals', [org.mappings, org.users, org.records, org.grants, org.editGrants, roundTrips])
    );
  }
}

/** The report files asked for, each with the format its extension names (exit 2 for none). */
function outputFiles(paths: string[]): Array<{ format: FileFormat; file: string }> {
  return [...new Set(paths)].map((file) => {
    const name = file.toLowerCase();
    const format: FileFormat | undefined =
      name.endsWith('.md') || name.endsWith('.markdown')
        ? 'markdown'
        : name.endsWith('.csv')
        ? 'csv'
        : name.endsWith('.html') || name.endsWith('.htm')
        ? 'html'
        : undefined;
    if (!format) throw messages.createError('error.UnknownFormat', [safeValue(file)], [], EXIT.usage);
    return { format, file };
  });
}
