/**
 * Local project → Snapshot, with no org: sharing sets from their files; profiles (name and license) from profile
 * files; custom objects, their sharing models and fields from object and field files; standard objects' lookups from
 * the documented table in standardObjects.ts. What a project cannot know (user types, active users, standard
 * objects' org-wide defaults) is left undefined and the coverage says so, so no rule mistakes "unknown" for "absent".
 *
 * Every file that cannot be used becomes a SourceProblem (file, line, message) and loading goes on, so a command can
 * list all broken files at once. Only a broken project (unreadable sfdx-project.json, missing package directory)
 * throws, as ProjectError.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, relative } from 'node:path';
import type { FieldInfo, ObjectInfo, ProfileInfo, ProjectFileProblem, SharingSet, Snapshot } from '../model/types.js';
import { mapLimit } from '../util/concurrency.js';
import { compareNames, hasName, nameKey } from '../model/names.js';
import { fullNameFromFile, readSharingSetFile } from './files.js';
import { findProjectFiles, type ProjectFiles } from './project.js';
import { standardObjectFields, STANDARD_OBJECTS } from './standardObjects.js';
import {
  childText,
  decodeEntities,
  decodeUtf8,
  readXml,
  SourceFileError,
  trimXml,
  type XmlElement,
} from './xmlReader.js';

/** A file of the project that could not be used, with where and why (message says what to change). */
export type SourceProblem = ProjectFileProblem;

/** Profiles hold every permission of the org and can be tens of MB; only their license is read, by a bounded scan. */
const MAX_PROFILE_BYTES = 64 * 1024 * 1024;
const MAX_OBJECT_BYTES = 16 * 1024 * 1024;
/** CustomObject > fields > valueSet > valueSetDefinition > value > ... stays well under this. */
const MAX_OBJECT_DEPTH = 32;

const REFERENCE_TYPES = new Set(['Lookup', 'MasterDetail', 'Hierarchy']);

/**
 * The project's sharing sets, with every broken file and every duplicate API name (across package directories and
 * formats, compared ignoring case as Salesforce does) listed rather than the first one thrown.
 *
 * @throws ProjectError when the project itself cannot be read
 */
export async function loadProjectSharingSets(
  dir: string
): Promise<{ root: string; sharingSets: SharingSet[]; problems: SourceProblem[] }> {
  const files = await findProjectFiles(dir);
  const { sharingSets, problems } = await readSharingSets(files);
  return { root: files.root, sharingSets, problems: sortProblems([...problems, ...folderProblems(files)]) };
}

/**
 * Reads a project (or a source / metadata-format folder) into a Snapshot with `origin.kind = 'source'`.
 * Coverage: profiles 'partial' when the project has a profiles folder (a project rarely holds every profile), else
 * 'none'; objects 'partial'; active users unknown.
 *
 * @throws ProjectError when the project itself cannot be read
 */
export async function loadSourceSnapshot(dir: string): Promise<{ snapshot: Snapshot; problems: SourceProblem[] }> {
  const files = await findProjectFiles(dir);
  const problems: SourceProblem[] = [];
  const [sets, profiles, objects] = await Promise.all([
    readSharingSets(files),
    collect(files.profiles, readProfile, problems, 'profile'),
    readObjects(files, problems),
  ]);
  problems.push(...sets.problems, ...folderProblems(files));
  for (const name of Object.keys(STANDARD_OBJECTS)) {
    const inProject = objects[name];
    objects[name] = {
      ...(inProject ?? { name }),
      fields: mergeFields(standardObjectFields(name) ?? [], inProject?.fields ?? []),
      fieldsPartial: true,
    };
  }
  const hasProfiles = files.hasProfilesFolder || files.profiles.length > 0;
  return {
    problems: sortProblems(problems),
    snapshot: {
      origin: { kind: 'source', sourceDir: files.root },
      sharingSets: sets.sharingSets,
      profiles: profiles.sort((a, b) => compareNames(a.name, b.name)),
      objects: Object.fromEntries(Object.entries(objects).sort(([a], [b]) => compareNames(a, b))),
      coverage: { profiles: hasProfiles ? 'partial' : 'none', objects: 'partial', activeUsers: false },
    },
  };
}

async function readSharingSets(files: ProjectFiles): Promise<{ sharingSets: SharingSet[]; problems: SourceProblem[] }> {
  const problems: SourceProblem[] = [];
  // Lenient: a mapping or profile written twice is recorded in the set's layout for the audit, not a failed file.
  const read = await collect(
    files.sharingSets,
    (file) => readSharingSetFile(file, displayPath(file), fullNameFromFile(file), { lenient: true }),
    problems,
    'sharingSet'
  );
  const byName = new Map<string, SharingSet>();
  for (const set of read) {
    const key = nameKey(set.fullName);
    const first = byName.get(key);
    if (first) {
      problems.push({
        file: set.location?.file ?? set.fullName,
        line: 1,
        message: `The sharing set ${set.fullName} is also defined in ${
          first.location?.file ?? ''
        }; keep one of them (API names are unique in an org, ignoring case).`,
        code: 'duplicate-sharing-set',
        kind: 'sharingSet',
      });
      continue;
    }
    byName.set(key, set);
  }
  return { sharingSets: [...byName.values()].sort((a, b) => compareNames(a.fullName, b.fullName)), problems };
}

/** Files read at once: enough to keep libuv's thread pool busy (each read is stat + open + read + close). */
const READ_CONCURRENCY = 16;

/** Reads each file with `read`; a file that fails becomes a problem instead of stopping the others. */
async function collect<T>(
  files: string[],
  read: (file: string) => Promise<T>,
  problems: SourceProblem[],
  kind: NonNullable<SourceProblem['kind']>
): Promise<T[]> {
  // Read several at a time (one after the other, 500 files spent most of their time waiting on the thread pool);
  // results and problems keep the files' order, so output is stable.
  const outcomes = await mapLimit(files, READ_CONCURRENCY, async (file) => {
    try {
      return { ok: true as const, value: await read(file) };
    } catch (error) {
      const problem = toProblem(error, file);
      return {
        ok: false as const,
        problem: { ...problem, kind, ...(kind === 'sharingSet' ? { fullName: fullNameFromFile(file) } : {}) },
      };
    }
  });
  const results: T[] = [];
  for (const outcome of outcomes) {
    if (outcome.ok) results.push(outcome.value);
    else problems.push(outcome.problem);
  }
  return results;
}

/** A folder that could not be listed (or a linked file) is a problem like a file that could not be read. */
function folderProblems(files: ProjectFiles): SourceProblem[] {
  return files.unreadableFolders.map(({ folder, reason }) => ({
    file: displayPath(folder),
    message: `It cannot be read: ${reason}.`,
    code: 'unreadable',
    kind: 'folder',
    // A linked sharing-set file stands for its set: a diff leaves that set out rather than call it missing.
    ...(/\.sharingSet(-meta\.xml)?$/.test(folder) ? { fullName: fullNameFromFile(folder) } : {}),
  }));
}

function toProblem(error: unknown, file: string): SourceProblem {
  if (error instanceof SourceFileError) {
    return { file: error.file, line: error.line, message: `${error.problem} ${error.fix}`.trim(), code: error.code };
  }
  return { file: displayPath(file), message: `The file cannot be read: ${(error as Error).message}`, code: 'unreadable' };
}

/**
 * A profile from its file: the name is the file name, URL-decoded as source-deploy-retrieve does (`Custom%3A Sales`
 * → `Custom: Sales`, the Profile.Name a sharing set lists); `<userLicense>` gives the license name. A project cannot
 * tell the user type, so it stays unknown.
 */
async function readProfile(file: string): Promise<ProfileInfo> {
  const shown = displayPath(file);
  const encoded = basename(file).replace(/\.profile(-meta\.xml)?$/, '');
  let name: string;
  try {
    name = decodeURIComponent(encoded);
  } catch {
    throw new SourceFileError(
      shown,
      1,
      `The file name "${encoded}" has a malformed %-escape.`,
      'Profile file names encode special characters as %XX (":" is %3A); fix the name.',
      'invalid-name'
    );
  }
  const text = await readBounded(file, shown, MAX_PROFILE_BYTES);
  const declaration = /<!(DOCTYPE|ENTITY)/i.exec(text);
  if (declaration) {
    throw new SourceFileError(
      shown,
      lineAt(text, declaration.index),
      `The file declares a ${declaration[1].toUpperCase()}.`,
      'Metadata files have no DOCTYPE or entity declarations; remove it (it is never processed).',
      'doctype'
    );
  }
  if (!/<Profile[\s>/]/.test(text)) {
    throw new SourceFileError(shown, 1, 'The file has no <Profile> element.', 'Check that it is a profile file.', 'wrong-root');
  }
  // A bounded scan, not a full parse: profiles are large and only this one top-level element matters here.
  const license = /<userLicense>([^<]*)<\/userLicense>/.exec(text);
  const licenseName = license ? trimXml(decodeEntities(license[1], shown, lineAt(text, license.index))) : '';
  return { name, ...(licenseName ? { licenseName } : {}) };
}

async function readObjects(files: ProjectFiles, problems: SourceProblem[]): Promise<Record<string, ObjectInfo>> {
  const objects: Record<string, ObjectInfo> = {};
  const objectDocs = await collect(
    files.objects,
    async (file) => ({ file, root: await readMetadataFile(file, 'CustomObject') }),
    problems,
    'object'
  );
  for (const { file, root } of objectDocs) {
    const name = basename(file).replace(/\.object(-meta\.xml)?$/, '');
    // Metadata format holds the fields inline (<fields><fullName>…); source format has one file per field.
    const inline = root.children
      .filter((child) => child.name === 'fields')
      .map((field) => toField(childText(field, 'fullName') ?? '', field))
      .filter((field) => field.name !== '');
    const internal = childText(root, 'sharingModel');
    const external = childText(root, 'externalSharingModel');
    objects[name] = {
      name,
      ...(internal ? { internalSharingModel: internal } : {}),
      ...(external ? { externalSharingModel: external } : {}),
      fields: inline,
    };
  }
  const fieldDocs = await collect(
    files.fields,
    async (file) => ({ file, root: await readMetadataFile(file, 'CustomField') }),
    problems,
    'field'
  );
  for (const { file, root } of fieldDocs) {
    // Source format: objects/<Object>/fields/<Field>.field-meta.xml
    const objectName = basename(dirname(dirname(file)));
    const field = toField(basename(file).replace(/\.field-meta\.xml$/, ''), root);
    const object = objects[objectName] ?? { name: objectName, fields: [] };
    object.fields = [...(object.fields ?? []), field];
    objects[objectName] = object;
  }
  for (const object of Object.values(objects)) {
    if (object.name.endsWith('__c')) object.fields = [...customObjectSystemFields(object), ...(object.fields ?? [])];
  }
  return objects;
}

/**
 * Fields every custom object has that no field file describes: Id, and OwnerId (a lookup to User or Group, relationship
 * Owner) unless the object is the detail of a master-detail relationship (sharing model ControlledByParent), which has
 * no owner.
 */
function customObjectSystemFields(object: ObjectInfo): FieldInfo[] {
  const has = (name: string): boolean => Boolean(object.fields?.some((field) => field.name === name));
  const fields: FieldInfo[] = [];
  if (!has('Id')) fields.push({ name: 'Id', type: 'id', referenceTo: [] });
  if (!has('OwnerId') && object.internalSharingModel && object.internalSharingModel !== 'ControlledByParent') {
    fields.push({ name: 'OwnerId', type: 'reference', referenceTo: ['Group', 'User'], relationshipName: 'Owner' });
  }
  return fields;
}

/**
 * A field from its metadata: lookups, master-detail and hierarchy relationships become references, as describe
 * reports them. The API relationship name of a custom relationship field is its metadata `relationshipName` plus
 * `__r`, with the field's namespace prefix (`ns__Deal__c` with relationshipName `Deal` → `ns__Deal__r`).
 */
function toField(name: string, body: XmlElement): FieldInfo {
  const type = childText(body, 'type') ?? '';
  const isReference = REFERENCE_TYPES.has(type);
  if (!isReference) return { name, type: type.toLowerCase(), referenceTo: [] };
  const target = childText(body, 'referenceTo');
  // A hierarchy field always points at User, and its metadata may leave referenceTo out.
  const referenceTo = target ? [target] : type === 'Hierarchy' ? ['User'] : [];
  const relationship = childText(body, 'relationshipName');
  return {
    name,
    type: 'reference',
    referenceTo,
    ...(relationship ? { relationshipName: apiRelationshipName(name, relationship) } : {}),
  };
}

function apiRelationshipName(fieldName: string, relationship: string): string {
  if (!fieldName.endsWith('__c')) return relationship;
  const namespace = /^([A-Za-z][A-Za-z0-9]*)__.+__c$/.exec(fieldName)?.[1];
  const prefixed = namespace && !relationship.startsWith(`${namespace}__`) ? `${namespace}__${relationship}` : relationship;
  return `${prefixed}__r`;
}

/**
 * Project fields win over the standard table when they say more: a custom field, or a standard field whose file
 * carries a referenceTo. A retrieved standard field file (`AccountId.field-meta.xml`) usually holds no referenceTo and
 * must not hide what the table knows.
 */
function mergeFields(standard: FieldInfo[], project: FieldInfo[]): FieldInfo[] {
  const informative = project.filter((field) => field.name.endsWith('__c') || field.referenceTo.length > 0);
  const names = informative.map((field) => field.name);
  return [...standard.filter((field) => !hasName(names, field.name)), ...informative];
}

async function readMetadataFile(file: string, rootName: string): Promise<XmlElement> {
  const shown = displayPath(file);
  const root = readXml(await readBounded(file, shown, MAX_OBJECT_BYTES), shown, {
    maxBytes: MAX_OBJECT_BYTES,
    maxDepth: MAX_OBJECT_DEPTH,
  });
  if (root.name !== rootName) {
    throw new SourceFileError(
      shown,
      root.line,
      `The root element is <${root.name}>, not <${rootName}>.`,
      `Check that this is a ${rootName} file.`,
      'wrong-root'
    );
  }
  return root;
}

/** Reads a file as strict UTF-8, refusing it before reading when it is larger than `maxBytes`. */
async function readBounded(file: string, shown: string, maxBytes: number): Promise<string> {
  const info = await stat(file);
  if (info.size > maxBytes) {
    throw new SourceFileError(
      shown,
      1,
      `The file has ${info.size} bytes.`,
      `It is too large to be a metadata file of this kind (limit ${Math.round(maxBytes / 1024 / 1024)} MB).`,
      'too-large'
    );
  }
  return decodeUtf8(await readFile(file), shown);
}

/** Paths relative to the working directory (CI runs from the repository root, where SARIF locations resolve). */
export function displayPath(file: string): string {
  const fromCwd = relative(process.cwd(), file);
  return fromCwd.startsWith('..') ? file : fromCwd;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

function sortProblems(problems: SourceProblem[]): SourceProblem[] {
  return problems.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
}
