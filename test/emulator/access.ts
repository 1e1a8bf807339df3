/**
 * The emulator's own access model, for UserRecordAccess: plain brute force over its tables, written apart from the
 * plugin's matcher (src/explain) so that each checks the other. Record ownership gives All (as on Salesforce); an
 * inactive user gets nothing; an internal user gets the internal org-wide default; an external user gets the external
 * default and, for each sharing set naming the profile, each mapping on the record's object whose two values are the
 * same record. Object permissions cap it (when the org has ObjectPermissions rows at all). Shapes: Object Reference,
 * UserRecordAccess (docs/salesforce-facts.md §6).
 */
import type { FixtureSharingSet } from './fixture.js';
import type { Row, TableDef } from './orgdata.js';

export type AccessTables = { tables: Map<string, TableDef>; table(name: string): TableDef | undefined };

const LEVELS = ['None', 'Read', 'Edit', 'All'] as const;
type Level = (typeof LEVELS)[number];

const lower = (value: unknown): string => (typeof value === 'string' ? value.toLowerCase() : '');
const id15 = (value: unknown): string => (typeof value === 'string' ? value.slice(0, 15) : '');
const same = (a: unknown, b: unknown): boolean => id15(a) !== '' && id15(a) === id15(b);

function rowById(tables: AccessTables, id: string): { table: TableDef; row: Row } | undefined {
  for (const table of tables.tables.values()) {
    if (!table.keyPrefix || !id.startsWith(table.keyPrefix)) continue;
    const row = table.rows.find((r) => same(r.Id, id));
    if (row) return { table, row };
  }
  return undefined;
}

function rowsOf(tables: AccessTables, name: string): Row[] {
  return tables.table(name)?.rows ?? [];
}

/** The Id a lookup path leads to from `row` (segment: field name, relationship name, or a standard `X` for `XId`). */
function walk(tables: AccessTables, table: TableDef, row: Row, path: string): string | undefined {
  if (lower(path) === 'id') return row.Id as string;
  let current: { table: TableDef; row: Row } | undefined = { table, row };
  const segments = path.split('.');
  for (let i = 0; i < segments.length && current; i++) {
    const segment = lower(segments[i]);
    const field = current.table.fields.find(
      (f) =>
        lower(f.name) === segment ||
        lower(f.relationshipName) === segment ||
        lower(f.name) === `${segment}id` ||
        lower(f.name) === segment.replace(/__r$/, '__c')
    );
    const value = field ? current.row[field.name] : undefined;
    if (typeof value !== 'string') return undefined;
    if (i === segments.length - 1) return value;
    current = rowById(tables, value);
  }
  return undefined;
}

function userValues(tables: AccessTables, user: Row, userField: string): string[] {
  const key = lower(userField);
  const manager = typeof user.ManagerId === 'string' ? rowById(tables, user.ManagerId)?.row : undefined;
  const pick = (value: unknown): string[] => (typeof value === 'string' ? [value] : []);
  if (key === 'account') return pick(user.AccountId);
  if (key === 'contact') return pick(user.ContactId);
  if (key === 'manager.account') return pick(manager?.AccountId);
  if (key === 'manager.contact') return pick(manager?.ContactId);
  if (key === 'contact.relatedaccount') {
    return rowsOf(tables, 'AccountContactRelation')
      .filter((r) => same(r.ContactId, user.ContactId) && r.IsActive === true)
      .flatMap((r) => pick(r.AccountId));
  }
  const [start, ...rest] = userField.split('.');
  const startId = lower(start) === 'account' ? user.AccountId : lower(start) === 'contact' ? user.ContactId : undefined;
  const found = typeof startId === 'string' ? rowById(tables, startId) : undefined;
  return found && rest.length > 0 ? pick(walk(tables, found.table, found.row, rest.join('.'))) : [];
}

const fromModel = (model: unknown): Level => {
  const key = lower(model);
  if (key === 'read') return 'Read';
  return key === 'readwrite' || key === 'readwritetransfer' ? 'Edit' : 'None';
};
const max = (a: Level, b: Level): Level => (LEVELS.indexOf(a) >= LEVELS.indexOf(b) ? a : b);
const min = (a: Level, b: Level): Level => (LEVELS.indexOf(a) <= LEVELS.indexOf(b) ? a : b);

function permissionCap(tables: AccessTables, user: Row, object: string): Level {
  const all = rowsOf(tables, 'ObjectPermissions');
  if (all.length === 0) return 'All';
  const owned = rowsOf(tables, 'PermissionSet').filter((p) => same(p.ProfileId, user.ProfileId));
  const assigned = rowsOf(tables, 'PermissionSetAssignment').filter((a) => same(a.AssigneeId, user.Id));
  const sets = [...owned.map((p) => p.Id), ...assigned.map((a) => a.PermissionSetId)];
  const rows = all.filter((p) => lower(p.SobjectType) === lower(object) && sets.some((s) => same(s, p.ParentId)));
  if (rows.some((p) => p.PermissionsEdit === true)) return 'All';
  return rows.some((p) => p.PermissionsRead === true) ? 'Read' : 'None';
}

/** The access `userId` has to `recordId`, or undefined when either does not exist (the row is left out). */
export function recordAccess(
  tables: AccessTables,
  sets: FixtureSharingSet[],
  userId: string,
  recordId: string
): Level | undefined {
  const user = rowById(tables, userId)?.row;
  const record = rowById(tables, recordId);
  if (!user || !record) return undefined;
  if (same(record.row.OwnerId, user.Id)) return 'All';
  if (user.IsActive !== true) return 'None';
  const profile = rowsOf(tables, 'Profile').find((p) => same(p.Id, user.ProfileId));
  const entity = rowsOf(tables, 'EntityDefinition').find((e) => lower(e.QualifiedApiName) === lower(record.table.name));
  if (lower(profile?.UserType) === 'standard') return fromModel(entity?.InternalSharingModel);
  let level = fromModel(entity?.ExternalSharingModel);
  for (const set of sets) {
    if (!set.profiles.some((p) => lower(p) === lower(profile?.Name))) continue;
    for (const mapping of set.accessMappings) {
      if (lower(mapping.object) !== lower(record.table.name)) continue;
      const objectValue = walk(tables, record.table, record.row, mapping.objectField);
      if (userValues(tables, user, mapping.userField).some((value) => same(value, objectValue))) {
        level = max(level, mapping.accessLevel === 'Edit' ? 'Edit' : 'Read');
      }
    }
  }
  return min(level, permissionCap(tables, user, record.table.name));
}

/** UserRecordAccess rows for one user and the given records (records that do not exist are left out). */
export function userRecordAccessRows(
  tables: AccessTables,
  sets: FixtureSharingSet[],
  userId: string,
  recordIds: string[]
): Row[] {
  return recordIds.flatMap((recordId) => {
    const level = recordAccess(tables, sets, userId, recordId);
    if (level === undefined) return [];
    const rank = LEVELS.indexOf(level);
    return [
      {
        Id: `${recordId.slice(0, 15)}AAA`,
        UserId: userId,
        RecordId: recordId,
        HasReadAccess: rank >= 1,
        HasEditAccess: rank >= 2,
        HasDeleteAccess: rank >= 3,
        HasTransferAccess: rank >= 3,
        HasAllAccess: rank >= 3,
        MaxAccessLevel: level,
      },
    ];
  });
}
