/**
 * Sharing-set files: `sharingSets/<fullName>.sharingSet-meta.xml` (source format) and `.sharingSet` (metadata
 * format). Reading rejects what a deploy would reject, with the file, the line and what to change; writing follows the
 * XSD order of the Metadata API's SharingSet type (shared/reference/metadata.wsdl: accessMappings*, description?,
 * name, profiles*; AccessMapping: accessLevel, object, objectField, userField).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { mappingKey, profileKey } from '../model/names.js';
import type { AccessLevel, AccessMapping, SharingSet } from '../model/types.js';

export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

/** Largest sharing-set file read: real ones are a few kilobytes. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** Deepest element nesting a sharing-set file can have (SharingSet > accessMappings > field is 3). */
const MAX_DEPTH = 8;

const SET_ELEMENTS = ['accessMappings', 'description', 'name', 'profiles'] as const;
const MAPPING_ELEMENTS = ['accessLevel', 'object', 'objectField', 'userField'] as const;

/** A sharing-set file a deploy would reject: where, what, and what to change. */
export class SharingSetFileError extends Error {
  public constructor(
    public readonly file: string,
    public readonly line: number,
    public readonly problem: string,
    public readonly fix: string
  ) {
    super(`${file}:${line}: ${problem} ${fix}`.trim());
    this.name = 'SharingSetFileError';
  }
}

/** Decodes a file's bytes as UTF-8, refusing invalid sequences rather than replacing them silently. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SharingSetFileError(file, 1, 'The file is not valid UTF-8.', 'Save it with UTF-8 encoding.');
  }
}

/** Parses a sharing-set file's text; `fullName` comes from the file name. */
export function parseSharingSetXml(xml: string, file: string, fullName: string): SharingSet {
  const fail = (line: number, problem: string, fix = ''): never => {
    throw new SharingSetFileError(file, line, problem, fix);
  };
  checkText(xml, fail);
  const root = parseRoot(xml, fail);
  const accessMappings = readMappings(xml, root, fail);
  const profiles = readProfiles(xml, root, fail);
  const description = readDescription(xml, root, fail);
  if (typeof root.name !== 'string' || root.name === '') {
    fail(
      lineOf(xml, 'SharingSet'),
      'The sharing set has no <name> (its label).',
      'Add <name>Label shown in Setup</name>.'
    );
  }
  return {
    fullName,
    label: root.name as string,
    ...(description ? { description } : {}),
    profiles,
    accessMappings,
    location: {
      file,
      line: lineOf(xml, 'SharingSet'),
      mappingLines: linesOf(xml, 'accessMappings'),
      profileLines: linesOf(xml, 'profiles'),
    },
  };
}

type Fail = (line: number, problem: string, fix?: string) => never;

/** Checks made on the raw text before any parsing: size, declarations, nesting depth, well-formedness. */
function checkText(xml: string, fail: Fail): void {
  if (xml.length > MAX_FILE_BYTES)
    fail(
      1,
      `The file is larger than ${MAX_FILE_BYTES / 1024} KB.`,
      'A sharing-set file is a few kilobytes; check it is the right file.'
    );
  const declaration = /<!(DOCTYPE|ENTITY)/i.exec(xml);
  if (declaration) {
    fail(
      lineAt(xml, declaration.index),
      `The file declares a ${declaration[1].toUpperCase()}.`,
      'Metadata files have no DOCTYPE or entity declarations; remove it.'
    );
  }
  const depth = maxDepth(xml);
  if (depth.depth > MAX_DEPTH)
    fail(depth.line, `Elements are nested ${depth.depth} levels deep.`, 'A sharing set nests at most 3 levels.');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) fail(valid.err.line, `The XML is malformed: ${valid.err.msg}`, 'Fix the XML syntax.');
}

/** The <SharingSet> element's children, after checking the root, its namespace and that no unknown element is used. */
function parseRoot(xml: string, fail: Fail): Record<string, unknown> {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    trimValues: true,
    processEntities: true,
    isArray: (name) => name === 'accessMappings' || name === 'profiles',
  });
  const document = parser.parse(xml) as Record<string, unknown>;
  const roots = Object.keys(document).filter((key) => !key.startsWith('?'));
  if (roots.length !== 1 || roots[0] !== 'SharingSet') {
    fail(
      1,
      `The root element is <${roots[0] ?? ''}>, not <SharingSet>.`,
      'A sharing-set file has one <SharingSet> root element.'
    );
  }
  const root = (document.SharingSet ?? {}) as Record<string, unknown>;
  if (typeof root !== 'object') fail(1, 'The <SharingSet> element is empty.', 'Add at least a <name> element.');
  if (root['@_xmlns'] !== METADATA_NAMESPACE) {
    fail(
      lineOf(xml, 'SharingSet'),
      'The <SharingSet> element is not in the Metadata API namespace.',
      `Add xmlns="${METADATA_NAMESPACE}".`
    );
  }
  for (const key of Object.keys(root)) {
    if (key.startsWith('@_')) continue;
    if (!(SET_ELEMENTS as readonly string[]).includes(key)) {
      fail(lineOf(xml, key), `<${key}> is not an element of a sharing set.`, unknownElementFix(key));
    }
  }
  return root;
}

function readMappings(xml: string, root: Record<string, unknown>, fail: Fail): AccessMapping[] {
  const mappingLines = linesOf(xml, 'accessMappings');
  const accessMappings = ((root.accessMappings ?? []) as unknown[]).map((raw, index): AccessMapping => {
    const line = mappingLines[index] ?? 1;
    if (typeof raw !== 'object' || raw === null)
      fail(line, 'An <accessMappings> element is empty.', 'Give it accessLevel, object, objectField and userField.');
    const mapping = raw as Record<string, unknown>;
    for (const key of Object.keys(mapping)) {
      if (!(MAPPING_ELEMENTS as readonly string[]).includes(key)) {
        fail(
          line,
          `<${key}> is not an element of an access mapping.`,
          'An access mapping has accessLevel, object, objectField and userField only.'
        );
      }
    }
    for (const key of MAPPING_ELEMENTS) {
      if (typeof mapping[key] !== 'string' || mapping[key] === '') {
        fail(
          line,
          `The access mapping has no <${key}>.`,
          'Every access mapping needs accessLevel, object, objectField and userField.'
        );
      }
    }
    const accessLevel = mapping.accessLevel as string;
    if (accessLevel !== 'Read' && accessLevel !== 'Edit') {
      fail(line, `accessLevel is "${accessLevel}".`, 'Use Read or Edit.');
    }
    return {
      accessLevel: accessLevel as AccessLevel,
      object: mapping.object as string,
      objectField: mapping.objectField as string,
      userField: mapping.userField as string,
    };
  });
  const seen = new Map<string, number>();
  accessMappings.forEach((mapping, index) => {
    const key = mappingKey(mapping);
    if (seen.has(key)) {
      fail(
        mappingLines[index] ?? 1,
        `The mapping ${mapping.object}.${mapping.objectField} = ${mapping.userField} appears twice.`,
        'Keep one of them.'
      );
    }
    seen.set(key, index);
  });
  return accessMappings;
}

function readProfiles(xml: string, root: Record<string, unknown>, fail: Fail): string[] {
  const profileLines = linesOf(xml, 'profiles');
  const profiles = ((root.profiles ?? []) as unknown[]).map((raw, index) => {
    if (typeof raw !== 'string') {
      fail(
        profileLines[index] ?? 1,
        '<profiles> holds elements instead of a profile name.',
        'Write each profile name directly: <profiles>Customer Community User</profiles>, one element per profile.'
      );
    }
    return raw;
  });
  const profileKeys = new Set<string>();
  profiles.forEach((name, index) => {
    if (name === '')
      fail(profileLines[index] ?? 1, 'A <profiles> element is empty.', 'Write the profile name in it, or remove it.');
    if (profileKeys.has(profileKey(name)))
      fail(profileLines[index] ?? 1, `The profile "${name}" is listed twice.`, 'Keep one of them.');
    profileKeys.add(profileKey(name));
  });
  return profiles;
}

function readDescription(xml: string, root: Record<string, unknown>, fail: Fail): string | undefined {
  if (root.description !== undefined && typeof root.description !== 'string') {
    fail(lineOf(xml, 'description'), '<description> holds elements.', 'Write plain text in it.');
  }
  const description = root.description;
  if (description !== undefined && description.length > 255) {
    fail(
      lineOf(xml, 'description'),
      `The description has ${description.length} characters.`,
      'Shorten it to at most 255 characters.'
    );
  }
  return description;
}

/** The file text for a sharing set: XSD element order, 4-space indentation, XML special characters escaped. */
export function serializeSharingSet(set: SharingSet): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<SharingSet xmlns="${METADATA_NAMESPACE}">`];
  for (const mapping of set.accessMappings) {
    lines.push('    <accessMappings>');
    for (const key of MAPPING_ELEMENTS) lines.push(`        <${key}>${escapeXml(mapping[key])}</${key}>`);
    lines.push('    </accessMappings>');
  }
  if (set.description) lines.push(`    <description>${escapeXml(set.description)}</description>`);
  lines.push(`    <name>${escapeXml(set.label)}</name>`);
  for (const profile of set.profiles) lines.push(`    <profiles>${escapeXml(profile)}</profiles>`);
  lines.push('</SharingSet>', '');
  return lines.join('\n');
}

/** Escapes the five XML special characters. */
export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[char] as string};`
  );
}

function unknownElementFix(key: string): string {
  if (key === 'label') return 'The label goes in <name>; remove <label>.';
  if (key === 'permissionSets') return 'Sharing sets apply to profiles only; remove <permissionSets>.';
  return 'A sharing set has accessMappings, description, name and profiles only.';
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** 1-based lines of every opening tag `<name>` (or `<name ...>`), in document order. */
function linesOf(text: string, name: string): number[] {
  const lines: number[] = [];
  const pattern = new RegExp(`<${name}[\\s>/]`, 'g');
  let line = 1;
  let position = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    for (; position < match.index; position++) if (text.charCodeAt(position) === 10) line++;
    lines.push(line);
  }
  return lines;
}

function lineOf(text: string, name: string): number {
  return linesOf(text, name)[0] ?? 1;
}

/** The deepest element nesting in a text, found by a linear scan (so a hostile file cannot exhaust the stack). */
function maxDepth(text: string): { depth: number; line: number } {
  let depth = 0;
  let deepest = { depth: 0, line: 1 };
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) line++;
    if (code !== 60) continue;
    const next = text[i + 1];
    if (next === '/') depth--;
    else if (next !== '?' && next !== '!') {
      const close = text.indexOf('>', i);
      if (close > 0 && text[close - 1] !== '/') depth++;
      if (depth > deepest.depth) deepest = { depth, line };
    }
  }
  return deepest;
}
