/** Small SFDX projects for the audit's end-to-end tests: sharing-set files as a retrieve writes them, and profiles. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const SET_DIR = join('force-app', 'main', 'default', 'sharingSets');
const PROFILE_DIR = join('force-app', 'main', 'default', 'profiles');

/** A sharing-set file as a retrieve writes it. */
export function setXml(
  profiles: string[],
  mappings: Array<[object: string, objectField: string, userField: string]>
): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<SharingSet xmlns="http://soap.sforce.com/2006/04/metadata">',
    ...mappings.flatMap(([object, objectField, userField]) => [
      '    <accessMappings>',
      '        <accessLevel>Read</accessLevel>',
      `        <object>${object}</object>`,
      `        <objectField>${objectField}</objectField>`,
      `        <userField>${userField}</userField>`,
      '    </accessMappings>',
    ]),
    '    <name>Gate</name>',
    ...profiles.map((profile) => `    <profiles>${profile}</profiles>`),
    '</SharingSet>',
    '',
  ].join('\n');
}

/** A project with the given sharing-set files (name → XML) and profile files (name → license). */
export async function writeProject(
  root: string,
  sets: Record<string, string>,
  profiles: Record<string, string> = {}
): Promise<string> {
  await mkdir(join(root, SET_DIR), { recursive: true });
  await writeFile(
    join(root, 'sfdx-project.json'),
    JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '62.0' })
  );
  for (const [name, xml] of Object.entries(sets)) {
    // eslint-disable-next-line no-await-in-loop
    await writeFile(join(root, SET_DIR, `${name}.sharingSet-meta.xml`), xml);
  }
  if (Object.keys(profiles).length > 0) await mkdir(join(root, PROFILE_DIR), { recursive: true });
  for (const [name, license] of Object.entries(profiles)) {
    // eslint-disable-next-line no-await-in-loop
    await writeFile(
      join(root, PROFILE_DIR, `${name}.profile-meta.xml`),
      `<?xml version="1.0" encoding="UTF-8"?>\n<Profile xmlns="http://soap.sforce.com/2006/04/metadata">\n    <custom>true</custom>\n    <userLicense>${license}</userLicense>\n</Profile>\n`
    );
  }
  return root;
}
