/**
 * SOAP Metadata API: request parsing, the sharing-set store, and responses shaped like the WSDL
 * (shared/reference/metadata.wsdl: FileProperties, ReadResult, SaveResult, UpsertResult, DeleteResult).
 */
import { XMLParser } from 'fast-xml-parser';
import type { FixtureAccessMapping, FixtureSharingSet } from './fixture.js';
import type { OrgData } from './orgdata.js';

const MD_NS = 'http://soap.sforce.com/2006/04/metadata';

/** Names per CRUD call (readMetadata, createMetadata, updateMetadata, upsertMetadata, deleteMetadata). */
export const MAX_NAMES_PER_CALL = 10;

export const WRITE_OPERATIONS = new Set([
  'createMetadata',
  'updateMetadata',
  'upsertMetadata',
  'deleteMetadata',
  'renameMetadata',
  'deploy',
]);

export type XNode = { name: string; attrs: Record<string, string>; children: XNode[]; text: string };

export type SoapRequest = {
  sessionId?: string;
  operation: string;
  /** The operation element. */
  body: XNode;
  /** fullNames the call names (read, delete, rename) or carries (create, update, upsert). */
  names: string[];
  metadataType?: string;
};

export type SoapResponse = { status: number; xml: string };

export class SoapFault extends Error {
  public constructor(
    public readonly faultcode: string,
    public readonly faultstring: string,
    public readonly status = 500
  ) {
    super(faultstring);
  }
}

type RawNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

const convert = (raw: RawNode[]): XNode[] =>
  raw.flatMap((n) => {
    const name = Object.keys(n).find((k) => k !== ':@');
    if (!name || name === '#text' || name.startsWith('?')) return [];
    const kids = (n[name] as RawNode[]) ?? [];
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(n[':@'] ?? {})) attrs[k.replace(/^@_/, '')] = String(v);
    const text = kids
      .filter((k) => '#text' in k)
      .map((k) => String(k['#text']))
      .join('');
    return [{ name, attrs, children: convert(kids), text }];
  });

const child = (node: XNode | undefined, name: string): XNode | undefined => node?.children.find((c) => c.name === name);
const childrenNamed = (node: XNode, name: string): XNode[] => node.children.filter((c) => c.name === name);

/** Parses a SOAP envelope; a body that is not one throws a soapenv:Client fault, as a real endpoint does. */
export const parseSoapRequest = (xml: string): SoapRequest => {
  let doc: XNode[];
  try {
    doc = convert(parser.parse(xml) as RawNode[]);
  } catch (e) {
    throw new SoapFault('soapenv:Client', `Unable to parse the request: ${(e as Error).message}`);
  }
  const envelope = doc.find((n) => n.name === 'Envelope');
  const body = child(envelope, 'Body')?.children[0];
  if (!envelope || !body) throw new SoapFault('soapenv:Client', 'Missing SOAP Envelope or Body');
  const sessionId = child(child(child(envelope, 'Header'), 'SessionHeader'), 'sessionId')?.text;
  const metadata = childrenNamed(body, 'metadata');
  const names = metadata.length
    ? metadata.map((m) => child(m, 'fullName')?.text ?? '')
    : [...childrenNamed(body, 'fullNames'), ...childrenNamed(body, 'oldFullName')].map((n) => n.text);
  const metadataType = child(body, 'type')?.text ?? metadata[0]?.attrs.type;
  return { sessionId, operation: body.name, body, names, ...(metadataType ? { metadataType } : {}) };
};

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const el = (name: string, content: string | number | boolean): string =>
  `<${name}>${typeof content === 'string' ? content : String(content)}</${name}>`;
const txt = (name: string, value: string): string => el(name, esc(value));

export const envelope = (body: string): string =>
  '<?xml version="1.0" encoding="UTF-8"?>' +
  '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
  `xmlns="${MD_NS}" xmlns:sf="${MD_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
  `<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;

export const faultXml = (faultcode: string, faultstring: string): string =>
  envelope(`<soapenv:Fault>${txt('faultcode', faultcode)}${txt('faultstring', faultstring)}</soapenv:Fault>`);

type ItemError = { statusCode: string; message: string; fields?: string[] };

const errorsXml = (errors: ItemError[]): string =>
  errors
    .map(
      (e) =>
        `<errors>${(e.fields ?? []).map((x) => txt('fields', x)).join('')}${txt('message', e.message)}${txt(
          'statusCode',
          e.statusCode
        )}</errors>`
    )
    .join('');

type StoredSet = FixtureSharingSet & {
  id: string;
  createdDate: string;
  lastModifiedDate: string;
};

const ACCESS_MAPPING_ORDER = ['accessLevel', 'object', 'objectField', 'userField'];
const SHARING_SET_ORDER = ['fullName', 'accessMappings', 'description', 'name', 'profiles'];
const REPEATABLE = new Set(['accessMappings', 'profiles']);

/** Element order and names as the XSD sequence allows; anything else is what a real endpoint rejects on parse. */
const checkSequence = (node: XNode, order: string[], typeName: string): void => {
  let last = -1;
  for (const c of node.children) {
    const idx = order.indexOf(c.name);
    if (idx < 0 || idx < last || (idx === last && !REPEATABLE.has(c.name))) {
      throw new SoapFault('soapenv:Client', `Element {${MD_NS}}${c.name} invalid at this location in type ${typeName}`);
    }
    last = idx;
  }
};

const isoNow = (): string =>
  new Date()
    .toISOString()
    .replace(/Z$/, '')
    .replace(/(\.\d{3})\d*$/, '$1') + 'Z';

const DEVELOPER_NAME = /^[A-Za-z](?!.*__)[A-Za-z0-9_]*(?<!_)$/;

const DESCRIBE_TYPES: Array<{
  xmlName: string;
  directoryName: string;
  suffix: string;
  metaFile?: boolean;
  inFolder?: boolean;
}> = [
  { xmlName: 'ApexClass', directoryName: 'classes', suffix: 'cls', metaFile: true },
  { xmlName: 'CustomObject', directoryName: 'objects', suffix: 'object' },
  { xmlName: 'Network', directoryName: 'networks', suffix: 'network' },
  { xmlName: 'PermissionSet', directoryName: 'permissionsets', suffix: 'permissionset' },
  { xmlName: 'Profile', directoryName: 'profiles', suffix: 'profile' },
  { xmlName: 'SharingRules', directoryName: 'sharingRules', suffix: 'sharingRules' },
  { xmlName: 'SharingSet', directoryName: 'sharingSets', suffix: 'sharingSet' },
  { xmlName: 'SharingSettings', directoryName: 'settings', suffix: 'settings' },
];

export type SoapOptions = {
  /** Make this fullName's item fail (partial-failure fault); others are processed normally. */
  failName?: string;
  /** readMetadata finds a set only under its exact fullName (behaviours.ts `exactCaseReadMetadata`). */
  exactCaseReadMetadata?: boolean;
};

/** The org's sharing sets as the Metadata API sees them. */
export class MetadataStore {
  /** What the org keeps of a set it is sent (behaviours.ts `normalisesOnWrite`); by default, the set as sent. */
  public keep?: (sent: FixtureSharingSet, old: FixtureSharingSet | undefined) => FixtureSharingSet;
  private readonly sets = new Map<string, StoredSet>();
  private seq = 0;

  public constructor(
    initial: FixtureSharingSet[],
    private readonly data: OrgData,
    private readonly profileNames: () => string[],
    private readonly user: { id: string; name: string }
  ) {
    const created = '2024-01-15T10:00:00.000Z';
    for (const s of initial) this.put(structuredClone(s), created);
  }

  public list(): FixtureSharingSet[] {
    return [...this.sets.values()].map((s) => ({
      fullName: s.fullName,
      name: s.name,
      ...(s.description !== undefined ? { description: s.description } : {}),
      profiles: [...s.profiles],
      accessMappings: s.accessMappings.map((m) => ({ ...m })),
    }));
  }

  public execute(req: SoapRequest, opts: SoapOptions = {}): SoapResponse {
    const op = req.operation;
    if (['readMetadata', 'createMetadata', 'updateMetadata', 'upsertMetadata', 'deleteMetadata'].includes(op)) {
      if (req.names.length > MAX_NAMES_PER_CALL) {
        throw new SoapFault(
          'sf:EXCEEDED_ID_LIMIT',
          `EXCEEDED_ID_LIMIT: record limit reached. cannot submit more than ${MAX_NAMES_PER_CALL} records in this operation`
        );
      }
    }
    switch (op) {
      case 'listMetadata':
        return respond(op, this.listXml(req.body));
      case 'describeMetadata':
        return respond(op, describeXml());
      case 'readMetadata':
        return respond(op, this.readXml(req, opts));
      case 'createMetadata':
      case 'updateMetadata':
      case 'upsertMetadata':
        return respond(op, this.saveXml(req, opts));
      case 'deleteMetadata':
        return respond(op, this.deleteXml(req, opts));
      case 'renameMetadata':
        return respond(op, this.renameXml(req));
      default:
        throw new SoapFault('soapenv:Client', `No operation available for request {${MD_NS}}${op}`);
    }
  }

  private put(s: FixtureSharingSet, now: string): StoredSet {
    const key = s.fullName.toLowerCase();
    const old = this.sets.get(key);
    const stored: StoredSet = {
      ...s,
      id: old?.id ?? `0CZ${String(++this.seq).padStart(12, '0')}AAA`,
      createdDate: old?.createdDate ?? now,
      lastModifiedDate: now,
    };
    this.sets.set(key, stored);
    return stored;
  }

  private listXml(body: XNode): string {
    const types = childrenNamed(body, 'queries').map((q) => child(q, 'type')?.text ?? '');
    if (!types.includes('SharingSet')) return '';
    return [...this.sets.values()]
      .map(
        (s) =>
          '<result>' +
          txt('createdById', this.user.id) +
          txt('createdByName', this.user.name) +
          txt('createdDate', s.createdDate) +
          txt('fileName', `sharingSets/${s.fullName}.sharingSet`) +
          txt('fullName', s.fullName) +
          txt('id', s.id) +
          txt('lastModifiedById', this.user.id) +
          txt('lastModifiedByName', this.user.name) +
          txt('lastModifiedDate', s.lastModifiedDate) +
          txt('manageableState', 'unmanaged') +
          txt('type', 'SharingSet') +
          '</result>'
      )
      .join('');
  }

  private readXml(req: SoapRequest, opts: SoapOptions = {}): string {
    if (req.metadataType !== 'SharingSet' && !DESCRIBE_TYPES.some((t) => t.xmlName === req.metadataType)) {
      throw new SoapFault(
        'sf:INVALID_TYPE',
        'INVALID_TYPE: This type of metadata is not available for this organization'
      );
    }
    const records = req.names.map((name) => {
      const stored = req.metadataType === 'SharingSet' ? this.sets.get(name.toLowerCase()) : undefined;
      const s = opts.exactCaseReadMetadata && stored?.fullName !== name ? undefined : stored;
      // A name the org does not have comes back as an empty, nil record with no fullName (not as an error).
      return s ? `<records xsi:type="SharingSet">${setXml(s)}</records>` : '<records xsi:nil="true"/>';
    });
    return `<result>${records.join('')}</result>`;
  }

  private saveXml(req: SoapRequest, opts: SoapOptions): string {
    const items = childrenNamed(req.body, 'metadata');
    const parsed = items.map((m) => {
      if (m.attrs.type !== 'SharingSet') {
        if (!m.attrs.type) {
          throw new SoapFault(
            'soapenv:Client',
            `Must specify a {http://www.w3.org/2001/XMLSchema-instance}type attribute value for the {${MD_NS}}metadata element`
          );
        }
        return { fullName: child(m, 'fullName')?.text ?? '', set: undefined, type: m.attrs.type };
      }
      const read = parseSharingSet(m);
      // What the org keeps of it (behaviours.ts `normalisesOnWrite`) is what it checks and stores.
      const kept = read.set && this.keep ? this.keep(read.set, this.sets.get(read.fullName.toLowerCase())) : read.set;
      return { ...read, set: kept, type: 'SharingSet' };
    });
    const now = isoNow();
    const upsert = req.operation === 'upsertMetadata';
    return parsed
      .map((p) => {
        const fullName = p.fullName;
        const errors: ItemError[] = [];
        const exists = this.sets.has(fullName.toLowerCase());
        if (opts.failName !== undefined && opts.failName.toLowerCase() === fullName.toLowerCase()) {
          errors.push({
            statusCode: 'UNKNOWN_EXCEPTION',
            message:
              'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567-89012 (-1)',
          });
        } else if (!p.set) {
          errors.push({
            statusCode: 'INVALID_TYPE',
            message: `Cannot create or update metadata of type ${p.type} in this org`,
          });
        } else {
          errors.push(...this.validate(p.set));
          if (errors.length === 0) {
            if (req.operation === 'createMetadata' && exists) {
              errors.push({
                statusCode: 'DUPLICATE_DEVELOPER_NAME',
                message: `The Sharing Set Name "${fullName}" is already in use. Enter a unique name.`,
                fields: ['fullName'],
              });
            } else if (req.operation === 'updateMetadata' && !exists) {
              errors.push({
                statusCode: 'INVALID_CROSS_REFERENCE_KEY',
                message: `In field: fullName - no SharingSet named ${fullName} found`,
              });
            }
          }
        }
        if (errors.length === 0 && p.set) this.put(p.set, now);
        const success = errors.length === 0;
        return (
          '<result>' +
          (upsert ? el('created', success && !exists) : '') +
          errorsXml(errors) +
          txt('fullName', fullName) +
          el('success', success) +
          '</result>'
        );
      })
      .join('');
  }

  private deleteXml(req: SoapRequest, opts: SoapOptions): string {
    return req.names
      .map((name) => {
        const errors: ItemError[] = [];
        if (opts.failName !== undefined && opts.failName.toLowerCase() === name.toLowerCase()) {
          errors.push({ statusCode: 'UNKNOWN_EXCEPTION', message: 'An unexpected error occurred. (-1)' });
        } else if (req.metadataType !== 'SharingSet' || !this.sets.has(name.toLowerCase())) {
          errors.push({
            statusCode: 'INVALID_CROSS_REFERENCE_KEY',
            message: `In field: fullName - no ${req.metadataType ?? 'Metadata'} named ${name} found`,
          });
        } else this.sets.delete(name.toLowerCase());
        return (
          '<result>' + errorsXml(errors) + txt('fullName', name) + el('success', errors.length === 0) + '</result>'
        );
      })
      .join('');
  }

  private renameXml(req: SoapRequest): string {
    const oldName = child(req.body, 'oldFullName')?.text ?? '';
    const newName = child(req.body, 'newFullName')?.text ?? '';
    const s = this.sets.get(oldName.toLowerCase());
    const errors: ItemError[] = [];
    if (req.metadataType !== 'SharingSet' || !s) {
      errors.push({
        statusCode: 'INVALID_CROSS_REFERENCE_KEY',
        message: `In field: fullName - no SharingSet named ${oldName} found`,
      });
    } else if (this.sets.has(newName.toLowerCase())) {
      errors.push({
        statusCode: 'DUPLICATE_DEVELOPER_NAME',
        message: `The Sharing Set Name "${newName}" is already in use.`,
      });
    } else if (!DEVELOPER_NAME.test(newName)) {
      errors.push({ statusCode: 'FIELD_INTEGRITY_EXCEPTION', message: developerNameMessage, fields: ['fullName'] });
    } else {
      this.sets.delete(oldName.toLowerCase());
      this.put({ ...s, fullName: newName }, isoNow());
    }
    return '<result>' + errorsXml(errors) + txt('fullName', newName) + el('success', errors.length === 0) + '</result>';
  }

  /** Checks a real org makes on save (beyond XML shape). Messages follow the org's wording where known. */
  private validate(s: FixtureSharingSet): ItemError[] {
    const errors: ItemError[] = [];
    if (!s.fullName)
      errors.push({
        statusCode: 'REQUIRED_FIELD_MISSING',
        message: 'Required field is missing: fullName',
        fields: ['fullName'],
      });
    else if (!DEVELOPER_NAME.test(s.fullName) || s.fullName.length > 80) {
      errors.push({ statusCode: 'FIELD_INTEGRITY_EXCEPTION', message: developerNameMessage, fields: ['fullName'] });
    }
    if (!s.name)
      errors.push({
        statusCode: 'REQUIRED_FIELD_MISSING',
        message: 'Required field is missing: name',
        fields: ['name'],
      });
    else if (s.name.length > 80) {
      errors.push({
        statusCode: 'STRING_TOO_LONG',
        message: 'Label: data value too large (max length=80)',
        fields: ['name'],
      });
    }
    if (s.description !== undefined && s.description.length > 255) {
      errors.push({
        statusCode: 'STRING_TOO_LONG',
        message: `Description: data value too large: ${s.description.slice(0, 20)}... (max length=255)`,
        fields: ['description'],
      });
    }
    const known = new Set(this.profileNames().map((p) => p.toLowerCase()));
    for (const p of s.profiles) {
      if (!known.has(p.toLowerCase())) {
        errors.push({
          statusCode: 'FIELD_INTEGRITY_EXCEPTION',
          message: `Profile not found: ${p}`,
          fields: ['profiles'],
        });
      }
    }
    s.accessMappings.forEach((m, i) => errors.push(...this.validateMapping(m, i)));
    return errors;
  }

  private validateMapping(m: Partial<FixtureAccessMapping>, i: number): ItemError[] {
    const errors: ItemError[] = [];
    for (const key of ACCESS_MAPPING_ORDER) {
      if (!m[key as keyof FixtureAccessMapping]) {
        errors.push({
          statusCode: 'REQUIRED_FIELD_MISSING',
          message: `Required field is missing: accessMappings[${i}].${key}`,
          fields: [key],
        });
      }
    }
    if (errors.length) return errors;
    const mapping = m as FixtureAccessMapping;
    if (mapping.accessLevel !== 'Read' && mapping.accessLevel !== 'Edit') {
      errors.push({
        statusCode: 'FIELD_INTEGRITY_EXCEPTION',
        message: `Invalid access level: ${mapping.accessLevel}. Valid values are Read and Edit.`,
        fields: ['accessLevel'],
      });
    }
    const table = this.data.table(mapping.object);
    if (!table) {
      errors.push({
        statusCode: 'FIELD_INTEGRITY_EXCEPTION',
        message: `Invalid object: ${mapping.object}`,
        fields: ['object'],
      });
      return errors;
    }
    if (!this.resolvesToAccountOrContact(table.name, mapping.objectField)) {
      errors.push({
        statusCode: 'FIELD_INTEGRITY_EXCEPTION',
        message: `Invalid objectField ${mapping.objectField} on ${table.name}: it must be a lookup path to Account or Contact`,
        fields: ['objectField'],
      });
    }
    if (!/^(Account|Contact|Manager)(\.[A-Za-z][A-Za-z0-9_]*)?$/i.test(mapping.userField)) {
      errors.push({
        statusCode: 'FIELD_INTEGRITY_EXCEPTION',
        message: `Invalid userField: ${mapping.userField}`,
        fields: ['userField'],
      });
    }
    return errors;
  }

  /** Follows relationship names (or custom field names) from `object`; true when the path can end at Account or Contact. */
  private resolvesToAccountOrContact(object: string, path: string): boolean {
    const isTarget = (o: string): boolean => ['account', 'contact'].includes(o.toLowerCase());
    if (path.toLowerCase() === 'id') return isTarget(object);
    let current = [object];
    for (const seg of path.split('.')) {
      const next = current.flatMap((o) => {
        const t = this.data.table(o);
        const field = t?.fields.find(
          (x) =>
            x.type === 'reference' &&
            (x.relationshipName?.toLowerCase() === seg.toLowerCase() ||
              (seg.toLowerCase().endsWith('__c') && x.name.toLowerCase() === seg.toLowerCase()))
        );
        return field?.referenceTo ?? [];
      });
      if (next.length === 0) return false;
      current = next;
    }
    return current.some(isTarget);
  }
}

const describeXml = (): string =>
  '<result>' +
  DESCRIBE_TYPES.map(
    (t) =>
      '<metadataObjects>' +
      txt('directoryName', t.directoryName) +
      el('inFolder', Boolean(t.inFolder)) +
      el('metaFile', Boolean(t.metaFile)) +
      txt('suffix', t.suffix) +
      txt('xmlName', t.xmlName) +
      '</metadataObjects>'
  ).join('') +
  '<organizationNamespace></organizationNamespace>' +
  el('partialSaveAllowed', true) +
  el('testRequired', false) +
  '</result>';

const respond = (op: string, inner: string): SoapResponse => ({
  status: 200,
  xml: envelope(inner ? `<${op}Response>${inner}</${op}Response>` : `<${op}Response/>`),
});

const developerNameMessage =
  'The Sharing Set Name can only contain underscores and alphanumeric characters. It must be unique, begin with a ' +
  'letter, not include spaces, not end with an underscore, and not contain two consecutive underscores.';

const setXml = (s: FixtureSharingSet): string =>
  txt('fullName', s.fullName) +
  s.accessMappings
    .map(
      (m) =>
        '<accessMappings>' +
        txt('accessLevel', m.accessLevel) +
        txt('object', m.object) +
        txt('objectField', m.objectField) +
        txt('userField', m.userField) +
        '</accessMappings>'
    )
    .join('') +
  (s.description !== undefined ? txt('description', s.description) : '') +
  txt('name', s.name) +
  s.profiles.map((p) => txt('profiles', p)).join('');

/** An element of a simple type (xsd:string) must hold text only. */
const checkSimple = (nodes: XNode[]): void => {
  for (const n of nodes) {
    if (n.children.length > 0) {
      throw new SoapFault(
        'soapenv:Client',
        `Element {${MD_NS}}${n.children[0].name} invalid at this location in type string`
      );
    }
  }
};

const parseSharingSet = (m: XNode): { fullName: string; set: FixtureSharingSet } => {
  checkSequence(m, SHARING_SET_ORDER, 'SharingSet');
  checkSimple(m.children.filter((c) => c.name !== 'accessMappings'));
  const accessMappings = childrenNamed(m, 'accessMappings').map((a) => {
    checkSequence(a, ACCESS_MAPPING_ORDER, 'AccessMapping');
    checkSimple(a.children);
    const get = (k: string): string => child(a, k)?.text ?? '';
    return {
      accessLevel: get('accessLevel'),
      object: get('object'),
      objectField: get('objectField'),
      userField: get('userField'),
    };
  });
  const description = child(m, 'description');
  const fullName = child(m, 'fullName')?.text ?? '';
  return {
    fullName,
    set: {
      fullName,
      name: child(m, 'name')?.text ?? '',
      ...(description && description.attrs.nil !== 'true' ? { description: description.text } : {}),
      profiles: childrenNamed(m, 'profiles').map((p) => p.text),
      accessMappings,
    },
  };
};
