/**
 * Sharing-set files: `sharingSets/<fullName>.sharingSet-meta.xml` (source format) and `.sharingSet` (metadata
 * format). Reading rejects what a deploy would reject, with the file, the line and what to change; writing follows the
 * XSD order of the Metadata API's SharingSet type (shared/reference/metadata.wsdl: accessMappings*, description?,
 * name, profiles*; AccessMapping: accessLevel, object, objectField, userField).
 *
 * Values are trimmed of XML whitespace at both ends, as Salesforce stores them [UNC: inferred from retrieved files,
 * which never carry surrounding whitespace]; inner whitespace and the spelling of profile names are kept. Elements are
 * read in any order and normalised to XSD order on write; how a file departs from that layout (a section split by
 * another element, which a deploy rejects; elements out of XSD order, which it may not: docs/salesforce-facts.md §6
 * "Files a deploy rejects") is recorded in `location.layout` for the audit to report and `--fix` to rewrite.
 */
import { mappingKey, nameKey } from '../model/names.js';
import type { AccessLevel, AccessMapping, LayoutIssue, SharingSet } from '../model/types.js';
import { validateApiName } from './apiName.js';
import { readXml, SourceFileError, trimXml, type SourceFileErrorCode, type XmlElement } from './xmlReader.js';

export { decodeUtf8, SourceFileError as SharingSetFileError, type SourceFileErrorCode } from './xmlReader.js';

export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

/** Largest sharing-set file read: real ones are a few kilobytes. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** Deepest element nesting accepted (SharingSet > accessMappings > field is 3; a little room for a useful message). */
const MAX_DEPTH = 8;

/** Longest description the Metadata API accepts (SharingSet field reference: "Limit: 255 characters"). */
export const MAX_DESCRIPTION = 255;

/** fullName comes from Metadata, the base type (WSDL); files converted by SDR never hold it, but a deploy accepts it. */
const SET_ELEMENTS = ['fullName', 'accessMappings', 'description', 'name', 'profiles'] as const;
const MAPPING_ELEMENTS = ['accessLevel', 'object', 'objectField', 'userField'] as const;
const ACCESS_LEVELS: readonly string[] = ['Read', 'Edit'] satisfies AccessLevel[];

type Fail = (line: number, problem: string, fix: string, code: SourceFileErrorCode) => never;

export type ParseOptions = {
  /**
   * Accept a mapping or a profile written twice, recording it in `location.layout` instead of failing: a project's
   * audit reports it (and `--fix` drops an exact copy). A definition about to be written to an org stays strict.
   */
  lenient?: boolean;
};

/**
 * Parses a sharing-set file's text into a SharingSet, with line numbers in `location` for SARIF.
 *
 * @param xml the file's text (decode bytes with `decodeUtf8` first)
 * @param file the path shown in errors and stored in `location.file`
 * @param fullName the API name, taken from the file name; it must be a valid API name
 * @throws SharingSetFileError (file, 1-based line, problem, fix, code) for anything a deploy would reject
 */
export function parseSharingSetXml(
  xml: string,
  file: string,
  fullName: string,
  options: ParseOptions = {}
): SharingSet {
  const fail: Fail = (line, problem, fix, code) => {
    throw new SourceFileError(file, line, problem, fix, code);
  };
  const nameProblem = validateApiName(fullName);
  if (nameProblem) {
    fail(1, `The file name gives the API name "${fullName}": ${nameProblem}.`, 'Rename the file.', 'invalid-name');
  }
  const root = readXml(xml, file, { maxBytes: MAX_FILE_BYTES, maxDepth: MAX_DEPTH });
  checkRoot(root, fail);

  const byName = new Map<string, XmlElement[]>();
  for (const child of root.children) {
    if (!(SET_ELEMENTS as readonly string[]).includes(child.name) || foreignNamespace(child)) {
      fail(
        child.line,
        `<${child.name}> is not an element of a sharing set.`,
        unknownElementFix(child.name),
        'unknown-element'
      );
    }
    byName.set(child.name, [...(byName.get(child.name) ?? []), child]);
  }
  for (const single of ['fullName', 'name', 'description']) {
    const found = byName.get(single) ?? [];
    if (found.length > 1) {
      fail(found[1].line, `<${single}> appears ${found.length} times.`, 'Keep one of them.', 'duplicate-element');
    }
  }

  checkFullName(byName.get('fullName')?.[0], fullName, fail);
  const nameElement = byName.get('name')?.[0];
  const label = nameElement ? textOf(nameElement, fail) : '';
  if (label === '') {
    fail(
      nameElement?.line ?? root.line,
      'The sharing set has no <name> (its label).',
      'Add <name>Label shown in Setup</name>.',
      'missing-element'
    );
  }
  const descriptionElement = byName.get('description')?.[0];
  const description = descriptionElement ? textOf(descriptionElement, fail) : '';
  if (descriptionElement && description.length > MAX_DESCRIPTION) {
    fail(
      descriptionElement.line,
      `The description has ${description.length} characters.`,
      `Shorten it to at most ${MAX_DESCRIPTION} characters.`,
      'description-too-long'
    );
  }
  const layout = sectionLayout(root.children, SET_ELEMENTS);
  const mappingElements = byName.get('accessMappings') ?? [];
  const duplicates = options.lenient ? layout : undefined;
  const accessMappings = readMappings(mappingElements, fail, duplicates);
  const profileElements = byName.get('profiles') ?? [];
  const profiles = readProfiles(profileElements, fail, duplicates);

  return {
    fullName,
    label,
    ...(description ? { description } : {}),
    profiles,
    accessMappings,
    location: {
      file,
      line: root.line,
      mappingLines: mappingElements.map((element) => element.line),
      profileLines: profileElements.map((element) => element.line),
      ...(layout.length > 0 ? { layout: layout.sort((a, b) => a.line - b.line) } : {}),
    },
  };
}

/**
 * How `children` depart from the XSD sequence `order`: each element written again after a different one (a split
 * section, reported once per element at its first re-opening), and each element met after one the sequence puts later.
 */
function sectionLayout(children: XmlElement[], order: readonly string[]): LayoutIssue[] {
  const issues: LayoutIssue[] = [];
  const firstLine = new Map<string, number>();
  const split = new Set<string>();
  let latest: XmlElement | undefined;
  let previous: XmlElement | undefined;
  for (const child of children) {
    const seen = firstLine.get(child.name);
    if (seen !== undefined && previous?.name !== child.name && !split.has(child.name)) {
      split.add(child.name);
      issues.push({ kind: 'split-section', element: child.name, line: child.line, firstLine: seen });
    } else if (seen === undefined && latest && order.indexOf(child.name) < order.indexOf(latest.name)) {
      issues.push({ kind: 'element-order', element: child.name, line: child.line, firstLine: latest.line });
    }
    if (seen === undefined) firstLine.set(child.name, child.line);
    if (!latest || order.indexOf(child.name) > order.indexOf(latest.name)) latest = child;
    previous = child;
  }
  return issues;
}

/** A <fullName> element, when present, must agree with the file name. */
function checkFullName(element: XmlElement | undefined, fullName: string, fail: Fail): void {
  if (element && textOf(element, fail) !== fullName) {
    fail(
      element.line,
      `<fullName> says "${textOf(element, fail)}" but the file name says "${fullName}".`,
      'Remove <fullName> (the file name is the API name) or make them agree.',
      'invalid-value'
    );
  }
}

function checkRoot(root: XmlElement, fail: Fail): void {
  const local = root.name.slice(root.name.indexOf(':') + 1);
  if (root.name !== 'SharingSet') {
    fail(
      root.line,
      `The root element is <${root.name}>, not <SharingSet>.`,
      local === 'SharingSet'
        ? `Write the root without a prefix: <SharingSet xmlns="${METADATA_NAMESPACE}">.`
        : 'A sharing-set file has one <SharingSet> root element.',
      'wrong-root'
    );
  }
  if (root.attributes.xmlns !== METADATA_NAMESPACE) {
    fail(
      root.line,
      'The <SharingSet> element is not in the Metadata API namespace.',
      `Add xmlns="${METADATA_NAMESPACE}".`,
      'wrong-namespace'
    );
  }
  if (trimXml(root.text) !== '') {
    fail(root.line, '<SharingSet> holds text outside its elements.', 'Remove the stray text.', 'unexpected-text');
  }
}

function readMappings(elements: XmlElement[], fail: Fail, layout?: LayoutIssue[]): AccessMapping[] {
  const seen = new Map<string, { line: number; text: string }>();
  return elements.map((element): AccessMapping => {
    if (trimXml(element.text) !== '') {
      fail(
        element.line,
        '<accessMappings> holds text outside its elements.',
        'Remove the stray text.',
        'unexpected-text'
      );
    }
    const values: Partial<Record<(typeof MAPPING_ELEMENTS)[number], string>> = {};
    for (const child of element.children) {
      const key = child.name as (typeof MAPPING_ELEMENTS)[number];
      if (!(MAPPING_ELEMENTS as readonly string[]).includes(key) || foreignNamespace(child)) {
        fail(
          child.line,
          `<${child.name}> is not an element of an access mapping.`,
          'An access mapping has accessLevel, object, objectField and userField only.',
          'unknown-element'
        );
      }
      if (values[key] !== undefined) {
        fail(child.line, `<${key}> appears twice in one access mapping.`, 'Keep one of them.', 'duplicate-element');
      }
      values[key] = textOf(child, fail);
    }
    for (const key of MAPPING_ELEMENTS) {
      if (!values[key]) {
        fail(
          element.line,
          `The access mapping has no <${key}>.`,
          'Every access mapping needs accessLevel, object, objectField and userField.',
          'missing-element'
        );
      }
    }
    const mapping = values as Record<(typeof MAPPING_ELEMENTS)[number], string>;
    if (!ACCESS_LEVELS.includes(mapping.accessLevel)) {
      fail(element.line, `accessLevel is "${mapping.accessLevel}".`, 'Use Read or Edit.', 'invalid-value');
    }
    layout?.push(
      ...sectionLayout(element.children, MAPPING_ELEMENTS).filter((issue) => issue.kind === 'element-order')
    );
    const text = MAPPING_ELEMENTS.map((name) => mapping[name]).join('\u0000');
    noteRepeat(
      { seen, key: mappingKey(mapping), text, line: element.line, kind: 'duplicate-mapping', layout, fail },
      (firstLine) =>
        `The mapping ${mapping.object}.${mapping.objectField} = ${mapping.userField} appears twice (first on line ${firstLine}).`
    );
    return {
      accessLevel: mapping.accessLevel as AccessLevel,
      object: mapping.object,
      objectField: mapping.objectField,
      userField: mapping.userField,
    };
  });
}

function readProfiles(elements: XmlElement[], fail: Fail, layout?: LayoutIssue[]): string[] {
  const seen = new Map<string, { line: number; text: string }>();
  return elements.map((element) => {
    if (element.children.length > 0) {
      fail(
        element.line,
        '<profiles> holds elements instead of a profile name.',
        'Write each profile name directly: <profiles>Customer Community User</profiles>, one element per profile.',
        'profile-wrapper'
      );
    }
    const name = textOf(element, fail);
    if (name === '') {
      fail(
        element.line,
        'A <profiles> element is empty.',
        'Write the profile name in it, or remove it.',
        'missing-element'
      );
    }
    noteRepeat(
      { seen, key: nameKey(name), text: name, line: element.line, kind: 'duplicate-profile', layout, fail },
      (firstLine) =>
        `The profile "${name}" is listed twice (first on line ${firstLine}; names are compared ignoring case).`
    );
    return name;
  });
}

/**
 * Remembers the first profile or mapping under each key; a repeat is a layout issue when the caller collects them (the
 * audit reports it, and `--fix` removes it), else an error saying where the first one is (`says(firstLine)`).
 */
function noteRepeat(
  entry: {
    seen: Map<string, { line: number; text: string }>;
    key: string;
    /** The entry as written, to tell an exact repeat from one that differs in case. */
    text: string;
    line: number;
    kind: 'duplicate-mapping' | 'duplicate-profile';
    layout: LayoutIssue[] | undefined;
    fail: Fail;
  },
  says: (firstLine: number) => string
): void {
  const { seen, key, text, line, kind, layout, fail } = entry;
  const first = seen.get(key);
  if (first === undefined) {
    seen.set(key, { line, text });
    return;
  }
  if (!layout) fail(line, says(first.line), 'Keep one of them.', kind);
  layout?.push({
    kind,
    element: kind === 'duplicate-mapping' ? 'accessMappings' : 'profiles',
    line,
    firstLine: first.line,
    exact: first.text === text,
  });
}

/** The trimmed text of an element that must hold text only. */
function textOf(element: XmlElement, fail: Fail): string {
  if (element.children.length > 0) {
    fail(element.line, `<${element.name}> holds elements.`, 'Write plain text in it.', 'not-text');
  }
  return trimXml(element.text);
}

/** An element that redeclares the default namespace to another one is not the Metadata API's element. */
function foreignNamespace(element: XmlElement): boolean {
  return element.attributes.xmlns !== undefined && element.attributes.xmlns !== METADATA_NAMESPACE;
}

/**
 * The file text for a sharing set: XML declaration, XSD element order, 4-space indentation as in retrieved files, the
 * five XML special characters escaped, optional elements left out when empty; `withFullName` (backups) adds the API
 * name as <fullName>.
 *
 * @throws Error when a value holds a character XML 1.0 cannot represent (a control character)
 */
export function serializeSharingSet(set: SharingSet, options: { withFullName?: boolean } = {}): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<SharingSet xmlns="${METADATA_NAMESPACE}">`];
  // A backup names its set inside (the Metadata base type's fullName, first in XSD order): its file name has a time.
  if (options.withFullName) lines.push(`    <fullName>${escapeXml(set.fullName)}</fullName>`);
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

/**
 * Escapes the five XML special characters, and CR as a character reference (a literal CR would be read back as LF).
 *
 * @throws Error when the text holds a character XML 1.0 cannot represent
 */
export function escapeXml(text: string): string {
  const invalid = xmlUnrepresentable(text);
  if (invalid !== undefined) {
    throw new Error(
      `The value ${JSON.stringify(text)} holds the control character U+${invalid
        .charCodeAt(0)
        .toString(16)
        .toUpperCase()
        .padStart(4, '0')}, which an XML file cannot hold.`
    );
  }
  return text.replace(
    /[&<>"'\r]/g,
    (char) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos', '\r': '#13' }[char] as string};`
  );
}

/**
 * The first character of `text` that an XML 1.0 document cannot hold in any form, not even as a character reference
 * (the C0 controls but tab, line feed and carriage return; U+FFFE, U+FFFF; a lone surrogate, which UTF-8 cannot
 * encode), or undefined.
 */
export function xmlUnrepresentable(text: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(
    text
  )?.[0];
}

function unknownElementFix(key: string): string {
  if (key === 'label') return 'The label goes in <name>; remove <label>.';
  if (key === 'permissionSets') return 'Sharing sets apply to profiles only; remove <permissionSets>.';
  return 'A sharing set has accessMappings, description, name and profiles only.';
}
