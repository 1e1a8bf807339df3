/**
 * Local project → Snapshot, with no org: sharing sets from their files; profiles (name and license) from profile
 * files; custom objects, their sharing models and fields from object and field files; standard objects' lookups from
 * the documented table in standardObjects.ts. What a project cannot know (user types, active users, standard
 * objects' org-wide defaults) is left undefined and the coverage says so, so no rule mistakes "unknown" for "absent".
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, relative } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { FieldInfo, ObjectInfo, ProfileInfo, SharingSet, Snapshot } from '../model/types.js';
import { fullNameFromFile, readSharingSetFile } from './files.js';
import { findProjectFiles } from './project.js';
import { SharingSetFileError } from './sharingSetXml.js';
import { standardObjectFields, STANDARD_OBJECTS } from './standardObjects.js';

/** A file of the project that could not be used, with where and why. */
export type SourceProblem = { file: string; line?: number; message: string };

/** Profiles can be large (every permission of the org); only their license is read, without parsing the rest. */
const MAX_PROFILE_BYTES = 64 * 1024 * 1024;
const MAX_OBJECT_BYTES = 16 * 1024 * 1024;

/** The project's sharing sets, with every broken file listed rather than the first one thrown. */
export async function loadProjectSharingSets(
  dir: string
): Promise<{ root: string; sharingSets: SharingSet[]; problems: SourceProblem[] }> {
  const files = await findProjectFiles(dir);
  const problems: SourceProblem[] = [];
  const results = await Promise.all(
    files.sharingSets.map(async (file) => {
      // Paths relative to the working directory: CI runs from the repository root, where SARIF locations resolve.
      const fromCwd = relative(process.cwd(), file);
      const display = fromCwd.startsWith('..') ? file : fromCwd;
      try {
        return await readSharingSetFile(file, display, fullNameFromFile(file));
      } catch (error) {
        if (error instanceof SharingSetFileError) {
          problems.push({ file: error.file, line: error.line, message: `${error.problem} ${error.fix}`.trim() });
          return undefined;
        }
        throw error;
      }
    })
  );
  const byName = new Map<string, SharingSet>();
  for (const set of results) {
    if (!set) continue;
    const key = set.fullName.toLowerCase();
    const first = byName.get(key);
    if (first) {
      problems.push({
        file: set.location?.file ?? set.fullName,
        line: 1,
        message: `The sharing set ${set.fullName} is also defined in ${first.location?.file ?? ''}; keep one of them.`,
      });
      continue;
    }
    byName.set(key, set);
  }
  problems.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
  const sharingSets = [...byName.values()].sort((a, b) => a.fullName.localeCompare(b.fullName));
  return { root: files.root, sharingSets, problems };
}

/** Reads a project into a snapshot; `problems` lists files that could not be used. */
export async function loadSourceSnapshot(dir: string): Promise<{ snapshot: Snapshot; problems: SourceProblem[] }> {
  const files = await findProjectFiles(dir);
  const [{ sharingSets, problems }, profiles, objects] = await Promise.all([
    loadProjectSharingSets(dir),
    Promise.all(files.profiles.map(readProfile)),
    readObjects(files.objects, files.fields),
  ]);
  for (const name of Object.keys(STANDARD_OBJECTS)) {
    const fields = standardObjectFields(name) ?? [];
    const inProject = objects[name];
    objects[name] = {
      ...(inProject ?? { name }),
      fields: mergeFields(fields, inProject?.fields ?? []),
    };
  }
  return {
    problems,
    snapshot: {
      origin: { kind: 'source', sourceDir: files.root },
      sharingSets,
      profiles: profiles.sort((a, b) => a.name.localeCompare(b.name)),
      objects,
      coverage: { profiles: profiles.length > 0 ? 'partial' : 'none', objects: 'partial', activeUsers: false },
    },
  };
}

async function readProfile(file: string): Promise<ProfileInfo> {
  const name = decodeURIComponent(basename(file).replace(/\.profile(-meta\.xml)?$/, ''));
  const text = await readLimited(file, MAX_PROFILE_BYTES);
  const license = /<userLicense>([^<]*)<\/userLicense>/.exec(text)?.[1]?.trim();
  return { name, ...(license ? { licenseName: unescapeXml(license) } : {}) };
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name): boolean => name === 'fields',
});

async function readObjects(objectFiles: string[], fieldFiles: string[]): Promise<Record<string, ObjectInfo>> {
  const objects: Record<string, ObjectInfo> = {};
  for (const file of objectFiles) {
    // eslint-disable-next-line no-await-in-loop
    const document = parser.parse(await readLimited(file, MAX_OBJECT_BYTES)) as {
      CustomObject?: Record<string, unknown>;
    };
    const body = document.CustomObject ?? {};
    const name = basename(file).replace(/\.object(-meta\.xml)?$/, '');
    const inline = ((body.fields ?? []) as Array<Record<string, unknown>>).map((field) =>
      toField(String(field.fullName ?? ''), field)
    );
    objects[name] = {
      name,
      ...(typeof body.sharingModel === 'string' ? { internalSharingModel: body.sharingModel } : {}),
      ...(typeof body.externalSharingModel === 'string' ? { externalSharingModel: body.externalSharingModel } : {}),
      fields: inline.filter((field) => field.name !== ''),
    };
  }
  for (const file of fieldFiles) {
    // Source format: objects/<Object>/fields/<Field>.field-meta.xml
    const objectName = basename(dirname(dirname(file)));
    // eslint-disable-next-line no-await-in-loop
    const document = parser.parse(await readLimited(file, MAX_OBJECT_BYTES)) as {
      CustomField?: Record<string, unknown>;
    };
    const field = toField(basename(file).replace(/\.field-meta\.xml$/, ''), document.CustomField ?? {});
    const object = objects[objectName] ?? { name: objectName, fields: [] };
    object.fields = [...(object.fields ?? []), field];
    objects[objectName] = object;
  }
  for (const object of Object.values(objects)) {
    if (object.name.endsWith('__c') && !object.fields?.some((field) => field.name === 'Id')) {
      object.fields = [{ name: 'Id', type: 'id', referenceTo: [] }, ...(object.fields ?? [])];
    }
  }
  return objects;
}

/** A field from its metadata: lookups and master-detail relationships become references, as describe reports them. */
function toField(name: string, body: Record<string, unknown>): FieldInfo {
  const type = typeof body.type === 'string' ? body.type : '';
  const isReference = type === 'Lookup' || type === 'MasterDetail' || type === 'Hierarchy';
  const relationship = typeof body.relationshipName === 'string' ? body.relationshipName : undefined;
  return {
    name,
    type: isReference ? 'reference' : type.toLowerCase(),
    referenceTo: isReference && typeof body.referenceTo === 'string' ? [body.referenceTo] : [],
    // The API relationship name of a custom lookup is its metadata relationshipName plus __r.
    ...(isReference && relationship
      ? { relationshipName: name.endsWith('__c') ? `${relationship}__r` : relationship }
      : {}),
  };
}

function mergeFields(standard: FieldInfo[], project: FieldInfo[]): FieldInfo[] {
  const names = new Set(project.map((field) => field.name.toLowerCase()));
  return [...standard.filter((field) => !names.has(field.name.toLowerCase())), ...project];
}

async function readLimited(file: string, maxBytes: number): Promise<string> {
  const bytes = await readFile(file);
  if (bytes.length > maxBytes)
    throw new SharingSetFileError(
      file,
      1,
      `The file has ${bytes.length} bytes.`,
      'It is too large to be a metadata file.'
    );
  return bytes.toString('utf8');
}

function unescapeXml(text: string): string {
  return text.replace(
    /&(amp|lt|gt|quot|apos);/g,
    (_, entity: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[entity] as string)
  );
}
