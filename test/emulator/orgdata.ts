/**
 * The emulated org's queryable data (tables built from a fixture) and the SOQL evaluator that runs on it.
 */
import { userRecordAccessRows } from './access.js';
import type { Fixture, FixtureField, FixtureObject, FixtureSharingSet } from './fixture.js';
import { type Condition, type Expr, type Literal, type Query, parseSoql, SoqlError } from './soql.js';

export type FieldDef = {
  name: string;
  type: string;
  label: string;
  referenceTo: string[];
  relationshipName?: string;
  custom: boolean;
  /** Field of the target whose value the reference holds (Id unless stated). */
  targetKey?: string;
};

export type Row = Record<string, unknown> & { $weight?: number };

export type TableDef = {
  name: string;
  label: string;
  custom: boolean;
  keyPrefix: string;
  fields: FieldDef[];
  rows: Row[];
  /** EntityDefinition and a few other setup objects refuse queryMore: more rows than one batch is an error. */
  queryMore: boolean;
  /** Describe-able through /sobjects/<name>/describe. */
  describable: boolean;
};

export type QueryOutcome = {
  records: Array<Record<string, unknown>>;
  totalSize: number;
  /** Whether the rows may be handed out in several batches (false: EntityDefinition, aggregates). */
  queryMore: boolean;
  entity: string;
};

const f = (name: string, type: string, extra: Partial<FieldDef> = {}): FieldDef => ({
  name,
  type,
  label: name.replace(/Id$/, '').replace(/([a-z])([A-Z])/g, '$1 $2') || name,
  referenceTo: [],
  custom: name.endsWith('__c'),
  ...extra,
});

const ref = (
  name: string,
  target: string | string[],
  relationshipName: string,
  extra: Partial<FieldDef> = {}
): FieldDef =>
  f(name, 'reference', { referenceTo: Array.isArray(target) ? target : [target], relationshipName, ...extra });

const fromFixtureField = (field: FixtureField): FieldDef => ({
  name: field.name,
  type: field.type,
  label: field.label ?? field.name,
  referenceTo: field.referenceTo ?? [],
  ...(field.relationshipName ? { relationshipName: field.relationshipName } : {}),
  custom: field.name.endsWith('__c'),
});

/** Deterministic 18-character id: prefix + counter. The checksum suffix is not Salesforce's, only its length. */
export const makeId = (prefix: string, n: number): string => `${prefix}${String(n).padStart(12, '0')}AAA`.slice(0, 18);

const mergeFields = (builtIn: FieldDef[], extra: FieldDef[]): FieldDef[] => {
  const known = new Set(builtIn.map((x) => x.name.toLowerCase()));
  return [...builtIn, ...extra.filter((x) => !known.has(x.name.toLowerCase()))];
};

const customPrefix = (n: number): string =>
  String.fromCharCode(97 + (Math.floor(n / 1296) % 26)) + (n % 1296).toString(36).padStart(2, '0');

const STANDARD_PREFIXES: Record<string, string> = {
  Account: '001',
  Contact: '003',
  Case: '500',
  User: '005',
  Opportunity: '006',
  Campaign: '701',
  Asset: '02i',
  Entitlement: '550',
  ServiceContract: '810',
  Order: '801',
  WorkOrder: '0WO',
  Profile: '00e',
  UserLicense: '100',
  Organization: '00D',
  Group: '00G',
  Lead: '00Q',
};

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

type ResolvedPath = {
  /** Canonical names, one per segment (relationship names, then the final field name). */
  names: string[];
  /** Reference fields followed, one per relationship segment. */
  hops: Array<{ field: FieldDef; table: TableDef | undefined }>;
  field: FieldDef;
};

type Group = { key: unknown[]; rows: Row[] };

/** Tables of one org, with the SOQL evaluator. */
export class OrgData {
  public readonly tables = new Map<string, TableDef>();
  /** The org's current sharing sets, for UserRecordAccess (the server points it at its metadata store). */
  public sharingSets: () => FixtureSharingSet[];
  private readonly indexes = new Map<string, Map<string, Row>>();
  /** The values each semi-join's sub-select gives, while the query holding it runs (see bindCondition). */
  private readonly semiValues = new WeakMap<Condition, Set<unknown>>();
  private urlVersion = '62.0';
  private urlTooling = false;

  public constructor(fixture: Fixture) {
    this.build(fixture);
    this.sharingSets = (): FixtureSharingSet[] => fixture.sharingSets;
  }

  public table(name: string): TableDef | undefined {
    return this.tables.get(name.toLowerCase());
  }

  /** How many records the object holds (each weighted child count as that many). */
  public count(name: string): number {
    return (this.table(name)?.rows ?? []).reduce((n, row) => n + (row.$weight ?? 1), 0);
  }

  /** Parses and runs a query. Throws SoqlError with the error code a real org would use. */
  public query(soql: string, opts: { version?: string; tooling?: boolean } = {}): QueryOutcome {
    this.urlVersion = opts.version ?? '62.0';
    this.urlTooling = opts.tooling ?? false;
    const q = parseSoql(soql);
    const named = this.table(q.from);
    const table = named && sameName(named.name, 'UserRecordAccess') ? this.userRecordAccess(q, named, soql) : named;
    if (!table) {
      throw new SoqlError(
        'INVALID_TYPE',
        `\n${soql}\n${' '.repeat(soql.search(/\bFROM\b/i) + 5)}^\nERROR at Row:1:Column:${
          soql.search(/\bFROM\b/i) + 6
        }\n` +
          `sObject type '${q.from}' is not supported. If you are attempting to use a custom object, be sure to append ` +
          "the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names."
      );
    }
    const isAggregate = q.select.some((s) => s.expr.kind === 'agg') || Boolean(q.groupBy);
    const records = isAggregate ? this.aggregate(q, table, soql) : this.select(q, table, soql);
    const countOnly =
      q.select.length === 1 &&
      q.select[0].expr.kind === 'agg' &&
      q.select[0].expr.fn === 'COUNT' &&
      !q.select[0].expr.arg;
    if (countOnly && !q.groupBy) {
      const count = (records[0]?.expr0 as number) ?? 0;
      return { records: [], totalSize: count, queryMore: true, entity: table.name };
    }
    return { records, totalSize: records.length, queryMore: table.queryMore && !isAggregate, entity: table.name };
  }

  /**
   * The column metadata of a query, as `GET …/query?q=…&columns=true` answers it: the endpoint `sf data query` calls
   * before the query itself to learn the shape of its table. Salesforce's REST API guide does not document it; the
   * shape is the one its consumer reads (retrieveColumns in @salesforce/plugin-data's `commands/data/query.js`:
   * `columnMetadata[]` of `{columnName, displayName, aggregate, joinColumns[]}`, a relationship field as a column
   * whose joinColumns hold the fields read through it). The query is run first, so bad queries fail as they would.
   */
  public columns(soql: string, opts: { version?: string; tooling?: boolean } = {}): Record<string, unknown> {
    const outcome = this.query(soql, opts);
    const q = parseSoql(soql);
    let expr = 0;
    const column = (columnName: string, displayName: string, aggregate: boolean, joinColumns: unknown[]): unknown => ({
      aggregate,
      columnName,
      displayName,
      joinColumns,
    });
    const fieldColumn = (path: string[]): unknown =>
      path.length === 1
        ? column(path[0], path[0], false, [])
        : column(path[0], path[0], false, [fieldColumn(path.slice(1))]);
    const columnMetadata = q.select.map((s) => {
      if (s.expr.kind === 'field') return fieldColumn(s.expr.path);
      const display = `${s.expr.fn}(${s.expr.arg?.join('.') ?? ''})`;
      return column(s.alias ?? `expr${expr++}`, display, true, []);
    });
    const idSelected = q.select.some(
      (s) => s.expr.kind === 'field' && s.expr.path.length === 1 && s.expr.path[0].toLowerCase() === 'id'
    );
    return { columnMetadata, entityName: outcome.entity, groupBy: Boolean(q.groupBy), idSelected };
  }

  /** Describe of one object in the shape of /sobjects/<X>/describe (the fields tools read). */
  public describe(name: string, version: string): Record<string, unknown> | undefined {
    const t = this.table(name);
    if (!t?.describable) return undefined;
    const childRelationships = [...this.tables.values()].flatMap((child) =>
      child.fields
        .filter((x) => x.type === 'reference' && x.referenceTo.some((r) => sameName(r, t.name)))
        .map((x) => ({
          cascadeDelete: false,
          childSObject: child.name,
          deprecatedAndHidden: false,
          field: x.name,
          relationshipName: null,
        }))
    );
    return {
      name: t.name,
      label: t.label,
      labelPlural: t.label,
      keyPrefix: t.keyPrefix,
      custom: t.custom,
      queryable: true,
      createable: true,
      updateable: true,
      deletable: true,
      searchable: true,
      childRelationships,
      fields: t.fields.map((x) => ({
        name: x.name,
        label: x.label,
        type: x.type,
        custom: x.custom,
        nillable: x.type !== 'id' && x.type !== 'boolean',
        referenceTo: x.referenceTo,
        relationshipName: x.relationshipName ?? null,
        polymorphicForeignKey: x.referenceTo.length > 1,
        length: x.type === 'string' || x.type === 'textarea' || x.type === 'picklist' ? 255 : 0,
        externalId: false,
        idLookup: x.type === 'id',
        filterable: true,
        groupable: x.type !== 'textarea',
        sortable: true,
        createable: x.type !== 'id',
        updateable: x.type !== 'id',
      })),
      urls: {
        describe: `/services/data/v${version}/sobjects/${t.name}/describe`,
        sobject: `/services/data/v${version}/sobjects/${t.name}`,
        rowTemplate: `/services/data/v${version}/sobjects/${t.name}/{ID}`,
      },
    };
  }

  /** describeGlobal's entry list. */
  public describeGlobal(version: string): Record<string, unknown> {
    return {
      encoding: 'UTF-8',
      maxBatchSize: 200,
      sobjects: [...this.tables.values()]
        .filter((t) => t.describable)
        .map((t) => ({
          name: t.name,
          label: t.label,
          labelPlural: t.label,
          keyPrefix: t.keyPrefix,
          custom: t.custom,
          queryable: true,
          urls: { describe: `/services/data/v${version}/sobjects/${t.name}/describe` },
        })),
    };
  }

  /** One record by id, every scalar field, as GET /sobjects/<X>/<id> returns it. */
  public record(name: string, id: string, version: string): Record<string, unknown> | undefined {
    const t = this.table(name);
    const row = t ? this.index(t).get(id.slice(0, 15)) : undefined;
    if (!t || !row) return undefined;
    const out: Record<string, unknown> = { attributes: { type: t.name, url: url(t, row, version, false) } };
    for (const x of t.fields) out[x.name] = row[x.name] ?? null;
    return out;
  }

  /**
   * UserRecordAccess rows for the query's `UserId = …` and `RecordId IN (…)` (or `=`), from the emulator's own access
   * model (access.ts). As on Salesforce (Object Reference, UserRecordAccess): both filters are required, RecordId must
   * be selected when filtering on both, and at most 200 records.
   */
  private userRecordAccess(q: Query, table: TableDef, soql: string): TableDef {
    const filters: Record<string, Literal[]> = {};
    const visit = (c: Condition | undefined): void => {
      if (!c) return;
      if (c.kind === 'and') {
        visit(c.left);
        visit(c.right);
      } else if (c.kind === 'cmp' && c.left.kind === 'field' && (c.op === '=' || c.op === 'IN')) {
        filters[c.left.path.join('.').toLowerCase()] = Array.isArray(c.value) ? c.value : [c.value];
      }
    };
    visit(q.where);
    const userId = filters.userid?.[0];
    const recordIds = (filters.recordid ?? []).map(String);
    const selectsRecordId = q.select.some(
      (s) => s.expr.kind === 'field' && sameName(s.expr.path.join('.'), 'RecordId')
    );
    if (typeof userId !== 'string' || recordIds.length === 0 || !selectsRecordId) {
      throw new SoqlError(
        'MALFORMED_QUERY',
        `\n${soql}\nERROR at Row:1:Column:1\nUserRecordAccess: filter on UserId and RecordId, and select RecordId`
      );
    }
    if (recordIds.length > 200) {
      throw new SoqlError('EXCEEDED_ID_LIMIT', 'UserRecordAccess: no more than 200 RecordIds at a time');
    }
    return { ...table, rows: userRecordAccessRows(this, this.sharingSets(), userId, recordIds) };
  }

  private build(fixture: Fixture): void {
    const objects = new Map(fixture.objects.map((o) => [o.name.toLowerCase(), o]));
    const fixtureFields = (name: string): FieldDef[] =>
      objects.get(name.toLowerCase())?.fields.map(fromFixtureField) ?? [];
    const add = (t: Omit<TableDef, 'describable' | 'queryMore'> & Partial<TableDef>): void => {
      this.tables.set(t.name.toLowerCase(), { describable: true, queryMore: true, ...t });
    };
    add({
      name: 'UserLicense',
      label: 'User License',
      custom: false,
      keyPrefix: '100',
      fields: [
        f('Id', 'id'),
        f('Name', 'string'),
        f('MasterLabel', 'string'),
        f('LicenseDefinitionKey', 'string'),
        f('Status', 'picklist'),
      ],
      rows: fixture.licenses.map((l) => ({
        Id: l.id,
        Name: l.name,
        MasterLabel: l.name,
        LicenseDefinitionKey: l.key,
        Status: l.status ?? 'Active',
      })),
    });
    add({
      name: 'Profile',
      label: 'Profile',
      custom: false,
      keyPrefix: '00e',
      fields: [
        f('Id', 'id'),
        f('Name', 'string'),
        f('UserType', 'picklist'),
        ref('UserLicenseId', 'UserLicense', 'UserLicense'),
        f('Description', 'string'),
      ],
      rows: fixture.profiles.map((p) => ({
        Id: p.id,
        Name: p.name,
        UserType: p.userType,
        UserLicenseId: p.licenseId,
        Description: null,
      })),
    });
    const profileType = new Map(fixture.profiles.map((p) => [p.id, p.userType]));
    const fixtureUserFields = fixtureFields('User');
    add({
      name: 'User',
      label: objects.get('user')?.label ?? 'User',
      custom: false,
      keyPrefix: '005',
      fields: mergeFields(
        [
          f('Id', 'id'),
          f('Username', 'string'),
          f('Name', 'string'),
          f('IsActive', 'boolean'),
          f('UserType', 'picklist'),
          ref('ProfileId', 'Profile', 'Profile'),
          ref('AccountId', 'Account', 'Account'),
          ref('ContactId', 'Contact', 'Contact'),
          ref('ManagerId', 'User', 'Manager'),
          f('LanguageLocaleKey', 'picklist'),
        ],
        fixtureUserFields
      ),
      rows: fixture.users.map((u) => ({
        Id: u.id,
        Username: u.username,
        Name: u.name ?? u.username.split('@')[0],
        IsActive: u.isActive,
        UserType: profileType.get(u.profileId) ?? 'Standard',
        ProfileId: u.profileId,
        AccountId: u.accountId ?? null,
        ContactId: u.contactId ?? null,
        ManagerId: u.managerId ?? null,
        LanguageLocaleKey: u.language ?? 'en_US',
      })),
    });
    add({
      name: 'Organization',
      label: 'Organization',
      custom: false,
      keyPrefix: '00D',
      fields: [
        f('Id', 'id'),
        f('Name', 'string'),
        f('InstanceName', 'string'),
        f('IsSandbox', 'boolean'),
        f('OrganizationType', 'picklist'),
        f('NamespacePrefix', 'string'),
        f('TrialExpirationDate', 'datetime'),
      ],
      rows: [
        {
          Id: fixture.org.id,
          Name: fixture.org.name,
          InstanceName: fixture.org.instanceName ?? 'EMU1',
          IsSandbox: fixture.org.isSandbox ?? false,
          OrganizationType: fixture.org.organizationType ?? 'Enterprise Edition',
          NamespacePrefix: fixture.org.namespacePrefix ?? null,
          TrialExpirationDate: null,
        },
      ],
    });
    fixture.objects.forEach((o, n) => this.addFixtureObject(o, n, fixture));
    this.addSetupObjects(fixture.objects);
    this.addAccessObjects();
    for (const [object, rows] of Object.entries(fixture.records ?? {})) {
      const t = this.table(object);
      if (t) t.rows.push(...rows);
    }
  }

  private addFixtureObject(o: FixtureObject, n: number, fixture: Fixture): void {
    const existing = this.table(o.name);
    if (existing) return; // User: built in above with the fixture's extra fields merged
    const keyPrefix = o.keyPrefix ?? STANDARD_PREFIXES[o.name] ?? customPrefix(n);
    const fields = o.fields.map(fromFixtureField);
    if (!fields.some((x) => sameName(x.name, 'Id'))) fields.unshift(f('Id', 'id'));
    const rows: Row[] = (fixture.childCounts ?? [])
      .filter((c) => sameName(c.object, o.name))
      .map((c, i) => ({
        Id: makeId(keyPrefix, 900_000_000 + i),
        [fields.find((x) => sameName(x.name, c.field))?.name ?? c.field]: c.parentId,
        $weight: c.count,
      }));
    this.tables.set(o.name.toLowerCase(), {
      name: o.name,
      label: o.label,
      custom: o.custom,
      keyPrefix,
      fields,
      rows,
      queryMore: true,
      describable: true,
    });
  }

  /**
   * The objects `sf sharing explain` reads about a user's access, unless the fixture declares them (then they are
   * describable like any fixture object): PermissionSet, ObjectPermissions, PermissionSetAssignment (rows from the
   * fixture's `records`) and UserRecordAccess (computed, access.ts). Not describable, so describeGlobal and
   * EntityDefinition are as before. Fields per the Object Reference.
   */
  private addAccessObjects(): void {
    const add = (name: string, fields: FieldDef[]): void => {
      if (this.table(name)) return;
      this.tables.set(name.toLowerCase(), {
        name,
        label: name,
        custom: false,
        keyPrefix: '',
        fields: [f('Id', 'id'), ...fields],
        rows: [],
        queryMore: true,
        describable: false,
      });
    };
    add('PermissionSet', [
      f('Name', 'string'),
      f('Label', 'string'),
      f('IsOwnedByProfile', 'boolean'),
      ref('ProfileId', 'Profile', 'Profile'),
    ]);
    add('ObjectPermissions', [
      ref('ParentId', 'PermissionSet', 'Parent'),
      f('SobjectType', 'picklist'),
      f('PermissionsRead', 'boolean'),
      f('PermissionsEdit', 'boolean'),
      f('PermissionsCreate', 'boolean'),
      f('PermissionsDelete', 'boolean'),
      f('PermissionsViewAllRecords', 'boolean'),
      f('PermissionsModifyAllRecords', 'boolean'),
    ]);
    add('PermissionSetAssignment', [
      ref('AssigneeId', 'User', 'Assignee'),
      ref('PermissionSetId', 'PermissionSet', 'PermissionSet'),
    ]);
    add('UserRecordAccess', [
      ref('UserId', 'User', 'User'),
      f('RecordId', 'string'),
      f('HasReadAccess', 'boolean'),
      f('HasEditAccess', 'boolean'),
      f('HasDeleteAccess', 'boolean'),
      f('HasTransferAccess', 'boolean'),
      f('HasAllAccess', 'boolean'),
      f('MaxAccessLevel', 'picklist'),
    ]);
  }

  private addSetupObjects(objects: FixtureObject[]): void {
    const all = [...this.tables.values()];
    const customIds = new Map(
      all.filter((t) => t.custom).map((t, n) => [t.name, `01I${String(n + 1).padStart(12, '0')}`])
    );
    const durable = (t: TableDef): string => customIds.get(t.name) ?? t.name;
    this.tables.set('entitydefinition', {
      name: 'EntityDefinition',
      label: 'Entity Definition',
      custom: false,
      keyPrefix: '',
      queryMore: false,
      describable: true,
      fields: [
        f('Id', 'id'),
        f('DurableId', 'string'),
        f('QualifiedApiName', 'string'),
        f('DeveloperName', 'string'),
        f('Label', 'string'),
        f('MasterLabel', 'string'),
        f('KeyPrefix', 'string'),
        f('NamespacePrefix', 'string'),
        f('IsCustomizable', 'boolean'),
        f('InternalSharingModel', 'picklist'),
        f('ExternalSharingModel', 'picklist'),
      ],
      rows: all.map((t) => {
        const o = objects.find((x) => sameName(x.name, t.name));
        return {
          Id: '000000000000000AAA',
          DurableId: durable(t),
          QualifiedApiName: t.name,
          DeveloperName: t.name.replace(/__c$/, ''),
          Label: t.label,
          MasterLabel: t.label,
          KeyPrefix: t.keyPrefix,
          NamespacePrefix: null,
          IsCustomizable: Boolean(o),
          InternalSharingModel: o?.internalSharingModel ?? 'None',
          ExternalSharingModel: o?.externalSharingModel ?? 'None',
        };
      }),
    });
    this.tables.set('fielddefinition', {
      name: 'FieldDefinition',
      label: 'Field Definition',
      custom: false,
      keyPrefix: '',
      queryMore: true,
      describable: true,
      fields: [
        f('Id', 'id'),
        f('DurableId', 'string'),
        f('QualifiedApiName', 'string'),
        f('DeveloperName', 'string'),
        f('Label', 'string'),
        f('DataType', 'string'),
        f('RelationshipName', 'string'),
        f('ReferenceTo', 'complexvalue'),
        ref('EntityDefinitionId', 'EntityDefinition', 'EntityDefinition', { targetKey: 'DurableId' }),
      ],
      rows: all.flatMap((t) =>
        t.fields.map((x) => ({
          Id: '000000000000000AAA',
          DurableId: `${durable(t)}.${x.name}`,
          QualifiedApiName: x.name,
          DeveloperName: x.name.replace(/__c$/, ''),
          Label: x.label,
          DataType:
            x.type === 'reference' ? `Lookup(${x.referenceTo.join(',')})` : x.type === 'id' ? 'Lookup()' : x.type,
          RelationshipName: x.relationshipName ?? null,
          ReferenceTo: { referenceTo: x.referenceTo },
          EntityDefinitionId: durable(t),
        }))
      ),
    });
  }

  private index(t: TableDef, key = 'Id'): Map<string, Row> {
    const cacheKey = `${t.name.toLowerCase()}:${key}`;
    let idx = this.indexes.get(cacheKey);
    if (!idx || idx.size !== t.rows.length) {
      idx = new Map();
      for (const row of t.rows) {
        const v = row[key];
        if (typeof v === 'string') idx.set(key === 'Id' ? v.slice(0, 15) : v, row);
      }
      this.indexes.set(cacheKey, idx);
    }
    return idx;
  }

  private resolve(table: TableDef, path: string[], soql: string): ResolvedPath {
    const names: string[] = [];
    const hops: ResolvedPath['hops'] = [];
    let current: TableDef | undefined = table;
    for (let i = 0; i < path.length - 1; i++) {
      const seg = path[i];
      const refField: FieldDef | undefined = current?.fields.find(
        (x) => x.type === 'reference' && x.relationshipName && sameName(x.relationshipName, seg)
      );
      if (!refField || !current) {
        throw new SoqlError(
          'INVALID_FIELD',
          `\n${soql}\nERROR at Row:1:Column:1\nDidn't understand relationship '${seg}' in field path. If you are attempting ` +
            "to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please " +
            'reference your WSDL or the describe call for the appropriate names.'
        );
      }
      names.push(refField.relationshipName as string);
      const target: TableDef | undefined = refField.referenceTo.map((r) => this.table(r)).find(Boolean);
      hops.push({ field: refField, table: target });
      current = target;
    }
    const last = path[path.length - 1];
    const field = current?.fields.find((x) => sameName(x.name, last));
    if (!field || !current) {
      throw new SoqlError(
        'INVALID_FIELD',
        `\n${soql}\nERROR at Row:1:Column:1\nNo such column '${last}' on entity '${
          current?.name ?? path.join('.')
        }'. ` +
          "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. " +
          'Please reference your WSDL or the describe call for the appropriate names.'
      );
    }
    names.push(field.name);
    return { names, hops, field };
  }

  /** The row a chain of lookups leads to (undefined when a lookup is empty or dangling). */
  private follow(row: Row, hops: ResolvedPath['hops']): Row | undefined {
    let current: Row | undefined = row;
    for (const hop of hops) {
      const v: unknown = current?.[hop.field.name];
      if (typeof v !== 'string' || !hop.table) return undefined;
      const key = hop.field.targetKey ?? 'Id';
      current = this.index(hop.table, key).get(key === 'Id' ? v.slice(0, 15) : v);
      if (!current) return undefined;
    }
    return current;
  }

  private valueOf(row: Row, r: ResolvedPath): unknown {
    const target = this.follow(row, r.hops);
    return target ? target[r.field.name] ?? null : null;
  }

  private matches(cond: Condition | undefined, get: (e: Expr) => unknown): boolean {
    if (!cond) return true;
    switch (cond.kind) {
      case 'and':
        return this.matches(cond.left, get) && this.matches(cond.right, get);
      case 'or':
        return this.matches(cond.left, get) || this.matches(cond.right, get);
      case 'not':
        return !this.matches(cond.inner, get);
      case 'semi': {
        const value = get(cond.left);
        const hit = value !== null && value !== undefined && (this.semiValues.get(cond)?.has(norm(value)) ?? false);
        return cond.negated ? !hit : hit;
      }
      default:
        return compare(get(cond.left), cond.op, cond.value, cond.like);
    }
  }

  private select(q: Query, table: TableDef, soql: string): Array<Record<string, unknown>> {
    const selected = q.select.map((s) => this.resolve(table, (s.expr as { path: string[] }).path, soql));
    const where = this.bindCondition(q.where, table, soql);
    let rows = expandWeighted(table).filter((row) => this.matches(q.where, (e) => where(row, e)));
    if (q.orderBy) {
      const keys = q.orderBy.map((o) => ({ o, r: this.resolve(table, (o.expr as { path: string[] }).path, soql) }));
      rows = [...rows].sort((a, b) => {
        for (const { o, r } of keys) {
          const c = order(this.valueOf(a, r), this.valueOf(b, r), o.desc, o.nullsLast);
          if (c !== 0) return c;
        }
        return 0;
      });
    }
    rows = rows.slice(q.offset ?? 0, q.limit !== undefined ? (q.offset ?? 0) + q.limit : undefined);
    return rows.map((row) => this.project(table, row, selected));
  }

  /** Builds the JSON record: nested relationship objects with their own attributes, null for an empty lookup. */
  private project(table: TableDef, row: Row, selected: ResolvedPath[]): Record<string, unknown> {
    const out: Record<string, unknown> = {
      attributes: { type: table.name, url: url(table, row, this.urlVersion, this.urlTooling) },
    };
    for (const r of selected) {
      let target: Record<string, unknown> = out;
      let current: Row | undefined = row;
      let ok = true;
      for (let i = 0; i < r.hops.length; i++) {
        const hop = r.hops[i];
        const next = this.follow(current, [hop]);
        const name = r.names[i];
        if (!next || !hop.table) {
          target[name] = null;
          ok = false;
          break;
        }
        if (!target[name] || typeof target[name] !== 'object') {
          target[name] = {
            attributes: { type: hop.table.name, url: url(hop.table, next, this.urlVersion, this.urlTooling) },
          };
        }
        target = target[name] as Record<string, unknown>;
        current = next;
      }
      if (ok && current) target[r.field.name] = current[r.field.name] ?? null;
    }
    return out;
  }

  private bindCondition(cond: Condition | undefined, table: TableDef, soql: string): (row: Row, e: Expr) => unknown {
    const cache = new Map<Expr, ResolvedPath>();
    const visit = (c: Condition | undefined): void => {
      if (!c) return;
      if (c.kind === 'and' || c.kind === 'or') {
        visit(c.left);
        visit(c.right);
      } else if (c.kind === 'not') visit(c.inner);
      else if (c.kind === 'semi') {
        const left = this.resolve(table, c.left.path, soql);
        cache.set(c.left, left);
        this.semiValues.set(c, this.subSelect(table, left, c.query, soql));
      } else if (c.kind === 'cmp') {
        const left: Expr = c.left;
        if (left.kind === 'agg') {
          throw new SoqlError('MALFORMED_QUERY', 'Aggregate functions are not allowed in WHERE; use HAVING');
        }
        cache.set(left, this.resolve(table, left.path, soql));
      }
    };
    visit(cond);
    return (row, e) => this.valueOf(row, cache.get(e) as ResolvedPath);
  }

  /**
   * The values a semi-join's sub-select gives (nulls left out), after the checks that need the schema: the left operand
   * and the selected field are each an Id or a lookup, and point at the same object type (SOQL reference,
   * "Considerations for Semi-Join and Anti-Join Queries"; the error texts are the emulator's own).
   */
  private subSelect(main: TableDef, left: ResolvedPath, sub: Query, soql: string): Set<unknown> {
    const table = this.table(sub.from);
    if (!table) throw new SoqlError('INVALID_TYPE', `sObject type '${sub.from}' is not supported.`);
    const selected = this.resolve(table, (sub.select[0].expr as { path: string[] }).path, soql);
    const targets = (field: FieldDef, owner: TableDef): string[] =>
      field.type === 'id' ? [owner.name] : field.type === 'reference' ? field.referenceTo : [];
    const leftTargets = targets(left.field, main);
    if (leftTargets.length === 0) {
      throw new SoqlError('INVALID_FIELD', `semi join left operand must be an Id or a reference: ${left.field.name}`);
    }
    const subTargets = targets(selected.field, table);
    if (subTargets.length === 0) {
      throw new SoqlError(
        'INVALID_FIELD',
        `semi join sub selects can only query id fields, cannot use: '${selected.field.name}'`
      );
    }
    if (!leftTargets.some((name) => subTargets.some((other) => sameName(name, other)))) {
      throw new SoqlError(
        'INVALID_FIELD',
        `semi join sub-select field ${table.name}.${selected.field.name} does not reference the type of ${left.field.name}`
      );
    }
    const where = this.bindCondition(sub.where, table, soql);
    const values = new Set<unknown>();
    for (const row of table.rows) {
      if (!this.matches(sub.where, (e) => where(row, e))) continue;
      const value = this.valueOf(row, selected);
      if (value !== null && value !== undefined) values.add(norm(value));
    }
    return values;
  }

  private aggregate(q: Query, table: TableDef, soql: string): Array<Record<string, unknown>> {
    const groupPaths = (q.groupBy ?? []).map((p) => this.resolve(table, p, soql));
    const groupKeys = groupPaths.map((r) => r.names.join('.').toLowerCase());
    for (const s of q.select) {
      if (s.expr.kind === 'field') {
        const r = this.resolve(table, s.expr.path, soql);
        if (!groupKeys.includes(r.names.join('.').toLowerCase())) {
          throw new SoqlError(
            'MALFORMED_QUERY',
            `\n${soql}\nERROR at Row:1:Column:1\nField must be grouped or aggregated: ${r.field.name}`
          );
        }
      }
    }
    const where = this.bindCondition(q.where, table, soql);
    const rows = table.rows.filter((row) => this.matches(q.where, (e) => where(row, e)));
    const groups = new Map<string, Group>();
    if (groupPaths.length === 0) groups.set('', { key: [], rows });
    else {
      for (const row of rows) {
        const key = groupPaths.map((r) => this.valueOf(row, r));
        const k = JSON.stringify(key.map((v) => (typeof v === 'string' ? v.toLowerCase() : v)));
        const g = groups.get(k) ?? { key, rows: [] };
        g.rows.push(row);
        groups.set(k, g);
      }
    }
    const aggValue = (g: Group, e: Expr): unknown => {
      if (e.kind === 'field') {
        const r = this.resolve(table, e.path, soql);
        const i = groupKeys.indexOf(r.names.join('.').toLowerCase());
        if (i < 0) throw new SoqlError('MALFORMED_QUERY', `Field must be grouped or aggregated: ${r.field.name}`);
        return g.key[i];
      }
      const r = e.arg ? this.resolve(table, e.arg, soql) : undefined;
      const values = g.rows.flatMap((row) => {
        const v = r ? this.valueOf(row, r) : 1;
        return v === null || v === undefined ? [] : [{ v, w: row.$weight ?? 1 }];
      });
      switch (e.fn) {
        case 'COUNT':
          return values.reduce((n, x) => n + x.w, 0);
        case 'COUNT_DISTINCT':
          return new Set(values.map((x) => (typeof x.v === 'string' ? x.v.toLowerCase() : x.v))).size;
        case 'SUM':
          return values.length ? values.reduce((n, x) => n + Number(x.v) * x.w, 0) : null;
        case 'AVG':
          return values.length
            ? values.reduce((n, x) => n + Number(x.v) * x.w, 0) / values.reduce((n, x) => n + x.w, 0)
            : null;
        case 'MIN':
          return values.length ? values.map((x) => x.v).sort((a, b) => order(a, b, false, true))[0] : null;
        default:
          return values.length ? values.map((x) => x.v).sort((a, b) => order(a, b, true, true))[0] : null;
      }
    };
    let list = [...groups.values()].filter((g) => this.matches(q.having, (e) => aggValue(g, e)));
    if (q.orderBy) {
      const keys = q.orderBy;
      list = list.sort((a, b) => {
        for (const o of keys) {
          const c = order(aggValue(a, o.expr), aggValue(b, o.expr), o.desc, o.nullsLast);
          if (c !== 0) return c;
        }
        return 0;
      });
    }
    list = list.slice(q.offset ?? 0, q.limit !== undefined ? (q.offset ?? 0) + q.limit : undefined);
    return list.map((g) => {
      const out: Record<string, unknown> = { attributes: { type: 'AggregateResult' } };
      let expr = 0;
      for (const s of q.select) {
        if (s.expr.kind === 'field') {
          out[s.alias ?? this.resolve(table, s.expr.path, soql).field.name] = aggValue(g, s.expr);
        } else {
          out[s.alias ?? `expr${expr++}`] = aggValue(g, s.expr);
        }
      }
      return out;
    });
  }
}

const url = (t: TableDef, row: Row, version: string, tooling: boolean): string => {
  const key = t.name === 'EntityDefinition' || t.name === 'FieldDefinition' ? row.DurableId : row.Id;
  return `/services/data/v${version}/${tooling ? 'tooling/' : ''}sobjects/${t.name}/${String(key)}`;
};

/** Weighted rows (child counts) become that many records, each with its own id. */
const expandWeighted = (table: TableDef): Row[] => {
  if (!table.rows.some((r) => r.$weight !== undefined)) return table.rows;
  const out: Row[] = [];
  let n = 0;
  for (const row of table.rows) {
    const { $weight: weight, ...rest } = row;
    if (weight === undefined) out.push(rest);
    else for (let i = 0; i < weight; i++) out.push({ ...rest, Id: makeId(table.keyPrefix, ++n) });
  }
  return out;
};

const norm = (v: unknown): unknown => (typeof v === 'string' ? v.toLowerCase() : v);

/** SOQL comparison: text compares case-insensitively, null only equals null. */
export const compare = (actual: unknown, op: string, value: Literal | Literal[], like?: RegExp): boolean => {
  const a = actual === undefined ? null : actual;
  switch (op) {
    case '=':
      return norm(a) === norm(value) || (typeof a === 'number' && a === Number(value));
    case '!=':
      return !(norm(a) === norm(value) || (typeof a === 'number' && a === Number(value)));
    case 'LIKE':
      return typeof a === 'string' && Boolean(like?.test(a));
    case 'IN':
      return (value as Literal[]).some((v) => norm(v) === norm(a));
    case 'NOT IN':
      return !(value as Literal[]).some((v) => norm(v) === norm(a));
    default: {
      if (a === null || value === null) return false;
      const c = order(a, value, false, false);
      return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
    }
  }
};

const order = (a: unknown, b: unknown, desc: boolean, nullsLast: boolean): number => {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an && bn ? 0 : an === nullsLast ? 1 : -1;
  let c: number;
  if (typeof a === 'number' && typeof b === 'number') c = a - b;
  else c = String(a).toLowerCase().localeCompare(String(b).toLowerCase());
  return desc ? -c : c;
};
