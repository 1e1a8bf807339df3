/**
 * Finding metadata files in a local project. With an `sfdx-project.json`, the package directories it lists are
 * searched (as @salesforce/source-deploy-retrieve resolves them: `packageDirectories[].path` relative to the project
 * root); without one, the given folder itself is searched (a source folder such as force-app, or a metadata-format
 * folder from a retrieve). Folders named node_modules and folders starting with a dot are skipped.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';

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
};

/** A problem with the project itself (not with one file). */
export class ProjectError extends Error {
  public constructor(public readonly file: string, message: string) {
    super(message);
    this.name = 'ProjectError';
  }
}

/** Lists the metadata files of a project or folder that the plugin reads. */
export async function findProjectFiles(dir: string): Promise<ProjectFiles> {
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
  };
  // Package directories may nest (force-app and force-app/extra): each file is listed once.
  const seen = new Set<string>();
  for (const packageDir of packageDirectories) {
    // eslint-disable-next-line no-await-in-loop
    for (const file of await walk(resolve(root, packageDir))) {
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
  const text = await readFile(projectFile, 'utf8').catch(() => undefined);
  if (text === undefined) return ['.'];
  let project: { packageDirectories?: Array<{ path?: unknown }> };
  try {
    project = JSON.parse(text) as typeof project;
  } catch (error) {
    throw new ProjectError(projectFile, `sfdx-project.json is not valid JSON: ${(error as Error).message}`);
  }
  const paths = (project.packageDirectories ?? [])
    .map((entry) => entry.path)
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
  }
  return paths;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') return [];
      const path = join(dir, entry.name);
      // Folders come back with a trailing separator (so callers can see them); symbolic links are not followed.
      if (entry.isDirectory()) return [path + sep, ...(await walk(path))];
      return entry.isFile() ? [path] : [];
    })
  );
  return nested.flat();
}
