import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { buildProfileReport, type ProfileReport } from '../../../eligibility/profileReport.js';
import { clientForOrg, type ApiCallCounts, type DailyRequests } from '../../../org/client.js';
import { reportAllowance } from '../../../cli/allowance.js';
import { loadOrgSnapshot } from '../../../org/snapshot.js';
import { nameKey } from '../../../model/names.js';
import { readOnly } from '../../../cli/interrupt.js';
import { withoutStacks } from '../../../cli/jsonOutput.js';
import { asUsageError } from '../../../cli/exitCodes.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.profile.list');

export type SharingProfileListResult = ProfileReport & {
  apiCalls: ApiCallCounts;
  /** The org's daily API allowance, read when the command makes more than a handful of calls. */
  dailyApiRequests?: DailyRequests;
};

export default class SharingProfileList extends SfCommand<SharingProfileListResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'api-version': Flags.orgApiVersion(),
    profile: Flags.string({ char: 'p', summary: messages.getMessage('flags.profile.summary'), multiple: true }),
    'eligible-only': Flags.boolean({ summary: messages.getMessage('flags.eligible-only.summary') }),
    'include-internal': Flags.boolean({ summary: messages.getMessage('flags.include-internal.summary') }),
  };

  public async run(): Promise<SharingProfileListResult> {
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

  private async list(): Promise<SharingProfileListResult> {
    const { flags } = await this.parse(SharingProfileList);
    const org = flags['target-org'];
    const orgName = org.getUsername() ?? org.getOrgId();
    const client = clientForOrg(org, flags['api-version']);

    this.spinner.start(`Reading profiles, licenses and sharing sets from ${orgName}`);
    const { snapshot } = await loadOrgSnapshot(client, { profiles: true, activeUsers: true });
    this.spinner.stop();
    const allowance = reportAllowance(await client.allowance(), orgName, (message) => this.warn(message));

    const report = buildProfileReport(snapshot, {
      names: flags.profile,
      eligibleOnly: flags['eligible-only'],
      includeInternal: flags['include-internal'] || Boolean(flags.profile?.length),
    });
    const unknownNames = (flags.profile ?? []).filter(
      (name) =>
        !snapshot.profiles.some((profile) => nameKey(profile.name) === nameKey(name)) &&
        !report.missingProfiles.some((missing) => nameKey(missing.name) === nameKey(name))
    );
    if (unknownNames.length > 0) {
      throw messages.createError(
        'error.ProfileNotFound',
        [unknownNames.map((n) => `"${n}"`).join(', '), orgName],
        [orgName]
      );
    }
    if (report.missingProfiles.length > 0) {
      this.warn(
        messages.getMessage('warning.MissingProfiles', [
          report.missingProfiles.map((missing) => `"${missing.name}" (${missing.sharingSets.join(', ')})`).join('; '),
        ])
      );
    }
    this.render(report);
    return { ...report, apiCalls: client.calls, ...allowance };
  }

  private render(report: ProfileReport): void {
    const rows = [
      ...report.profiles.map((profile) => ({
        name: profile.name,
        license: profile.licenseName ?? '',
        eligibility: profile.eligibility,
        activeUsers: profile.activeUsers ?? '',
        sharingSets: profile.sharingSets.join(', '),
      })),
      ...report.missingProfiles.map((missing) => ({
        name: missing.name,
        license: messages.getMessage('value.missing'),
        eligibility: 'unknown',
        activeUsers: '',
        sharingSets: missing.sharingSets.join(', '),
      })),
    ];
    // The reasons are sentences: in a column they make the table too wide to read at 80-120 columns. The table holds
    // the short facts (the user type is in --json and in the reasons); the reasons follow it for every profile that
    // cannot (or may not) use sharing sets.
    this.table({
      data: rows,
      columns: [
        { key: 'name', name: messages.getMessage('column.name') },
        { key: 'license', name: messages.getMessage('column.license') },
        { key: 'eligibility', name: messages.getMessage('column.eligibility') },
        { key: 'activeUsers', name: messages.getMessage('column.activeUsers') },
        { key: 'sharingSets', name: messages.getMessage('column.sharingSets') },
      ],
    });
    const why = report.profiles.filter((profile) => profile.eligibility !== 'eligible');
    if (why.length > 0) {
      this.log(messages.getMessage('info.WhyNot'));
      for (const profile of why) this.log(`  - ${profile.reason}`);
      this.log('');
    }
    const count = (value: string): number => report.profiles.filter((row) => row.eligibility === value).length;
    this.log(
      messages.getMessage('info.Summary', [
        report.profiles.length,
        count('eligible'),
        count('ineligible'),
        count('unknown'),
      ])
    );
    if (report.hiddenInternal > 0) this.log(messages.getMessage('info.HiddenInternal', [report.hiddenInternal]));
  }
}
