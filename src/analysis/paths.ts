/**
 * Resolution of the two paths of an access mapping through the snapshot's field descriptions
 * (docs/salesforce-facts.md §2 and §4).
 *
 * `objectField` is a lookup path on the mapped object ending at Account or Contact. A segment names the field whose
 * relationshipName is the segment (standard `Account` → AccountId, custom `Deal__r`) or whose name is the segment
 * (custom `Deal__c`); the walk follows the field's `referenceTo`. `Id` alone means the record itself, which is only
 * meaningful on Account and Contact. The exact rules are [UNC] (samples only), so the resolver is lenient.
 *
 * `userField` is one of the documented forms `Account`, `Contact`, `Account.<Field>`, `Contact.<Field>`,
 * `Contact.RelatedAccount`, `Manager.Account`, `Manager.Contact` [DOC].
 *
 * Missing data is never a failure: when an object's fields are not in the snapshot the result says "unknown"
 * (`certain: false`), so callers (the audit above all) can stay silent.
 */
import type { FieldInfo, ObjectInfo, Snapshot } from '../model/types.js';
import { findObject } from '../model/fields.js';
import { lookupBranches, type LookupBranch, type LookupStep } from '../model/lookupPath.js';
import { closestName, nameKey, sameName } from '../model/names.js';

/**
 * What would settle a finding that could not be confirmed, as a code the CLI words (src/cli/auditAdvice.ts): checking
 * the project against an org; checking a field the running user cannot see (field-level security); counting a table
 * whose aggregate query timed out.
 */
export type Advice = 'check-against-org' | 'check-field-access' | 'skew-query-timeout';

/** The two objects a sharing-set path may end at. */
export type PathTarget = 'Account' | 'Contact';

/** One followed lookup. */
export type PathStep = {
  segment: string;
  /** Object the segment was looked up on. */
  object: string;
  /** Field the segment named (API name as described), or `Id` for the record itself. */
  field: string;
  /** Every object the lookup can point at (several for a polymorphic lookup such as Owner → Group, User). */
  referenceTo: string[];
  /** The object the walk continued with. */
  next: string;
  polymorphic: boolean;
};

export type PathProblem =
  /** The path is empty or has an empty segment. */
  | 'empty-path'
  /** The mapped object is not in the org (only when the snapshot lists every mapped object). */
  | 'unknown-object'
  /** No field of that name on the object. */
  | 'unknown-field'
  /** The field exists but is not a lookup, so the path cannot continue through it. */
  | 'not-a-lookup'
  /** The path ends at an object other than Account or Contact. */
  | 'wrong-target'
  /** `Id` used where it cannot be: after other segments, or on an object other than Account/Contact. */
  | 'id-misplaced'
  /** A userField outside the documented forms. */
  | 'unsupported-user-field'
  /** The fields (or the object) needed to decide are not in the snapshot: the outcome is unknown, not wrong. */
  | 'fields-unknown';

export type PathResolved = {
  ok: true;
  target: PathTarget;
  steps: PathStep[];
  /** Polymorphic lookups met on the way, as "Case.Owner → Group, User" (their other targets never match). */
  polymorphic: string[];
  /** userField `Contact.RelatedAccount`: needs Contacts to Multiple Accounts (docs/salesforce-facts.md §2). */
  needsContactsToMultipleAccounts?: boolean;
};

export type PathUnresolved = {
  ok: false;
  problem: PathProblem;
  /** The segment (or object name) where resolution stopped. */
  at: string;
  /** English sentence naming the object, field and path. */
  message: string;
  /**
   * The field that was not found belongs to an object whose fields are only partly known (ObjectInfo.fieldsPartial):
   * the path may be right, so a rule reports it with low confidence and says how to check.
   */
  partial?: boolean;
  /** False when the outcome is merely unknown (fields not loaded): never report it as an error. */
  certain: boolean;
  /**
   * Set when the segment is missing from the running user's describe but the field exists for all that (`listed`: the
   * Tooling FieldDefinition lists it, so field-level security probably hides it) or may exist (`unchecked`:
   * FieldDefinition could not be read). Either way the path is "could not be confirmed", never a sure error
   * (docs/salesforce-facts.md §6, §10).
   */
  hidden?: 'listed' | 'unchecked';
  /**
   * What would settle a doubt, as a code (analysis names no flags; the CLI words it, src/cli/auditAdvice.ts): the
   * message then ends where the advice begins.
   */
  advice?: Advice;
  /** For an unknown field: the one field (or relationship) name of that object a typo most likely meant. */
  meant?: string;
  steps: PathStep[];
};

export type PathResolution = PathResolved | PathUnresolved;

/** What path resolution reads from a snapshot. */
export type PathContext = Pick<Snapshot, 'objects' | 'coverage'>;

const TARGETS: readonly PathTarget[] = ['Account', 'Contact'];

function asTarget(objectName: string): PathTarget | undefined {
  return TARGETS.find((target) => sameName(target, objectName));
}

function splitPath(path: string): string[] {
  return path.split('.').map((segment) => segment.trim());
}

function unresolved(
  problem: PathProblem,
  at: string,
  message: string,
  steps: PathStep[],
  certain = problem !== 'fields-unknown'
): PathUnresolved {
  return { ok: false, problem, at, message, certain, steps };
}

/**
 * A certain failure that rests on an unconfirmed lookup of the standard-object table is only "could not be confirmed":
 * the table row may be wrong, not the sharing set (src/source/standardObjects.ts says such a row must not block).
 */
function doubtful(failure: PathUnresolved, unconfirmed: string[]): PathUnresolved {
  if (unconfirmed.length === 0) return failure;
  return {
    ...failure,
    partial: true,
    message: `${failure.message} This rests on ${unconfirmed.join(', ')}, ${
      unconfirmed.length === 1 ? 'a lookup' : 'lookups'
    } the plugin's table of standard objects lists without a source that confirms ${
      unconfirmed.length === 1 ? 'it' : 'them'
    }, so it could not be confirmed`,
    advice: 'check-against-org',
  };
}

/**
 * Walks `segments` from `start` (src/model/lookupPath.ts). Polymorphic lookups are tried target by target (in describe
 * order) and the first way through which the whole path resolves wins; that is how `Owner.Account` works on Owner →
 * Group, User. When none resolves, the most useful failure is reported: an unknown outcome before a doubtful one, a
 * doubtful one before a definite one (which would block where the others would not); the first of its kind.
 */
function walk(context: PathContext, start: string, segments: string[], path: string): PathResolution {
  let best: PathUnresolved | undefined;
  for (const branch of lookupBranches(start, segments, (name) => findObject(context.objects, name))) {
    const outcome = branchOutcome(branch, path);
    if (outcome.ok) return outcome;
    if (!best || failureRank(outcome) > failureRank(best)) best = outcome;
  }
  return best as PathUnresolved;
}

/** Unknown (2) over doubtful (1) over definite (0). */
function failureRank(failure: PathUnresolved): number {
  if (!failure.certain) return 2;
  return failure.partial ? 1 : 0;
}

function toStep(step: LookupStep): PathStep {
  const { segment, object, field, next } = step;
  return {
    segment,
    object: object.name,
    field: field.name,
    referenceTo: field.referenceTo,
    next,
    polymorphic: field.referenceTo.length > 1,
  };
}

function polymorphicLookups(fields: Array<{ object: ObjectInfo; field: FieldInfo }>): string[] {
  return fields
    .filter(({ field }) => field.referenceTo.length > 1)
    .map(({ object, field }) => `${object.name}.${field.name} → ${field.referenceTo.join(', ')}`);
}

function unconfirmedLookups(fields: Array<{ object: ObjectInfo; field: FieldInfo }>): string[] {
  return fields.filter(({ field }) => field.unconfirmed).map(({ object, field }) => `${object.name}.${field.name}`);
}

/** What one way through the path means: resolved at Account or Contact, or why not. */
function branchOutcome(branch: LookupBranch, path: string): PathResolution {
  const steps = branch.steps.map(toStep);
  const { segment } = branch;
  if (branch.end === 'fields-unknown') {
    return unresolved(
      'fields-unknown',
      segment,
      `The fields of ${branch.objectName} are not known, so "${path}" cannot be checked past ${branch.objectName}.`,
      steps
    );
  }
  const object = branch.object;
  if (branch.end === 'no-field') {
    const hidden = hiddenOutcome(object, segment, path, steps);
    if (hidden) return hidden;
    if (object.fieldsPartial) {
      return {
        ...unresolved(
          'unknown-field',
          segment,
          `"${segment}" (in "${path}") is not among the fields known for ${object.name}: without an org, a standard ` +
            "object's own fields are only partly known, so this could not be confirmed",
          steps
        ),
        partial: true,
        advice: 'check-against-org',
      };
    }
    const names = (object.fields ?? []).flatMap((field) =>
      field.relationshipName ? [field.relationshipName, field.name] : [field.name]
    );
    const meant = closestName(segment, names);
    return doubtful(
      {
        ...unresolved(
          'unknown-field',
          segment,
          `${object.name} has no field or relationship named "${segment}" (in "${path}").`,
          steps
        ),
        ...(meant ? { meant } : {}),
      },
      unconfirmedLookups(branch.steps)
    );
  }
  const field = branch.field;
  const through = [...branch.steps, { object, field }];
  if (field.referenceTo.length === 0) {
    return doubtful(
      unresolved(
        'not-a-lookup',
        segment,
        `${object.name}.${field.name} is a ${field.type} field, not a lookup, so "${path}" cannot follow it.`,
        steps
      ),
      unconfirmedLookups(through)
    );
  }
  // The last segment: the lookup itself must point at Account or Contact.
  const target = field.referenceTo.map(asTarget).find((candidate) => candidate !== undefined);
  const step = {
    segment,
    object: object.name,
    field: field.name,
    referenceTo: field.referenceTo,
    polymorphic: field.referenceTo.length > 1,
  };
  if (!target) {
    return doubtful(
      unresolved(
        'wrong-target',
        segment,
        `"${path}" ends at ${field.referenceTo.join(' or ')} (${object.name}.${field.name}); a sharing-set path ` +
          'must end at Account or Contact.',
        [...steps, { ...step, next: field.referenceTo[0] }]
      ),
      unconfirmedLookups(through)
    );
  }
  return { ok: true, target, steps: [...steps, { ...step, next: target }], polymorphic: polymorphicLookups(through) };
}

/**
 * A segment missing from the running user's describe of an org's object, when FieldDefinition lists the field or
 * could not be read: describe leaves out fields that field-level security hides (docs/salesforce-facts.md §6 [DOC]),
 * and that FieldDefinition ignores it is not documented (§6 [UNC]), so the path is only "could not be confirmed".
 */
function hiddenOutcome(
  object: ObjectInfo,
  segment: string,
  path: string,
  steps: PathStep[]
): PathUnresolved | undefined {
  const field = object.hiddenFields?.find(
    (candidate) => sameName(candidate.relationshipName, segment) || sameName(candidate.name, segment)
  );
  if (!field && !object.hiddenFieldsUnchecked) return undefined;
  const message = field
    ? `"${segment}" (in "${path}") is not in the running user's describe of ${object.name}, but the Tooling ` +
      `FieldDefinition lists ${object.name}.${field.name}: the field exists, and field-level security probably hides ` +
      'it from this user. Salesforce does not document that FieldDefinition ignores field-level security, so the path ' +
      'could not be confirmed past it'
    : `"${segment}" (in "${path}") is not in the running user's describe of ${object.name}, which leaves out fields ` +
      'that field-level security hides, and FieldDefinition could not be read to tell, so this could not be confirmed';
  return {
    ...unresolved('unknown-field', segment, message, steps),
    partial: true,
    hidden: field ? 'listed' : 'unchecked',
    advice: 'check-field-access',
  };
}

/**
 * objectField forms the Metadata API's SharingSet page names without saying how they resolve: "For accounts or cases
 * associated with entitlements, use Entitlement.Account or Entitlement.Case" (docs/salesforce-facts.md §2; shared/seeds/001 and the
 * current page, DOCS.sharingSetMetadata). `Entitlement.Case` ends at Case, not at Account or Contact, so a schema walk
 * rejects it; Salesforce documents it all the same, so the plugin says it could not confirm it instead of calling it
 * invalid (and never blocks on it).
 */
const DOCUMENTED_OBJECT_FIELDS = new Set(['entitlement.account', 'entitlement.case']);
/** The objects that sentence is about ("accounts or cases"): on any other object the forms get no allowance. */
const DOCUMENTED_FOR = new Set(['account', 'case']);

function documentedForm(failure: PathUnresolved, objectName: string, objectField: string): PathUnresolved {
  if (!DOCUMENTED_FOR.has(nameKey(objectName))) return failure;
  if (!DOCUMENTED_OBJECT_FIELDS.has(nameKey(objectField.replace(/\s+/g, '')))) return failure;
  return {
    ...failure,
    partial: true,
    message:
      `${failure.message} Salesforce's SharingSet documentation lists "${objectField.trim()}" as an objectField ` +
      'form for records associated with entitlements without saying how it resolves, so this could not be ' +
      'confirmed from the schema; check it in Setup (Digital Experiences, Settings, the Sharing Sets list) before ' +
      'relying on it.',
  };
}

/**
 * Resolves an access mapping's `objectField` on `objectName`.
 *
 * @returns `ok: true` with the Account/Contact target and the lookups followed; otherwise the problem, the segment
 * where it was found and whether it is `certain` (false when fields were not loaded).
 */
export function resolveObjectField(context: PathContext, objectName: string, objectField: string): PathResolution {
  const segments = splitPath(objectField);
  if (segments.some((segment) => segment === '')) {
    return unresolved(
      'empty-path',
      objectField,
      `The objectField "${objectField}" on ${objectName} has an empty segment.`,
      []
    );
  }
  const object = findObject(context.objects, objectName);
  if (!object) {
    return context.coverage.objects === 'complete'
      ? unresolved('unknown-object', objectName, `The object ${objectName} does not exist in the org.`, [])
      : unresolved(
          'fields-unknown',
          objectName,
          `${objectName} was not read, so "${objectField}" cannot be checked.`,
          [],
          false
        );
  }
  const idIndex = segments.findIndex((segment) => sameName(segment, 'Id'));
  if (idIndex >= 0) {
    const self = asTarget(object.name);
    if (segments.length === 1 && self) {
      return {
        ok: true,
        target: self,
        steps: [
          {
            segment: segments[0],
            object: object.name,
            field: 'Id',
            referenceTo: [object.name],
            next: self,
            polymorphic: false,
          },
        ],
        polymorphic: [],
      };
    }
    return unresolved(
      'id-misplaced',
      segments[idIndex],
      segments.length === 1
        ? `objectField "Id" means the ${object.name} record itself, which is neither an Account nor a Contact.`
        : `"Id" can only be used alone, meaning the Account or Contact record itself (got "${objectField}").`,
      []
    );
  }
  const walked = walk(context, object.name, segments, objectField);
  return walked.ok || !walked.certain || walked.partial ? walked : documentedForm(walked, object.name, objectField);
}

/** The documented fixed userField forms and where they end. */
const FIXED_USER_FIELDS: Record<string, { form: string; target: PathTarget; relatedAccount?: boolean }> = {
  account: { form: 'Account', target: 'Account' },
  contact: { form: 'Contact', target: 'Contact' },
  'manager.account': { form: 'Manager.Account', target: 'Account' },
  'manager.contact': { form: 'Manager.Contact', target: 'Contact' },
  'contact.relatedaccount': { form: 'Contact.RelatedAccount', target: 'Account', relatedAccount: true },
};

/** A userField that is one of the fixed documented forms, spelled as the documentation spells it; else undefined. */
export function fixedUserFieldForm(userField: string): string | undefined {
  return FIXED_USER_FIELDS[nameKey(splitPath(userField).join('.'))]?.form;
}

/** `Account` or `Contact` as the documentation spells it, for a name in any case; else undefined. */
export function pathTarget(objectName: string): PathTarget | undefined {
  return asTarget(objectName);
}

/**
 * Resolves an access mapping's `userField` (a path on the running User).
 *
 * The fixed forms resolve without field data; `Account.<Field>` and `Contact.<Field>` are resolved on Account or
 * Contact when their fields are known (else `fields-unknown`, not a failure). Anything else is
 * `unsupported-user-field`, since the documentation lists every accepted form.
 */
export function resolveUserField(context: PathContext, userField: string): PathResolution {
  const segments = splitPath(userField);
  if (segments.some((segment) => segment === '')) {
    return unresolved('empty-path', userField, `The userField "${userField}" has an empty segment.`, []);
  }
  const fixed = FIXED_USER_FIELDS[nameKey(segments.join('.'))];
  if (fixed) {
    return {
      ok: true,
      target: fixed.target,
      steps: [],
      polymorphic: [],
      ...(fixed.relatedAccount ? { needsContactsToMultipleAccounts: true } : {}),
    };
  }
  const start = asTarget(segments[0]);
  if (!start || segments.length < 2) {
    return unresolved(
      'unsupported-user-field',
      segments[0],
      `userField "${userField}" is not one of the documented forms: Account, Contact, Account.<Field>, ` +
        'Contact.<Field>, Contact.RelatedAccount, Manager.Account, Manager.Contact.',
      []
    );
  }
  return walk(context, start, segments.slice(1), userField);
}

/**
 * The objectField in the form Salesforce's SharingSet documentation writes paths (docs/salesforce-facts.md §2: `Account`,
 * `Entitlement.Account`, `AccountLookup__c`, `Original_Deal__c.Account`), when `objectField` resolves but is written
 * otherwise: a standard lookup by its relationship name (`AccountId` → `Account`), a custom one by its field name
 * (`Deal__r` → `Deal__c`). Undefined when the path does not resolve, is `Id`, or is already written so (case aside):
 * only a path whose every segment names one known field is converted, so the conversion is never a guess.
 */
export function documentedObjectField(
  context: PathContext,
  objectName: string,
  objectField: string
): string | undefined {
  const resolved = resolveObjectField(context, objectName, objectField);
  if (!resolved.ok || resolved.steps.some((step) => step.field === 'Id')) return undefined;
  const segments = resolved.steps.map((step) => {
    const field = findObject(context.objects, step.object)?.fields?.find((candidate) =>
      sameName(candidate.name, step.field)
    );
    if (!field) return step.segment;
    return /__c$/i.test(field.name) ? field.name : field.relationshipName ?? step.segment;
  });
  const documented = segments.join('.');
  return nameKey(documented) === nameKey(splitPath(objectField).join('.')) ? undefined : documented;
}
