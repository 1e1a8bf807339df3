import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import type { ApiCallCounts, DailyRequests } from '../../../org/client.js';
import { listSharingSetNames, readSharingSets } from '../../../org/sharingSets.js';
import { findByName, uniqueNames } from '../../../model/names.js';
import { interruptSays } from '../../../cli/interrupt.js';
import { finishSession, namedMessage, openOrg, parseFlags, runCommand } from '../../../cli/command.js';
import {
  checkTargets,
  planLayout,
  shownPath,
  writeRetrievedSet,
  type RetrievedFile,
} from '../../../cli/retrieveSupport.js';
import { safeBlock } from '../../../report/sanitize.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.set.retrieve');

export type { RetrievedFile } from '../../../cli/retrieveSupport.js';

export type SharingSetRetrieveResult = {
  /** The folder given, absolute. */
  outputDir: string;
  /** The project's default package directory the new files went into (relative to outputDir), for an SFDX project. */
  packageDirectory?: string;
  /** One entry per sharing set, sorted by API name. */
  files: RetrievedFile[];
  apiCalls: ApiCallCounts;
  /** The org's daily API allowance, read when the command makes more than a handful of calls. */
  dailyApiRequests?: DailyRequests;
};

export default class SharingSetRetrieve extends SfCommand<SharingSetRetrieveResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'api-version': Flags.orgApiVersion(),
    'output-dir': Flags.directory({
      char: 'd',
      summary: messages.getMessage('flags.output-dir.summary'),
      required: true,
    }),
    name: Flags.string({ char: 'n', summary: messages.getMessage('flags.name.summary'), multiple: true }),
    force: Flags.boolean({ summary: messages.getMessage('flags.force.summary') }),
    'backup-dir': Flags.directory({ summary: messages.getMessage('flags.backup-dir.summary') }),
  };

  /** Files written so far, and how many there are to write: what an interrupt reports. */
  private done = { written: 0, total: 0, dir: '' };

  public async run(): Promise<SharingSetRetrieveResult> {
    return runCommand(this, () => this.retrieve());
  }

  private async retrieve(): Promise<SharingSetRetrieveResult> {
    const { flags } = await parseFlags(this.parse(SharingSetRetrieve));
    const force = Boolean(flags.force);
    const layout = await planLayout(flags['output-dir']);
    this.done.dir = layout.outputDir;
    const session = await openOrg(flags['target-org'], flags['api-version']);
    const orgName = session.orgName;

    // The names first (one call): typed names resolve to the org's spelling, and every file is checked before the
    // definitions are read in bulk.
    this.spinner.start(messages.getMessage('spinner.Listing', [orgName]));
    const inOrg = await listSharingSetNames(session.client);
    this.spinner.stop();
    const asked = flags.name ? uniqueNames(flags.name) : undefined;
    const missing = (asked ?? []).filter((name) => !findByName(inOrg, name, (each) => each));
    if (missing.length > 0) throw messages.createError('error.NotFound', [missing.join(', '), orgName], [orgName]);
    const names = asked ? asked.map((name) => findByName(inOrg, name, (each) => each) as string) : inOrg;
    await checkTargets(layout, names, force, flags['backup-dir']);

    const files: RetrievedFile[] = [];
    if (names.length > 0) {
      this.spinner.start(messages.getMessage('spinner.Reading', [names.length, orgName]));
      const { sharingSets } = await readSharingSets(session.client, names);
      this.spinner.stop();
      this.done.total = sharingSets.length;
      // Until the sets are read, nothing is written; then each file appears whole or not at all.
      if (this.done.total > 0) interruptSays(this, () => namedMessage(messages, 'info.Interrupted', this.done));
      for (const set of sharingSets) {
        // eslint-disable-next-line no-await-in-loop -- one file after the other: an interrupt reports how many are whole
        const file = await writeRetrievedSet(layout, set, force, flags['backup-dir']);
        files.push(file);
        this.done.written++;
        this.log(safeBlock(messages.getMessage('info.Written', [actionWord(file), shownPath(file.path)])));
        if (file.backup) this.info(safeBlock(messages.getMessage('info.Backup', [shownPath(file.path), file.backup])));
      }
    }
    const figures = await finishSession(session, this);
    if (files.length === 0) this.log(messages.getMessage('info.Empty', [orgName]));
    else {
      const unchanged = files.filter((file) => file.action === 'unchanged').length;
      const summary = [files.length - unchanged, orgName, shownPath(layout.outputDir), unchanged];
      this.logSuccess(safeBlock(messages.getMessage('info.Summary', summary)));
    }
    return {
      outputDir: layout.outputDir,
      ...(layout.packageDirectory === undefined ? {} : { packageDirectory: layout.packageDirectory }),
      files,
      ...figures,
    };
  }
}

/** The action of a file, padded so the paths line up. */
function actionWord(file: RetrievedFile): string {
  return messages.getMessage(`info.action.${file.action}`).padEnd(9);
}
