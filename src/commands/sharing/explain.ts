import { Messages } from '@salesforce/core';
import { Flags, SfCommand, toHelpSection } from '@salesforce/sf-plugins-core';
import { finishSession, openOrg, parseFlags, runCommand, type SessionFigures } from '../../cli/command.js';
import { EXIT } from '../../cli/exitCodes.js';
import { idProblem, toId18 } from '../../explain/ids.js';
import { explainRecord, judgeUser, setsForProfile, type RecordExplanation } from '../../explain/match.js';
import { nameKey, uniqueNames } from '../../model/names.js';
import { loadExplain, type ExplainData } from '../../org/explain.js';
import { renderExplain, type ExplainView } from '../../report/explainRender.js';
import { terminalWidth, wrapLines } from '../../report/table.js';
import { safeBlock } from '../../report/sanitize.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.explain');

/** UserRecordAccess answers for at most 200 records (docs/salesforce-facts.md §6). */
const MAX_RECORDS = 200;

export type SharingExplainResult = ExplainView & {
  /** Records explained: each with access, grantedBy, mappings, objectPermission, externalOwd, salesforceAnswer. */
  records: RecordExplanation[];
  /** Dependent round trips the reads took. */
  roundTrips: number;
} & SessionFigures;

export default class SharingExplain extends SfCommand<SharingExplainResult> {
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
    user: Flags.string({ char: 'u', summary: messages.getMessage('flags.user.summary'), required: true }),
    record: Flags.string({ char: 'r', summary: messages.getMessage('flags.record.summary'), multiple: true }),
    'result-format': Flags.option({
      summary: messages.getMessage('flags.result-format.summary'),
      options: ['human', 'markdown'] as const,
      default: 'human',
    })(),
    redact: Flags.boolean({ summary: messages.getMessage('flags.redact.summary') }),
  };

  public async run(): Promise<SharingExplainResult> {
    return runCommand(this, () => this.explain());
  }

  private async explain(): Promise<SharingExplainResult> {
    const { flags } = await parseFlags(this.parse(SharingExplain));
    const records = checkIds(flags.record ?? []);
    const user = flags.user.startsWith('005') ? toId18(checkIds([flags.user])[0]) : flags.user;
    const session = await openOrg(flags['target-org'], flags['api-version']);

    this.spinner.start(messages.getMessage('spinner.Reading', [session.orgName]));
    const data = await loadExplain(session.client, { user, records });
    this.spinner.stop();
    const view = this.judge(data, flags.user, session.orgName);
    const figures = await finishSession(session, this);
    if (!this.jsonEnabled()) {
      const markdown = flags['result-format'] === 'markdown';
      const lines = renderExplain(view, { markdown, redact: flags.redact });
      // Markdown is for a ticket or a file: its lines stay whole.
      const width = markdown ? undefined : terminalWidth(process.stdout, process.env.OCLIF_TABLE_COLUMN_OVERRIDE);
      for (const line of wrapLines(lines, width)) this.log(line);
    }
    return { ...view, roundTrips: data.roundTrips, ...figures };
  }

  /** The user's and each record's verdict; bad input (unknown, inactive or internal user, unseen records) throws. */
  private judge(data: ExplainData, given: string, orgName: string): ExplainView {
    const user = data.user;
    if (!user) throw messages.createError('error.UserNotFound', [given, orgName], [], EXIT.usage);
    const verdict = judgeUser(user);
    if (verdict.code === 'inactive') throw messages.createError('error.UserInactive', [user.username], [], EXIT.usage);
    if (!verdict.applies) {
      throw messages.createError('error.UserInternal', [user.username, verdict.classification.reason], [], EXIT.usage);
    }
    if (data.notFound.length > 0) {
      throw messages.createError('error.RecordsNotFound', [data.notFound.join(', ')], [], EXIT.usage);
    }
    if (verdict.code === 'unknown-license') {
      this.warn(safeBlock(messages.getMessage('warning.UnknownLicense', [user.username, verdict.reason])));
    }
    const notes: string[] = [];
    if (data.salesforceProblem) notes.push(messages.getMessage('warning.SalesforceUnread', [data.salesforceProblem]));
    if (data.permissionProblem) notes.push(messages.getMessage('warning.PermissionsUnread', [data.permissionProblem]));
    for (const note of notes) this.warn(safeBlock(note));
    const records = data.records.map((record) =>
      explainRecord(
        user,
        data.sets,
        data.objects[nameKey(record.object)] ?? { name: record.object },
        record,
        data.salesforce?.[record.id]
      )
    );
    return {
      user: {
        id: user.id,
        username: user.username,
        ...(user.name ? { name: user.name } : {}),
        active: user.isActive,
        profile: user.profile.name,
        ...(user.profile.licenseName ? { license: user.profile.licenseName } : {}),
        eligibility: verdict.classification.eligibility,
        reason: verdict.reason,
        ...(user.account ? { account: user.account } : {}),
        ...(user.contact ? { contact: user.contact } : {}),
        ...(user.manager ? { manager: user.manager } : {}),
      },
      sharingSets: setsForProfile(data.sets, user.profile.name).map((set) => set.fullName),
      records,
      ...(data.reach ? { reach: data.reach } : {}),
      notes,
    };
  }
}

/** The Ids given, each checked (exit 2 with what is wrong) and in 18-character form, at most 200. */
function checkIds(values: string[]): string[] {
  for (const value of values) {
    const problem = idProblem(value);
    if (problem) {
      throw messages.createError('error.NotAnId', [value, messages.getMessage(`problem.${problem}`)], [], EXIT.usage);
    }
  }
  const ids = uniqueNames(values.map(toId18));
  if (ids.length > MAX_RECORDS) throw messages.createError('error.TooManyRecords', [ids.length], [], EXIT.usage);
  return ids;
}
