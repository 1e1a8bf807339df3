import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import type { SharingSet } from '../../../model/types.js';
import { clientForOrg, type ApiCallCounts, type DailyRequests } from '../../../org/client.js';
import { reportAllowance } from '../../../cli/allowance.js';
import { loadSharingSets } from '../../../org/sharingSets.js';
import { setListRows } from '../../../report/setListRows.js';
import { readOnly } from '../../../cli/interrupt.js';
import { withoutStacks } from '../../../cli/jsonOutput.js';
import { asUsageError } from '../../../cli/exitCodes.js';

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

  /** --json errors without stack traces unless debugging (src/cli/jsonOutput.ts). */
  public logJson(json: unknown): void {
    super.logJson(withoutStacks(json));
  }

  /** Bad flag values exit 2, like oclif's own parse errors (src/cli/exitCodes.ts). */
  protected catch(error: Error): Promise<never> {
    return super.catch(asUsageError(error));
  }

  private async list(): Promise<SharingSetListResult> {
    const { flags } = await this.parse(SharingSetList);
    const org = flags['target-org'];
    const orgName = org.getUsername() ?? org.getOrgId();
    const client = clientForOrg(org, flags['api-version']);

    this.spinner.start(`Reading sharing sets from ${orgName}`);
    const { sharingSets, missing } = await loadSharingSets(client, flags.name);
    this.spinner.stop();
    const allowance = reportAllowance(await client.allowance(), orgName, (message) => this.warn(message));

    if (missing.length > 0) {
      throw messages.createError('error.NotFound', [missing.join(', '), orgName], [orgName]);
    }
    if (sharingSets.length === 0) {
      this.log(messages.getMessage('info.Empty', [orgName]));
    } else {
      this.table({
        data: setListRows(sharingSets),
        columns: [
          { key: 'set', name: messages.getMessage('column.set') },
          { key: 'label', name: messages.getMessage('column.label') },
          { key: 'profiles', name: messages.getMessage('column.profiles') },
          { key: 'object', name: messages.getMessage('column.object') },
          { key: 'objectField', name: messages.getMessage('column.objectField') },
          { key: 'userField', name: messages.getMessage('column.userField') },
          { key: 'access', name: messages.getMessage('column.access') },
        ],
      });
      const mappings = sharingSets.reduce((sum, set) => sum + set.accessMappings.length, 0);
      this.log(messages.getMessage('info.Summary', [sharingSets.length, mappings, orgName]));
    }
    return { sharingSets, apiCalls: client.calls, ...allowance };
  }
}
