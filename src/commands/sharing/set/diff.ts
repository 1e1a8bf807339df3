import { Messages, type Org } from '@salesforce/core';
import { ux } from '@oclif/core';
import { Flags, SfCommand, toHelpSection } from '@salesforce/sf-plugins-core';
import { EXIT } from '../../../cli/exitCodes.js';
import { diffSharingSets, type SharingSetDiff } from '../../../diff/diff.js';
import { clientForOrg, type ApiCallCounts } from '../../../org/client.js';
import { loadSharingSets } from '../../../org/sharingSets.js';
import { renderDiffMarkdown, renderDiffText, type Colourise, type DiffLineKind } from '../../../report/diffRender.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.set.diff');

/** An org one side of the diff was read from. */
export type DiffOrg = { kind: 'org'; org: string; orgId: string };

export type SharingSetDiffResult = {
  /** The org a deployment would change. */
  target: DiffOrg;
  /** The side compared with it. */
  source: DiffOrg;
  diff: SharingSetDiff;
  hasDrift: boolean;
  /** API calls made, over both orgs. */
  apiCalls: ApiCallCounts;
};

const COLOURS: Partial<Record<DiffLineKind, string>> = { added: 'green', removed: 'red', changed: 'yellow' };

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
    // No default: optionalOrg would otherwise fall back to the default org and compare it with itself.
    'compare-org': Flags.optionalOrg({
      char: 'c',
      summary: messages.getMessage('flags.compare-org.summary'),
      default: undefined,
      defaultHelp: undefined,
      required: true,
    }),
    'api-version': Flags.orgApiVersion(),
    name: Flags.string({
      char: 'n',
      summary: messages.getMessage('flags.name.summary'),
      multiple: true,
    }),
    'result-format': Flags.option({
      summary: messages.getMessage('flags.result-format.summary'),
      options: ['human', 'markdown'] as const,
      default: 'human',
    })(),
  };

  public async run(): Promise<SharingSetDiffResult> {
    const { flags } = await this.parse(SharingSetDiffCommand);
    const targetOrg = flags['target-org'];
    const compareOrg = flags['compare-org'];
    const target = describeOrg(targetOrg);
    const source = describeOrg(compareOrg);
    if (target.orgId === source.orgId && target.org === source.org) {
      this.warn(messages.getMessage('warning.SameOrg', [target.org]));
    }
    const targetClient = clientForOrg(targetOrg, flags['api-version']);
    const sourceClient = clientForOrg(compareOrg, flags['api-version']);

    const targetLabel = messages.getMessage('label.org', [target.org]);
    const sourceLabel = messages.getMessage('label.org', [source.org]);
    this.spinner.start(messages.getMessage('spinner.Reading', [targetLabel, sourceLabel]));
    const [targetSets, sourceSets] = await Promise.all([
      loadSharingSets(targetClient, flags.name),
      loadSharingSets(sourceClient, flags.name),
    ]);
    this.spinner.stop();

    const diff = diffSharingSets(targetSets.sharingSets, sourceSets.sharingSets, { names: flags.name });
    if (diff.notFound.length > 0) {
      throw messages.createError('error.NotFound', [diff.notFound.join(', '), target.org, source.org], [target.org]);
    }

    if (flags['result-format'] === 'markdown') {
      this.log(renderDiffMarkdown(diff, { targetLabel, sourceLabel }).trimEnd());
    } else {
      const colourise: Colourise | undefined = process.stdout.isTTY
        ? (text, kind): string => ux.colorize(COLOURS[kind], text)
        : undefined;
      this.log(renderDiffText(diff, { targetLabel, sourceLabel, colourise }).trimEnd());
    }
    if (diff.hasDrift) process.exitCode = EXIT.drift;
    return {
      target,
      source,
      diff,
      hasDrift: diff.hasDrift,
      apiCalls: sumCalls(targetClient.calls, sourceClient.calls),
    };
  }
}

function describeOrg(org: Org): DiffOrg {
  return { kind: 'org', org: org.getUsername() ?? org.getOrgId(), orgId: org.getOrgId() };
}

function sumCalls(a: ApiCallCounts, b: ApiCallCounts): ApiCallCounts {
  const total = { ...a };
  for (const key of Object.keys(total) as Array<keyof ApiCallCounts>) total[key] += b[key];
  return total;
}
