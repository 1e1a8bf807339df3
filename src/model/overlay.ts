/**
 * A project checked against an org before deploying it (audit --source-dir --target-org): the org as it will be once
 * the project is deployed. The org's snapshot gives what the project does not hold (standard fields, every profile,
 * licenses, active users, record counts); the project adds what it deploys with its sharing sets: its custom objects,
 * its custom fields, the org-wide defaults it sets, and its new profiles. Pure data in, data out.
 */
import type { FieldInfo, ObjectInfo, ProfileInfo, Snapshot } from './types.js';
import { hasName, sameName } from './names.js';

/**
 * The org snapshot with the project's objects, fields, org-wide defaults and profiles laid over it. The org's
 * `sharingSets` are kept (the caller loaded the project's sets into it); its coverage is kept too, because every
 * object the org lacks is either in the project (now added) or missing from both.
 *
 * @param org what the org holds (`origin.kind` 'source+org', sharing sets from the project)
 * @param project the project's own snapshot (objects and profiles from its files)
 */
export function overlayProject(org: Snapshot, project: Snapshot): Snapshot {
  const objects: Record<string, ObjectInfo> = { ...org.objects };
  for (const projected of Object.values(project.objects)) {
    const key = Object.keys(objects).find((name) => sameName(name, projected.name));
    const current = key === undefined ? undefined : objects[key];
    // A standard object the org did not describe gains nothing from the project's partial table of it.
    if (!current && projected.fieldsPartial) continue;
    objects[key ?? projected.name] = current ? overlayObject(current, projected) : projected;
  }
  const known = org.profiles.map((profile) => profile.name);
  const newProfiles: ProfileInfo[] = project.profiles.filter((profile) => !hasName(known, profile.name));
  return { ...org, objects, profiles: [...org.profiles, ...newProfiles] };
}

/** The org's object with the project's defaults (where it sets them) and the fields the org does not have yet. */
function overlayObject(current: ObjectInfo, projected: ObjectInfo): ObjectInfo {
  const defaults = {
    ...(projected.internalSharingModel ? { internalSharingModel: projected.internalSharingModel } : {}),
    ...(projected.externalSharingModel ? { externalSharingModel: projected.externalSharingModel } : {}),
  };
  if (!current.fields) {
    // The org's fields were not read: the project's are all there is (partly known, for a standard object).
    const partial = projected.fieldsPartial ? { fieldsPartial: true } : {};
    return { ...current, ...defaults, ...(projected.fields ? { fields: projected.fields, ...partial } : {}) };
  }
  const added: FieldInfo[] = (projected.fields ?? []).filter(
    (field) => !current.fields?.some((known) => sameName(known.name, field.name))
  );
  return { ...current, ...defaults, fields: [...current.fields, ...added] };
}
