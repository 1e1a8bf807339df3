import { Messages } from '@salesforce/core';
import { ux } from '@oclif/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { buildProfileReport, type ProfileReport } from '../../../eligibility/profileReport.js';
import type { ApiCallCounts, DailyRequests } from '../../../org/client.js';
import { loadOrgSnapshot } from '../../../org/snapshot.js';
import { closestName, hasName } from '../../../model/names.js';
import { safeValue } from '../../../report/sanitize.js';
import { finishSession, openOrg, parseFlags, runCommand } from '../../../cli/command.js';
import {
  eligibilityCounts,
  missingProfilesText,
  PROFILE_COLUMNS,
  PROFILE_WRAP,
  profileTableRows,
  whyNotLines,
} from '../../../report/profileTable.js';
import { renderTable, STATUS_COLOURS, tableColumns, terminalWidth, wrapLines } from '../../../report/table.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.profile.list');
const errorMessages = Messages.loadMessages('plugin-sharing', 'errors');

export type SharingProfileListResult = ProfileReport & {
  apiCalls: ApiCallCounts;
  /** The org's daily API allowance, read when the command makes more than a handful of calls. */
  dailyApiRequests?: DailyRequests;
  /**
   * True when the org refused to show its sharing sets (no Metadata API access): every row's `sharingSets` is then
   * unknown rather than empty.
   */
  sharingSetsUnreadable?: boolean;
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
    return runCommand(this, () => this.list());
  }

  private async list(): Promise<SharingProfileListResult> {
    const { flags } = await parseFlags(this.parse(SharingProfileList));
    const session = await openOrg(flags['target-org'], flags['api-version']);
    const orgName = session.orgName;

    this.spinner.start(messages.getMessage('spinner.Reading', [session.orgLabel]));
    const { snapshot, sharingSetsUnreadable } = await loadOrgSnapshot(session.client, {
      profiles: true,
      activeUsers: true,
      sharingSetsOptional: true,
    });
    this.spinner.stop();
    if (sharingSetsUnreadable) this.warn(errorMessages.getMessage('warning.SharingSetsUnreadable', [orgName]));
    const figures = await finishSession(session, this);

    const report = buildProfileReport(snapshot, {
      names: flags.profile,
      eligibleOnly: flags['eligible-only'],
      includeInternal: flags['include-internal'] || Boolean(flags.profile?.length),
    });
    const orgProfiles = snapshot.profiles.map((profile) => profile.name);
    const known = [...orgProfiles, ...report.missingProfiles.map((m) => m.name)];
    const unknownNames = (flags.profile ?? []).filter((name) => !hasName(known, name));
    if (unknownNames.length > 0) {
      // Each unknown name with the profile a typo most likely meant (names.ts closestName, as the audit suggests).
      const names = unknownNames
        .map((name) => {
          const meant = closestName(name, orgProfiles);
          return meant
            ? messages.getMessage('error.ProfileNotFound.meant', [safeValue(name), safeValue(meant)])
            : `"${safeValue(name)}"`;
        })
        .join(', ');
      throw messages.createError('error.ProfileNotFound', [names, orgName], [orgName]);
    }
    if (report.missingProfiles.length > 0) {
      this.warn(messages.getMessage('warning.MissingProfiles', [missingProfilesText(report)]));
    }
    this.render(report, sharingSetsUnreadable);
    return { ...report, ...(sharingSetsUnreadable ? { sharingSetsUnreadable } : {}), ...figures };
  }

  private render(report: ProfileReport, sharingSetsUnreadable?: boolean): void {
    const rows = profileTableRows(report, messages.getMessage('value.missing'));
    const unreadable = messages.getMessage('value.unreadable');
    const width = terminalWidth(process.stdout, process.env.OCLIF_TABLE_COLUMN_OVERRIDE);
    this.log(
      renderTable({
        rows: sharingSetsUnreadable ? rows.map((row) => ({ ...row, sharingSets: unreadable })) : rows,
        columns: tableColumns(PROFILE_COLUMNS, (key) => messages.getMessage(`column.${key}`), PROFILE_WRAP),
        width,
        colour: (key, text) => (key === 'eligibility' ? ux.colorize(STATUS_COLOURS[text], text) : text),
      })
    );
    const why = whyNotLines(report);
    if (why.length > 0) {
      this.log(messages.getMessage('info.WhyNot'));
      for (const line of wrapLines(why, width)) this.log(line);
      this.log('');
    }
    this.log(messages.getMessage('info.Summary', eligibilityCounts(report)));
    if (report.hiddenInternal > 0) this.log(messages.getMessage('info.HiddenInternal', [report.hiddenInternal]));
  }
}
