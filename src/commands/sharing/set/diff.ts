import { Messages, type Org } from '@salesforce/core';
import { ux } from '@oclif/core';
import { Flags, SfCommand, toHelpSection } from '@salesforce/sf-plugins-core';
import { EXIT, asUsageError } from '../../../cli/exitCodes.js';
import { diffSharingSets, type SharingSetDiff } from '../../../diff/diff.js';
import type { SharingSet } from '../../../model/types.js';
import { clientForOrg, type ApiCallCounts, type DailyRequests } from '../../../org/client.js';
import { reportAllowance } from '../../../cli/allowance.js';
import { loadSharingSets } from '../../../org/sharingSets.js';
import { renderDiffMarkdown, renderDiffText, type Colourise, type DiffLineKind } from '../../../report/diffRender.js';
import { loadProjectSharingSets, ProjectError } from '../../../source/index.js';
import { readOnly } from '../../../cli/interrupt.js';
import { withoutStacks } from '../../../cli/jsonOutput.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.set.diff');
const errorMessages = Messages.loadMessages('plugin-sharing', 'errors');

/** An org one side of the diff was read from. */
export type DiffOrg = {
  kind: 'org';
  org: string;
  orgId: string;
  /** The org's daily API allowance, read when the diff makes more than a handful of calls to it. */
  dailyApiRequests?: DailyRequests;
};
/** A local project the source side was read from (its root, absolute). */
export type DiffProject = { kind: 'project'; sourceDir: string };

export type SharingSetDiffResult = {
  /** The org a deployment would change. */
  target: DiffOrg;
  /** The side compared with it: the project or the org it would be deployed from. */
  source: DiffOrg | DiffProject;
  diff: SharingSetDiff;
  hasDrift: boolean;
  /** API calls made, over both orgs. */
  apiCalls: ApiCallCounts;
};

type OrgSide = { info: DiffOrg; label: string; sharingSets: SharingSet[]; calls: ApiCallCounts };
type ProjectSide = { info: DiffProject; label: string; sharingSets: SharingSet[]; calls?: undefined };

const COLOURS: Partial<Record<DiffLineKind, string>> = { added: 'green', removed: 'red', changed: 'yellow' };
const SOURCES = ['source-dir', 'compare-org'];

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
    // No default: optionalOrg would otherwise fall back to the default org, which breaks exactlyOne.
    'compare-org': Flags.optionalOrg({
      char: 'c',
      summary: messages.getMessage('flags.compare-org.summary'),
      default: undefined,
      defaultHelp: undefined,
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
    return readOnly(() => this.compare());
  }

  /** --json errors without stack traces unless debugging (src/cli/jsonOutput.ts). */
  public logJson(json: unknown): void {
    super.logJson(withoutStacks(json));
  }

  /** Bad flag values exit 2, like oclif's own parse errors (src/cli/exitCodes.ts). */
  protected catch(error: Error): Promise<never> {
    return super.catch(asUsageError(error));
  }

  private async compare(): Promise<SharingSetDiffResult> {
    const { flags } = await this.parse(SharingSetDiffCommand);
    const compareOrg = flags['compare-org'] as Org | undefined;
    const readOrg = async (org: Org): Promise<OrgSide> => {
      const info: DiffOrg = { kind: 'org', org: org.getUsername() ?? org.getOrgId(), orgId: org.getOrgId() };
      const client = clientForOrg(org, flags['api-version']);
      const { sharingSets } = await loadSharingSets(client, flags.name);
      const allowance = reportAllowance(await client.allowance(), info.org, (message) => this.warn(message));
      return {
        info: { ...info, ...allowance },
        label: messages.getMessage('label.org', [info.org]),
        sharingSets,
        calls: client.calls,
      };
    };
    if (compareOrg?.getOrgId() === flags['target-org'].getOrgId()) {
      this.warn(messages.getMessage('warning.SameOrg', [compareOrg.getUsername() ?? compareOrg.getOrgId()]));
    }

    this.spinner.start(messages.getMessage('spinner.Reading'));
    const [target, source] = await Promise.all([
      readOrg(flags['target-org']),
      compareOrg ? readOrg(compareOrg) : readProject(flags['source-dir'] as string),
    ]);
    this.spinner.stop();
    if (source.info.kind === 'project' && source.sharingSets.length === 0) {
      this.warn(messages.getMessage('warning.NoSharingSets', [source.info.sourceDir]));
    }

    const diff = diffSharingSets(target.sharingSets, source.sharingSets, { names: flags.name });
    if (diff.notFound.length > 0) {
      const where = [diff.notFound.join(', '), target.label, source.label];
      throw messages.createError('error.NotFound', where, [target.info.org]);
    }
    const labels = { targetLabel: target.label, sourceLabel: source.label };
    if (flags['result-format'] === 'markdown') {
      this.log(renderDiffMarkdown(diff, labels).trimEnd());
    } else {
      const colourise: Colourise | undefined = process.stdout.isTTY
        ? (text, kind): string => ux.colorize(COLOURS[kind], text)
        : undefined;
      this.log(renderDiffText(diff, { ...labels, colourise }).trimEnd());
    }
    if (diff.hasDrift) process.exitCode = EXIT.drift;
    const apiCalls = { ...target.calls };
    for (const key of Object.keys(apiCalls) as Array<keyof ApiCallCounts>) apiCalls[key] += source.calls?.[key] ?? 0;
    return { target: target.info, source: source.info, diff, hasDrift: diff.hasDrift, apiCalls };
  }
}

/** The project's sharing sets; broken files fail the diff, which would otherwise report their sets as missing. */
async function readProject(dir: string): Promise<ProjectSide> {
  try {
    const { root, sharingSets, problems } = await loadProjectSharingSets(dir);
    if (problems.length > 0) {
      const list = problems.map((problem) => `  ${problem.file}:${problem.line ?? 1}: ${problem.message}`);
      throw messages.createError('error.SourceProblems', [problems.length, list.join('\n')]);
    }
    return {
      info: { kind: 'project', sourceDir: root },
      label: messages.getMessage('label.project', [dir]),
      sharingSets,
    };
  } catch (error) {
    if (error instanceof ProjectError) throw errorMessages.createError('error.BadProject', [error.file, error.message]);
    throw error;
  }
}
