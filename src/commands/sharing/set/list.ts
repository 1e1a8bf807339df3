import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import type { SharingSet } from '../../../model/types.js';
import type { ApiCallCounts, DailyRequests } from '../../../org/client.js';
import { loadSharingSets } from '../../../org/sharingSets.js';
import { SET_LIST_COLUMNS, SET_LIST_WRAP, setListRows } from '../../../report/setListRows.js';
import { renderTable, tableColumns, terminalWidth } from '../../../report/table.js';
import { readOnly } from '../../../cli/interrupt.js';
import { printJson } from '../../../cli/jsonOutput.js';
import { finishSession, openOrg, parseFlags } from '../../../cli/command.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.set.list');

export type SharingSetListResult = {
  sharingSets: SharingSet[];
  apiCalls: ApiCallCounts;
  /** The org's daily API allowance, read when the command makes more than a handful of calls. */
  dailyApiRequests?: DailyRequests;
};

export default class SharingSetList extends SfCommand<SharingSetListResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'api-version': Flags.orgApiVersion(),
    name: Flags.string({
      char: 'n',
      summary: messages.getMessage('flags.name.summary'),
      multiple: true,
    }),
  };

  public async run(): Promise<SharingSetListResult> {
    return readOnly(() => this.list());
  }

  /** --json: unsafe characters escaped, errors without stack traces unless debugging (src/cli/jsonOutput.ts). */
  public logJson(json: unknown): void {
    printJson(json, this.config.theme?.json);
  }

  private async list(): Promise<SharingSetListResult> {
    const { flags } = await parseFlags(this.parse(SharingSetList));
    const session = openOrg(flags['target-org'], flags['api-version']);
    const orgName = session.orgName;

    this.spinner.start(messages.getMessage('spinner.Reading', [orgName]));
    const { sharingSets, missing } = await loadSharingSets(session.client, flags.name);
    this.spinner.stop();
    const figures = await finishSession(session, this);

    if (missing.length > 0) {
      throw messages.createError('error.NotFound', [missing.join(', '), orgName], [orgName]);
    }
    if (sharingSets.length === 0) {
      this.log(messages.getMessage('info.Empty', [orgName]));
    } else {
      this.log(
        renderTable({
          rows: setListRows(sharingSets),
          columns: tableColumns(SET_LIST_COLUMNS, (key) => messages.getMessage(`column.${key}`), SET_LIST_WRAP),
          width: terminalWidth(process.stdout, process.env.OCLIF_TABLE_COLUMN_OVERRIDE),
        })
      );
      const mappings = sharingSets.reduce((sum, set) => sum + set.accessMappings.length, 0);
      this.log(messages.getMessage('info.Summary', [sharingSets.length, mappings, orgName]));
    }
    return { sharingSets, ...figures };
  }
}
