/**
 * Finding metadata files in a local project. With an `sfdx-project.json`, the package directories it lists are
 * searched (as @salesforce/source-deploy-retrieve resolves them: `packageDirectories[].path` relative to the project
 * root); without one, the given folder itself is searched (a source folder such as force-app, or a metadata-format
 * folder from a retrieve). Folders named node_modules and folders starting with a dot are skipped.
 *
 * A project comes from a pull request, so it is read defensively: `sfdx-project.json` must be a regular file of at
 * most 1 MB inside the project (a FIFO, a device or a symbolic link leading out is refused at once, and its content is
 * never quoted); a package directory must lie inside the project once symbolic links are resolved; symbolic links
 * below it are not followed; a folder that cannot be listed is reported (`unreadableFolders`) instead of stopping the
 * search.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { OutputPathError, readRegularFile } from '../io/files.js';

/** The most `sfdx-project.json` may hold: real ones are a few kilobytes. */
export const MAX_PROJECT_FILE_BYTES = 1024 * 1024;

/** How folders are listed (a test substitutes a failing one: tests run as root, where chmod denies nothing). */
export type ListFolder = (
  dir: string
) => Promise<Array<{ name: string; isDirectory(): boolean; isFile(): boolean; isSymbolicLink?(): boolean }>>;

const listFolder: ListFolder = (dir) => readdir(dir, { withFileTypes: true });

export type ProjectFiles = {
  root: string;
  /** The folders searched, relative to the root. */
  packageDirectories: string[];
  sharingSets: string[];
  profiles: string[];
  /** `.object-meta.xml` (source) and `.object` (metadata format) files. */
  objects: string[];
  /** `.field-meta.xml` files (source format). */
  fields: string[];
  /** Whether any folder named `profiles` exists (a project that keeps profiles, even if that folder is empty). */
  hasProfilesFolder: boolean;
  /** Folders that could not be listed, each with why (their files are unknown). */
  unreadableFolders: Array<{ folder: string; reason: string }>;
};

/** A problem with the project itself (not with one file). */
export class ProjectError extends Error {
  public constructor(public readonly file: string, message: string) {
    super(message);
    this.name = 'ProjectError';
  }
}

/** Lists the metadata files of a project or folder that the plugin reads. */
export async function findProjectFiles(dir: string, listing: ListFolder = listFolder): Promise<ProjectFiles> {
  const root = resolve(dir);
  const packageDirectories = await readPackageDirectories(root);
  const files: ProjectFiles = {
    root,
    packageDirectories,
    sharingSets: [],
    profiles: [],
    objects: [],
    fields: [],
    hasProfilesFolder: false,
    unreadableFolders: [],
  };
  // Package directories may nest (force-app and force-app/extra): each file is listed once.
  const seen = new Set<string>();
  for (const packageDir of packageDirectories) {
    // eslint-disable-next-line no-await-in-loop
    for (const file of await walk(resolve(root, packageDir), listing, files.unreadableFolders)) {
      if (seen.has(file)) continue;
      seen.add(file);
      if (file.endsWith(sep)) {
        if (basename(file.slice(0, -1)) === 'profiles') files.hasProfilesFolder = true;
        continue;
      }
      if (file.endsWith('.sharingSet-meta.xml') || file.endsWith('.sharingSet')) files.sharingSets.push(file);
      else if (file.endsWith('.profile-meta.xml') || file.endsWith('.profile')) files.profiles.push(file);
      else if (file.endsWith('.object-meta.xml') || file.endsWith('.object')) files.objects.push(file);
      else if (file.endsWith('.field-meta.xml')) files.fields.push(file);
    }
  }
  for (const list of [files.sharingSets, files.profiles, files.objects, files.fields]) list.sort();
  return files;
}

async function readPackageDirectories(root: string): Promise<string[]> {
  const projectFile = join(root, 'sfdx-project.json');
  const text = await readProjectFile(root, projectFile);
  if (text === undefined) return ['.'];
  let project: unknown;
  try {
    project = JSON.parse(text);
  } catch (error) {
    // Where, never what: the parser's message quotes the text, which may be any file a link pointed at.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new ProjectError(
      projectFile,
      `sfdx-project.json is not valid JSON${position === undefined ? '' : ` (at character ${position})`}.`
    );
  }
  // Any JSON value may be there (null, a list, a string where the list belongs): only what has the documented shape
  // counts, and a file without it is told so, never a TypeError.
  const listed: unknown =
    typeof project === 'object' && project !== null
      ? (project as { packageDirectories?: unknown }).packageDirectories
      : undefined;
  if (!Array.isArray(listed)) {
    throw new ProjectError(
      projectFile,
      'sfdx-project.json has no "packageDirectories" list (an object with "path" each).'
    );
  }
  const paths = listed
    .map((entry: unknown) =>
      typeof entry === 'object' && entry !== null ? (entry as { path?: unknown }).path : undefined
    )
    .filter((path): path is string => typeof path === 'string' && path.trim() !== '');
  if (paths.length === 0) throw new ProjectError(projectFile, 'sfdx-project.json lists no packageDirectories.');
  for (const path of paths) {
    const full = resolve(root, path);
    if (relative(root, full).startsWith('..')) {
      throw new ProjectError(projectFile, `The package directory "${path}" is outside the project.`);
    }
    // eslint-disable-next-line no-await-in-loop
    const info = await stat(full).catch(() => undefined);
    if (!info?.isDirectory()) throw new ProjectError(projectFile, `The package directory "${path}" does not exist.`);
    // eslint-disable-next-line no-await-in-loop
    if (!within(await realpath(root), await realpath(full))) {
      throw new ProjectError(
        projectFile,
        `The package directory "${path}" leads outside the project through a symbolic link; it is not read.`
      );
    }
  }
  return paths;
}

/** The text of sfdx-project.json, undefined when there is none; a file that is not a plain file in the project fails. */
async function readProjectFile(root: string, projectFile: string): Promise<string | undefined> {
  const found = await stat(projectFile).catch((error: NodeJS.ErrnoException) =>
    error.code === 'ENOENT' || error.code === 'ENOTDIR' ? undefined : error
  );
  if (found === undefined) return undefined;
  const real = await realpath(projectFile).catch(() => projectFile);
  if (!within(await realpath(root), real)) {
    throw new ProjectError(
      projectFile,
      'sfdx-project.json leads outside the project through a symbolic link; it is not read.'
    );
  }
  try {
    return (await readRegularFile(projectFile, MAX_PROJECT_FILE_BYTES)).toString('utf8');
  } catch (error) {
    if (error instanceof OutputPathError) throw new ProjectError(projectFile, `sfdx-project.json ${error.reason}.`);
    throw error;
  }
}

/** Whether `path` is `root` or inside it. */
function within(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The metadata files a project read looks at (sharing sets, profiles, objects, fields), in either format. */
const METADATA_FILE = /\.(sharingSet|profile|object|field)(-meta\.xml)?$/;

async function walk(
  dir: string,
  list: ListFolder,
  unreadable: Array<{ folder: string; reason: string }>
): Promise<string[]> {
  let entries: Awaited<ReturnType<ListFolder>>;
  try {
    entries = await list(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    unreadable.push({
      folder: dir,
      reason:
        code === 'EACCES' || code === 'EPERM' ? `permission denied (${code})` : `${code ?? (error as Error).message}`,
    });
    return [];
  }
  const nested = await Promise.all(
    entries.map(async (entry) => {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') return [];
      const path = join(dir, entry.name);
      // Folders come back with a trailing separator (so callers can see them); symbolic links are not followed.
      if (entry.isDirectory()) return [path + sep, ...(await walk(path, list, unreadable))];
      // A linked metadata file is not read; it is listed as unreadable so its absence is never silent.
      if (entry.isSymbolicLink?.() && METADATA_FILE.test(entry.name)) {
        unreadable.push({ folder: path, reason: 'it is a symbolic link, which is not followed (copy the file in its place)' });
      }
      return entry.isFile() ? [path] : [];
    })
  );
  return nested.flat();
}
