import { Messages } from '@salesforce/core';
import { Flags, SfCommand, toHelpSection } from '@salesforce/sf-plugins-core';
import type { SharingSet } from '../../../model/types.js';
import type { ApiCallCounts, DailyRequests } from '../../../org/client.js';
import { loadSharingSets } from '../../../org/sharingSets.js';
import { filterSharingSets, filterSuggestions, parseAccessLevel } from '../../../model/setFilter.js';
import { SET_LIST_COLUMNS, SET_LIST_WRAP, setListRows } from '../../../report/setListRows.js';
import { renderTable, tableColumns, terminalWidth } from '../../../report/table.js';
import { safeValue } from '../../../report/sanitize.js';
import { EXIT } from '../../../cli/exitCodes.js';
import { finishSession, openOrg, parseFlags, runCommand } from '../../../cli/command.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.set.list');

export type SharingSetListResult = {
  /** The sets shown: every set read, or those the filters (--profile, --object, --access) keep. */
  sharingSets: SharingSet[];
  /** Names given with --name that the org does not have (as typed); the command then exits with code 5. */
  missing?: string[];
  apiCalls: ApiCallCounts;
  /** The org's daily API allowance, read when the command makes more than a handful of calls. */
  dailyApiRequests?: DailyRequests;
};

export default class SharingSetList extends SfCommand<SharingSetListResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');
  public static readonly errorCodes = toHelpSection('ERROR CODES', {
    'Failed (1)': messages.getMessage('errorCodes.failed'),
    'Usage (2)': messages.getMessage('errorCodes.usage'),
    [`Not found (${EXIT.notFound})`]: messages.getMessage('errorCodes.notFound'),
  });

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'api-version': Flags.orgApiVersion(),
    name: Flags.string({
      char: 'n',
      summary: messages.getMessage('flags.name.summary'),
      multiple: true,
    }),
    profile: Flags.string({ char: 'p', summary: messages.getMessage('flags.profile.summary'), multiple: true }),
    object: Flags.string({ summary: messages.getMessage('flags.object.summary'), multiple: true }),
    access: Flags.string({
      summary: messages.getMessage('flags.access.summary'),
      // Read or Edit in any case, as --mapping takes them.
      parse: (value) => {
        const level = parseAccessLevel(value);
        return level ? Promise.resolve(level) : Promise.reject(messages.createError('error.BadAccess', [value]));
      },
    }),
  };

  public async run(): Promise<SharingSetListResult> {
    return runCommand(this, () => this.list());
  }

  private async list(): Promise<SharingSetListResult> {
    const { flags } = await parseFlags(this.parse(SharingSetList));
    const session = await openOrg(flags['target-org'], flags['api-version']);
    const { orgName, orgLabel } = session;

    this.spinner.start(messages.getMessage('spinner.Reading', [orgLabel]));
    const { sharingSets: read, missing } = await loadSharingSets(session.client, flags.name);
    this.spinner.stop();
    const figures = await finishSession(session, this);

    const filter = { profiles: flags.profile, objects: flags.object, access: parseAccessLevel(flags.access ?? '') };
    const sharingSets = filterSharingSets(read, filter);
    if (missing.length > 0) {
      // What exists is listed; what does not is reported, and the exit code says so (EXIT.notFound).
      const key = read.length > 0 ? 'warning.NotFoundOthersListed' : 'warning.NotFound';
      this.warn(messages.getMessage(key, [missing.map(safeValue).join(', '), orgLabel, orgName]));
      process.exitCode = EXIT.notFound;
    }
    if (read.length === 0) {
      // With --name, the warning above already said what is missing.
      if (missing.length === 0) this.log(messages.getMessage('info.Empty', [orgLabel]));
    } else if (sharingSets.length === 0) {
      this.log(messages.getMessage('info.NoMatch', [read.length, orgLabel]));
      for (const { kind, name, meant } of filterSuggestions(read, filter)) {
        if (meant) this.log(messages.getMessage(`info.DidYouMean.${kind}`, [safeValue(name), safeValue(meant)]));
      }
    } else {
      this.log(
        renderTable({
          rows: setListRows(sharingSets),
          columns: tableColumns(SET_LIST_COLUMNS, (key) => messages.getMessage(`column.${key}`), SET_LIST_WRAP),
          width: terminalWidth(process.stdout, process.env.OCLIF_TABLE_COLUMN_OVERRIDE),
        })
      );
      const mappings = sharingSets.reduce((sum, set) => sum + set.accessMappings.length, 0);
      this.log(messages.getMessage('info.Summary', [sharingSets.length, mappings, orgLabel]));
      if (sharingSets.length < read.length) this.log(messages.getMessage('info.Filtered', [read.length]));
    }
    return { sharingSets, ...(missing.length > 0 ? { missing } : {}), ...figures };
  }
}
