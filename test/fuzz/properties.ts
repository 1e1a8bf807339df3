/**
 * The readers' properties (issue 20, point 2), checked in-process on generated inputs (test/fuzz/inputs.ts): every
 * input ends in a result or a clear error naming the file (and its line, where there is one), within a time bound,
 * never an unexpected exception; a sharing-set file the reader accepts writes back to an XSD-valid file that reads to
 * the same definition. Each check returns what it saw, so the unit test and `npm run fuzz` count the same things.
 */
/* eslint-disable no-param-reassign -- the figures are counters, updated in place */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { OutputPathError } from '../../src/io/files.js';
import type { SharingSet } from '../../src/model/types.js';
import {
  ProjectError,
  SharingSetFileError,
  loadSourceSnapshot,
  parseSharingSetXml,
  readSharingSetFile,
  serializeSharingSet,
} from '../../src/source/index.js';
import { pluginRoot } from '../helpers/e2e.js';
import type { ProjectInput, SharingSetInput, SpecialEntry } from './inputs.js';

/** How long one input may take to read, parse and judge (a huge or deep input included). */
export const TIME_BOUND_MS = 10_000;

export type Outcome = {
  verdict: 'accepted' | 'rejected' | 'crash';
  /** Property violations (empty when the input behaved). */
  violations: string[];
  /** The rejection's stable code, for the figures. */
  code?: string;
  ms: number;
};

const xsd = readFileSync(join(pluginRoot, 'test', 'fixtures', 'xml', 'sharingset.xsd'), 'utf8');

/** libxml2's complaints about `xml` against the WSDL's SharingSet type. */
export async function xsdErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'set.xml', contents: xml }],
    schema: [{ fileName: 'sharingset.xsd', contents: xsd }],
  });
  return result.errors.map((error) => error.rawMessage);
}

const KNOWN = [SharingSetFileError, OutputPathError, ProjectError];

/** An error the plugin means (one of its classes) whose message names `file`; else why not. */
function judgeError(error: unknown, file: string): { code?: string; violations: string[] } {
  if (!KNOWN.some((known) => error instanceof known)) {
    return {
      violations: [
        `unexpected ${(error as Error)?.name ?? typeof error}: ${String((error as Error)?.message ?? error)}`,
      ],
    };
  }
  const message = (error as Error).message;
  const violations: string[] = [];
  if (error instanceof ProjectError) {
    // The command prints ProjectError.file before the message (errors.md, BadProject).
    if (basename(error.file) !== basename(file)) violations.push(`the project error names ${error.file}, not ${file}`);
  } else if (!message.includes(basename(file))) {
    violations.push(`the error does not name ${basename(file)}: ${message.slice(0, 200)}`);
  }
  if (error instanceof SharingSetFileError && !(error.line >= 1))
    violations.push(`no line in ${message.slice(0, 200)}`);
  if (/\n\s+at /.test(message)) violations.push('a stack trace in the message');
  return { code: error instanceof SharingSetFileError ? error.code : (error as Error).name, violations };
}

const withoutLocation = (set: SharingSet): SharingSet => {
  const { location, ...rest } = set;
  void location;
  return rest;
};

/** Writes one sharing-set file into `dir` (a project) and reads it as the commands do. */
export async function checkSharingSetFile(input: SharingSetInput, dir: string): Promise<Outcome> {
  const folder = join(dir, 'force-app', 'main', 'default', 'sharingSets');
  await mkdir(folder, { recursive: true });
  const file = join(folder, `${input.fileName}.sharingSet-meta.xml`);
  await writeFile(file, input.bytes);
  const started = performance.now();
  let set: SharingSet | undefined;
  let judged: { code?: string; violations: string[] } = { violations: [] };
  try {
    set = await readSharingSetFile(file, `force-app/main/default/sharingSets/${basename(file)}`);
  } catch (error) {
    judged = judgeError(error, file);
  }
  const ms = performance.now() - started;
  const violations = [...judged.violations];
  if (ms > TIME_BOUND_MS) violations.push(`took ${Math.round(ms)} ms (bound ${TIME_BOUND_MS} ms)`);
  if (set) violations.push(...(await roundTrip(set)));
  const crashed = judged.violations.some((v) => v.startsWith('unexpected'));
  return {
    verdict: crashed ? 'crash' : set ? 'accepted' : 'rejected',
    violations,
    ...(judged.code ? { code: judged.code } : {}),
    ms,
  };
}

/** An accepted set, written back: XSD-valid, and read again to the same definition. */
async function roundTrip(set: SharingSet): Promise<string[]> {
  let xml: string;
  try {
    xml = serializeSharingSet(set);
  } catch (error) {
    return [`accepted, but cannot be written back: ${(error as Error).message}`];
  }
  const problems = (await xsdErrors(xml)).map((error) => `written back, not XSD-valid: ${error}`);
  try {
    const again = parseSharingSetXml(xml, 'again.sharingSet-meta.xml', set.fullName);
    if (JSON.stringify(withoutLocation(again)) !== JSON.stringify(withoutLocation(set))) {
      problems.push(`written back, reads differently: ${JSON.stringify(withoutLocation(again)).slice(0, 300)}`);
    }
  } catch (error) {
    problems.push(`written back, not readable: ${(error as Error).message}`);
  }
  return problems;
}

/** Writes a whole project into `dir` and reads it as `audit --source-dir` does. */
export async function checkProject(input: ProjectInput, dir: string): Promise<Outcome> {
  const base = join(dir, 'force-app', 'main', 'default');
  await mkdir(join(base, 'sharingSets'), { recursive: true });
  await writeFile(join(dir, 'sfdx-project.json'), input.projectJson);
  for (const [i, set] of input.sharingSets.entries()) {
    // eslint-disable-next-line no-await-in-loop -- a handful of small files
    await writeFile(
      join(base, 'sharingSets', `${set.fileName}${i === 0 ? '' : `_${i}`}.sharingSet-meta.xml`),
      set.bytes
    );
  }
  if (input.profile) {
    await mkdir(join(base, 'profiles'), { recursive: true });
    await writeFile(join(base, 'profiles', 'Fuzz Profile.profile-meta.xml'), input.profile);
  }
  if (input.object !== undefined || input.field !== undefined) {
    await mkdir(join(base, 'objects', 'Invoice__c', 'fields'), { recursive: true });
    if (input.object !== undefined)
      await writeFile(join(base, 'objects', 'Invoice__c', 'Invoice__c.object-meta.xml'), input.object);
    if (input.field !== undefined) {
      await writeFile(join(base, 'objects', 'Invoice__c', 'fields', 'ContactLookup__c.field-meta.xml'), input.field);
    }
  }
  await plantSpecial(input.special ?? [], dir, base);
  try {
    return await judgeProject(dir);
  } finally {
    await rm(`${dir}-outside`, { recursive: true, force: true });
  }
}

/** Reads the project at `dir` and judges the outcome. */
async function judgeProject(dir: string): Promise<Outcome> {
  const started = performance.now();
  const violations: string[] = [];
  let verdict: Outcome['verdict'] = 'accepted';
  let code: string | undefined;
  try {
    const { snapshot, problems } = await loadSourceSnapshot(dir);
    if (snapshot.sharingSets.some((set) => set.fullName === OUTSIDE_SET))
      violations.push('a sharing set from outside the project was read as part of it');
    for (const problem of problems) {
      if (!problem.file) violations.push(`a problem without its file: ${problem.message}`);
      if (/\n\s+at /.test(problem.message)) violations.push('a stack trace in a problem');
    }
    if (problems.length > 0) {
      verdict = 'rejected';
      code = problems[0].code ?? 'problem';
    }
  } catch (error) {
    const judged = judgeError(error, join(dir, 'sfdx-project.json'));
    violations.push(...judged.violations);
    verdict = judged.violations.some((v) => v.startsWith('unexpected')) ? 'crash' : 'rejected';
    code = judged.code;
  }
  const ms = performance.now() - started;
  if (ms > TIME_BOUND_MS) violations.push(`took ${Math.round(ms)} ms (bound ${TIME_BOUND_MS} ms)`);
  return { verdict, violations, ...(code ? { code } : {}), ms };
}

/** The API name of the set kept outside the project, which no read of the project may return. */
const OUTSIDE_SET = 'Outside_The_Project';

/**
 * Lays the special entries (test/fuzz/inputs.ts SpecialEntry) into the project at `dir` (`base`: its default package
 * folder). Whatever lies outside goes into a sibling of the project folder inside the fuzz run's temporary folder.
 */
async function plantSpecial(special: readonly SpecialEntry[], dir: string, base: string): Promise<void> {
  const outside = `${dir}-outside`;
  const fifo = (path: string): void => {
    execFileSync('mkfifo', [path]);
  };
  for (const entry of special) {
    const sets = join(base, 'sharingSets');
    switch (entry) {
      case 'fifo-set':
        fifo(join(sets, 'Fifo.sharingSet-meta.xml'));
        break;
      case 'fifo-project-file':
        // eslint-disable-next-line no-await-in-loop
        await rm(join(dir, 'sfdx-project.json'), { force: true });
        fifo(join(dir, 'sfdx-project.json'));
        break;
      case 'device-set':
        // eslint-disable-next-line no-await-in-loop
        await symlink('/dev/zero', join(sets, 'Device.sharingSet-meta.xml'));
        break;
      case 'link-out-set':
      case 'link-out-package': {
        // eslint-disable-next-line no-await-in-loop
        await mkdir(join(outside, 'sharingSets'), { recursive: true });
        // eslint-disable-next-line no-await-in-loop
        await writeFile(join(outside, 'sharingSets', `${OUTSIDE_SET}.sharingSet-meta.xml`), OUTSIDE_XML);
        if (entry === 'link-out-set')
          // eslint-disable-next-line no-await-in-loop
          await symlink(
            join(outside, 'sharingSets', `${OUTSIDE_SET}.sharingSet-meta.xml`),
            join(sets, `${OUTSIDE_SET}.sharingSet-meta.xml`)
          );
        // eslint-disable-next-line no-await-in-loop
        else await symlink(outside, join(dir, 'force-app', 'outside'));
        break;
      }
      case 'hostile-file-name':
        // eslint-disable-next-line no-await-in-loop
        await writeFile(join(sets, 'X\n::error title=Pwned::x\u001b[2J.sharingSet-meta.xml'), OUTSIDE_XML);
        break;
      case 'unreadable-folder':
        // Tests run as root, whom permissions do not stop; a loop of links is refused (ELOOP) to whoever reads it.
        // eslint-disable-next-line no-await-in-loop
        await symlink('loop-b', join(base, 'loop-a'));
        // eslint-disable-next-line no-await-in-loop
        await symlink('loop-a', join(base, 'loop-b'));
        break;
      default:
        break;
    }
  }
}

const OUTSIDE_XML = `<?xml version="1.0" encoding="UTF-8"?>
<SharingSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <accessMappings>
        <accessLevel>Read</accessLevel>
        <object>Case</object>
        <objectField>Account</objectField>
        <userField>Account</userField>
    </accessMappings>
    <name>Outside</name>
    <profiles>Customer Community User</profiles>
</SharingSet>
`;

/** Figures over many outcomes. */
export type Figures = {
  tried: number;
  accepted: number;
  rejected: number;
  crashes: number;
  violations: number;
  slowestMs: number;
  byCode: Record<string, number>;
};

export const emptyFigures = (): Figures => ({
  tried: 0,
  accepted: 0,
  rejected: 0,
  crashes: 0,
  violations: 0,
  slowestMs: 0,
  byCode: {},
});

export function count(figures: Figures, outcome: Outcome): void {
  figures.tried++;
  if (outcome.verdict === 'accepted') figures.accepted++;
  else if (outcome.verdict === 'rejected') figures.rejected++;
  else figures.crashes++;
  if (outcome.violations.length > 0) figures.violations++;
  figures.slowestMs = Math.max(figures.slowestMs, outcome.ms);
  if (outcome.code) figures.byCode[outcome.code] = (figures.byCode[outcome.code] ?? 0) + 1;
}
