/**
 * A sharing set's names as the org spells them. API names of objects and fields, and profile names in a sharing set,
 * are matched regardless of case (docs/salesforce-facts.md §12), so a name a user typed in another case names the same
 * thing; writing it as the org returns it keeps what the org holds, the project file and every result in one spelling.
 * Only case changes here: a name the org does not know, or knows only in another form (`AccountId` for `Account`),
 * stays as written (the documented-form conversion is documentedObjectField's, in paths.ts). Pure data in, data out.
 */
import { findFieldBySegment, findObject } from '../model/fields.js';
import { findByName, sameName } from '../model/names.js';
import type { AccessMapping, SharingSet, Snapshot } from '../model/types.js';
import { fixedUserFieldForm, pathTarget, resolveObjectField, resolveUserField, type PathResolution } from './paths.js';

/** The set with its profiles, objects and path segments in the org's spelling where they differ from it by case only. */
export function inOrgSpelling(
  snapshot: Pick<Snapshot, 'objects' | 'coverage' | 'profiles'>,
  set: SharingSet
): SharingSet {
  const profiles = set.profiles.map(
    (name) => findByName(snapshot.profiles, name, (profile) => profile.name)?.name ?? name
  );
  const accessMappings = set.accessMappings.map((mapping): AccessMapping => {
    const object = findObject(snapshot.objects, mapping.object)?.name ?? mapping.object;
    return {
      ...mapping,
      object,
      objectField: respellPath(
        snapshot,
        mapping.objectField,
        resolveObjectField(snapshot, object, mapping.objectField)
      ),
      userField: respellUserField(snapshot, mapping.userField),
    };
  });
  return { ...set, profiles, accessMappings };
}

/** A userField in its documented form, or its start (`Account`, `Contact`) and fields as the org spells them. */
function respellUserField(snapshot: Pick<Snapshot, 'objects' | 'coverage'>, userField: string): string {
  const fixed = fixedUserFieldForm(userField);
  if (fixed) return fixed;
  const [start, ...rest] = userField.split('.');
  const target = pathTarget(start);
  const resolved = resolveUserField(snapshot, userField);
  if (!target || !resolved.ok) return userField;
  return `${target}.${respellPath(snapshot, rest.join('.'), resolved)}`;
}

/** Each segment of a resolved path as the org spells the field or relationship name it matched; else as written. */
function respellPath(snapshot: Pick<Snapshot, 'objects'>, path: string, resolved: PathResolution): string {
  if (!resolved.ok || resolved.steps.length !== path.split('.').length) return path;
  return resolved.steps
    .map((step) => {
      if (step.field === 'Id') return sameName(step.segment, 'Id') ? 'Id' : step.segment;
      const fields = findObject(snapshot.objects, step.object)?.fields ?? [];
      const field = findFieldBySegment(fields, step.segment);
      if (!field) return step.segment;
      if (sameName(field.relationshipName, step.segment)) return field.relationshipName ?? step.segment;
      return sameName(field.name, step.segment) ? field.name : step.segment;
    })
    .join('.');
}
