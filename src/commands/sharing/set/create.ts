import { basename } from 'node:path';
import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { RULES, runAudit } from '../../../audit/index.js';
import type { Finding } from '../../../audit/types.js';
import { readTextFile } from '../../../io/files.js';
import { mappingKey } from '../../../model/names.js';
import { parseMappingSpec } from '../../../model/mappingSpec.js';
import type { AccessMapping, SharingSet } from '../../../model/types.js';
import { clientForOrg, type ApiCallCounts } from '../../../org/client.js';
import { loadSharingSets } from '../../../org/sharingSets.js';
import { loadOrgSnapshot } from '../../../org/snapshot.js';
import { writeSharingSet } from '../../../org/writes.js';
import {
  backupSharingSet,
  parseSharingSetXml,
  serializeSharingSet,
  validateApiName,
  writeSharingSetFile,
} from '../../../source/index.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-sharing', 'sharing.set.create');

/** A problem found while checking the definition, with what to do about it. */
export type CreateProblem = { ruleId: string; severity: string; confidence: string; message: string; fix: string };

export type SharingSetCreateResult = {
  sharingSet: SharingSet;
  /** What happened: created / updated in the org, or nothing (dry run). */
  action: 'created' | 'updated' | 'none';
  dryRun: boolean;
  /** Whether the definition was checked against an org. */
  checkedAgainstOrg: boolean;
  /** Problems that did not block the write (warnings, advisories). */
  warnings: CreateProblem[];
  /** Source file written, when --output-dir was given. */
  file?: string;
  /** Backups of what was replaced. */
  backups: string[];
  apiCalls?: ApiCallCounts;
};

export default class SharingSetCreate extends SfCommand<SharingSetCreateResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.optionalOrg(),
    'api-version': Flags.orgApiVersion(),
    name: Flags.string({ char: 'n', summary: messages.getMessage('flags.name.summary') }),
    label: Flags.string({ char: 'l', summary: messages.getMessage('flags.label.summary') }),
    description: Flags.string({ summary: messages.getMessage('flags.description.summary') }),
    profile: Flags.string({ char: 'p', summary: messages.getMessage('flags.profile.summary'), multiple: true }),
    mapping: Flags.string({ char: 'm', summary: messages.getMessage('flags.mapping.summary'), multiple: true }),
    'definition-file': Flags.file({
      char: 'f',
      summary: messages.getMessage('flags.definition-file.summary'),
      exists: true,
    }),
    'output-dir': Flags.directory({ char: 'd', summary: messages.getMessage('flags.output-dir.summary') }),
    update: Flags.boolean({ summary: messages.getMessage('flags.update.summary') }),
    'dry-run': Flags.boolean({ summary: messages.getMessage('flags.dry-run.summary') }),
    'backup-dir': Flags.directory({ summary: messages.getMessage('flags.backup-dir.summary') }),
  };

  public async run(): Promise<SharingSetCreateResult> {
    const { flags } = await this.parse(SharingSetCreate);
    const org = flags['target-org'];
    if (!org && !flags['output-dir']) throw messages.createError('error.NoDestination');
    const candidate = await this.buildCandidate(flags);
    const result: SharingSetCreateResult = {
      sharingSet: candidate,
      action: 'none',
      dryRun: flags['dry-run'],
      checkedAgainstOrg: Boolean(org),
      warnings: [],
      backups: [],
    };

    if (org) {
      const client = clientForOrg(org, flags['api-version']);
      result.apiCalls = client.calls;
      const orgName = org.getUsername() ?? org.getOrgId();
      this.spinner.start(`Checking ${candidate.fullName} against ${orgName}`);
      const existing = await this.check(client, candidate, orgName, flags.update, result);
      this.spinner.stop();
      if (!flags['dry-run']) {
        if (existing) {
          const backup = await backupSharingSet(existing, flags['backup-dir']);
          result.backups.push(backup);
          this.info(messages.getMessage('info.Backup', [existing.fullName, backup]));
        }
        const operation = existing ? 'update' : 'create';
        result.sharingSet = await writeSharingSet(client, candidate, operation, orgName);
        result.action = existing ? 'updated' : 'created';
        this.logSuccess(messages.getMessage(existing ? 'info.Updated' : 'info.Created', [candidate.fullName, orgName]));
      }
    } else {
      this.info(messages.getMessage('info.NotChecked'));
    }

    if (flags['output-dir']) await this.writeFile(flags['output-dir'], candidate, flags, result);
    if (flags['dry-run'] && !this.jsonEnabled()) {
      this.log(messages.getMessage('info.DryRun', [org ? 'sent to the org' : 'written']));
      this.log(serializeSharingSet(candidate));
    }
    return result;
  }

  /** The sharing set the flags (or the definition file) describe; every problem with the input is reported at once. */
  private async buildCandidate(flags: {
    name?: string;
    label?: string;
    description?: string;
    profile?: string[];
    mapping?: string[];
    'definition-file'?: string;
  }): Promise<SharingSet> {
    const file = flags['definition-file'];
    if (file) {
      const conflicts = (['profile', 'mapping', 'label', 'description'] as const).filter(
        (key) => flags[key] !== undefined
      );
      if (conflicts.length > 0) {
        throw messages.createError('error.DefinitionConflict', [conflicts.map((key) => `--${key}`).join(', ')]);
      }
      const fullName =
        flags.name ??
        basename(file)
          .replace(/\.sharingSet(-meta\.xml)?$/, '')
          .replace(/-\d{8}T\d{6}Z$/, '');
      return parseSharingSetXml(await readTextFile(file, 1024 * 1024), file, fullName);
    }
    if (!flags.name) throw messages.createError('error.NameNeeded');
    const problems: string[] = [];
    const nameProblem = validateApiName(flags.name);
    if (nameProblem) problems.push(`--name: ${nameProblem}`);
    const mappings: AccessMapping[] = [];
    for (const text of flags.mapping ?? []) {
      const parsed = parseMappingSpec(text);
      if ('problem' in parsed) problems.push(messages.getMessage('error.BadMapping', [text, parsed.problem]));
      else if (mappings.some((mapping) => mappingKey(mapping) === mappingKey(parsed.mapping))) {
        problems.push(`--mapping "${text}": the same object, objectField and userField are mapped twice`);
      } else mappings.push(parsed.mapping);
    }
    if ((flags.description?.length ?? 0) > 255) problems.push('--description: at most 255 characters');
    if (problems.length > 0) throw messages.createError('error.Invalid', [flags.name, bullets(problems)]);
    return {
      fullName: flags.name,
      label: flags.label ?? flags.name.replace(/_/g, ' '),
      ...(flags.description ? { description: flags.description } : {}),
      profiles: [...new Map((flags.profile ?? []).map((name) => [name.toLowerCase(), name])).values()],
      accessMappings: mappings,
    };
  }

  /**
   * Checks the candidate against the org with the audit's own rules (one copy of the logic) and returns the set it
   * would replace. Errors of high confidence block; the rest are warnings.
   */
  private async check(
    client: ReturnType<typeof clientForOrg>,
    candidate: SharingSet,
    orgName: string,
    update: boolean,
    result: SharingSetCreateResult
  ): Promise<SharingSet | undefined> {
    const { sharingSets } = await loadSharingSets(client);
    const existing = sharingSets.find((set) => set.fullName.toLowerCase() === candidate.fullName.toLowerCase());
    if (existing && !update) throw messages.createError('error.AlreadyExists', [candidate.fullName, orgName]);
    const others = sharingSets.filter((set) => set !== existing);
    const { snapshot } = await loadOrgSnapshot(client, {
      org: orgName,
      sharingSets: [...others, candidate],
      profiles: true,
      objects: true,
    });
    const findings = runAudit(snapshot).findings.filter((finding) => concernsCandidate(finding, candidate));
    const blocking = findings.filter((finding) => finding.severity === 'error' && finding.confidence === 'high');
    result.warnings = findings.filter((finding) => !blocking.includes(finding)).map(toProblem);
    if (blocking.length > 0) {
      throw messages.createError('error.Invalid', [
        candidate.fullName,
        bullets(blocking.map((finding) => `${finding.message} Fix: ${toProblem(finding).fix}`)),
      ]);
    }
    for (const warning of result.warnings)
      this.warn(`${warning.message} (${warning.ruleId}, ${warning.confidence} confidence)`);
    return existing;
  }

  private async writeFile(
    outputDir: string,
    candidate: SharingSet,
    flags: { update: boolean; 'dry-run': boolean; 'backup-dir'?: string },
    result: SharingSetCreateResult
  ): Promise<void> {
    if (flags['dry-run']) return;
    const written = await writeSharingSetFile(outputDir, candidate, {
      format: 'source',
      overwrite: flags.update,
      backupDir: flags['backup-dir'],
    });
    result.file = written.path;
    if (written.backup) result.backups.push(written.backup);
    this.logSuccess(messages.getMessage('info.FileWritten', [written.path]));
  }
}

function concernsCandidate(finding: Finding, candidate: SharingSet): boolean {
  return finding.target.sharingSet?.toLowerCase() === candidate.fullName.toLowerCase();
}

function toProblem(finding: Finding): CreateProblem {
  const rule = RULES.find((candidate) => candidate.meta.id === finding.ruleId);
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    confidence: finding.confidence,
    message: finding.message,
    fix: rule?.meta.remediation ?? '',
  };
}

function bullets(lines: string[]): string {
  return lines.map((line) => `  - ${line}`).join('\n');
}
