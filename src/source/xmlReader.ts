/**
 * A strict, bounded reader for the metadata XML files of a project (sharing sets, profiles, objects, fields).
 *
 * Salesforce's own parser rejects what is not well-formed XML 1.0, so this one does too, and it refuses outright what a
 * hostile or broken file could use to exhaust the machine: DOCTYPE and entity declarations are never processed (a
 * "billion laughs" file fails on its first line, nothing is expanded), files over a size limit and absurdly deep
 * nesting are rejected by a linear scan before any parsing. Only the five predefined entities and numeric character
 * references are decoded, once; CDATA is kept raw. Every element carries the 1-based line of its start tag, so errors
 * and SARIF locations point at the right place even when comments or CDATA hold look-alike tags.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** An element as read: name as written (with any prefix), line of its start tag, attributes, child elements, text. */
export type XmlElement = {
  name: string;
  line: number;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Character data in document order: entity-decoded text and raw CDATA, untrimmed. */
  text: string;
};

/** Stable identifiers of what can be wrong with a file, for callers and tests (the message is for people). */
export type SourceFileErrorCode =
  | 'not-utf8'
  | 'too-large'
  | 'encoding'
  | 'doctype'
  | 'too-deep'
  | 'malformed-xml'
  | 'invalid-character'
  | 'unknown-entity'
  | 'wrong-root'
  | 'wrong-namespace'
  | 'unknown-element'
  | 'profile-wrapper'
  | 'not-text'
  | 'unexpected-text'
  | 'missing-element'
  | 'duplicate-element'
  | 'invalid-value'
  | 'description-too-long'
  | 'duplicate-mapping'
  | 'duplicate-profile'
  | 'invalid-name';

/** A file a deploy would reject (or that cannot be read safely): where, what, and what to change. */
export class SourceFileError extends Error {
  public constructor(
    public readonly file: string,
    /** 1-based line. */
    public readonly line: number,
    public readonly problem: string,
    public readonly fix: string,
    public readonly code: SourceFileErrorCode
  ) {
    super(`${file}:${line}: ${problem} ${fix}`.trim());
    this.name = 'SourceFileError';
  }
}

export type XmlLimits = {
  /** Largest accepted file, in bytes of UTF-8. */
  maxBytes: number;
  /** Deepest accepted element nesting (the root is depth 1). */
  maxDepth: number;
};

/** XML whitespace (space, tab, CR, LF): what is trimmed from values. Not JavaScript's wider trim(): U+00A0 stays. */
const XML_SPACE = /^[ \t\r\n]+|[ \t\r\n]+$/g;

/** Trims XML whitespace from both ends of a value. */
export function trimXml(text: string): string {
  return text.replace(XML_SPACE, '');
}

/** Decodes a file's bytes as UTF-8, refusing invalid sequences rather than replacing them silently; drops a BOM. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SourceFileError(
      file,
      1,
      'The file is not valid UTF-8.',
      'Save it with UTF-8 encoding (metadata files are always UTF-8).',
      'not-utf8'
    );
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  captureMetaData: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  textNodeName: '#text',
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

/** A node of fast-xml-parser's preserveOrder output: one key naming the element (or #text / #cdata), plus ':@'. */
type OrderedNode = Record<string, unknown>;

/**
 * Reads `xml` (already decoded text) into its root element, or throws a SourceFileError naming the line and the fix.
 * Checks, in order: size, encoding declaration, DOCTYPE/ENTITY, nesting depth, well-formedness, characters, entities.
 */
export function readXml(xml: string, file: string, limits: XmlLimits): XmlElement {
  const fail = (line: number, problem: string, fix: string, code: SourceFileErrorCode): never => {
    throw new SourceFileError(file, line, problem, fix, code);
  };
  const text = xml.charCodeAt(0) === 0xfe_ff ? xml.slice(1) : xml;
  if (text.length > limits.maxBytes || Buffer.byteLength(text, 'utf8') > limits.maxBytes) {
    fail(
      1,
      `The file is larger than ${formatBytes(limits.maxBytes)}.`,
      'Metadata files of this kind are far smaller; check that this is the right file.',
      'too-large'
    );
  }
  const lines = lineIndex(text);
  const encoding = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']/.exec(text);
  if (encoding && encoding[1].toLowerCase() !== 'utf-8' && encoding[1].toLowerCase() !== 'utf8') {
    fail(
      1,
      `The file declares encoding="${encoding[1]}".`,
      'Save it as UTF-8 and declare encoding="UTF-8".',
      'encoding'
    );
  }
  const declaration = /<!(DOCTYPE|ENTITY)/i.exec(text);
  if (declaration) {
    fail(
      lines.lineAt(declaration.index),
      `The file declares a ${declaration[1].toUpperCase()}.`,
      'Metadata files have no DOCTYPE or entity declarations; remove it (it is never processed).',
      'doctype'
    );
  }
  const depth = deepestNesting(text, limits.maxDepth);
  if (depth) {
    fail(
      lines.lineAt(depth.index),
      `Elements are nested more than ${limits.maxDepth} levels deep.`,
      'Check that this is a metadata file; no metadata file nests this deep.',
      'too-deep'
    );
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    fail(valid.err.line, `The XML is malformed: ${valid.err.msg}`, 'Fix the XML syntax.', 'malformed-xml');
  }
  // With the u flag a lone surrogate is a code point of its own, outside every allowed range.
  const invalid = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.exec(text);
  if (invalid) {
    fail(
      lines.lineAt(invalid.index),
      `The file contains the character U+${invalid[0]
        .charCodeAt(0)
        .toString(16)
        .toUpperCase()
        .padStart(4, '0')}, which XML does not allow.`,
      'Remove it.',
      'invalid-character'
    );
  }

  const nodes = ((): OrderedNode[] => {
    try {
      return parser.parse(text) as OrderedNode[];
    } catch (error) {
      // The validator and the parser are two readers: what one lets through the other may refuse (a broken XML
      // declaration, `<?xml versio_"x"n="1.0"?>`, found by fuzzing). Its message names no line: the file's first.
      return fail(1, `The XML is malformed: ${(error as Error).message}`, 'Fix the XML syntax.', 'malformed-xml');
    }
  })();
  const roots = nodes.filter((node) => elementName(node) !== undefined);
  if (roots.length !== 1) {
    fail(
      roots.length > 1 ? lines.lineAt(startOf(roots[1])) : 1,
      roots.length > 1 ? 'The file has more than one root element.' : 'The file has no root element.',
      'A metadata file has exactly one root element.',
      'malformed-xml'
    );
  }
  return toElement(roots[0], lines, file);
}

/** The first child element named `name`, if any. */
export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child) => child.name === name);
}

/** The trimmed text of the first child element named `name`, or undefined when there is none. */
export function childText(element: XmlElement, name: string): string | undefined {
  const child = childNamed(element, name);
  return child ? trimXml(child.text) : undefined;
}

function toElement(node: OrderedNode, lines: LineIndex, file: string): XmlElement {
  const name = elementName(node) as string;
  const line = lines.lineAt(startOf(node));
  const rawAttributes = (node[':@'] ?? {}) as Record<string, string>;
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(rawAttributes)) attributes[key] = decodeEntities(value, file, line);
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[name] ?? []) as OrderedNode[]) {
    if (typeof child['#text'] === 'string') text += decodeEntities(child['#text'], file, line);
    else if (Array.isArray(child['#cdata'])) {
      text += (child['#cdata'] as Array<{ '#text'?: string }>).map((part) => part['#text'] ?? '').join('');
    } else if (elementName(child) !== undefined) children.push(toElement(child, lines, file));
  }
  return { name, line, attributes, children, text };
}

function elementName(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@' && key !== '#text' && key !== '#cdata' && !key.startsWith('?'));
}

function startOf(node: OrderedNode): number {
  return (node as Record<symbol, { startIndex?: number } | undefined>)[META]?.startIndex ?? 0;
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Decodes the five predefined entities and numeric character references, once; any other entity is an error.
 *
 * @throws SourceFileError (code unknown-entity or invalid-character) naming `file` and `line`
 */
export function decodeEntities(text: string, file: string, line: number): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[^;\s&]*);/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (isXmlChar(code)) return String.fromCodePoint(code);
      throw new SourceFileError(
        file,
        line,
        `The character reference ${whole} is not a character XML allows.`,
        'Remove it.',
        'invalid-character'
      );
    }
    const value = PREDEFINED[body];
    if (value !== undefined) return value;
    throw new SourceFileError(
      file,
      line,
      `The entity ${whole} is not defined in XML.`,
      'Write the character itself, or &amp; for a literal ampersand.',
      'unknown-entity'
    );
  });
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7_ff) ||
    (code >= 0xe0_00 && code <= 0xff_fd) ||
    (code >= 0x1_00_00 && code <= 0x10_ff_ff)
  );
}

type LineIndex = { lineAt: (index: number) => number };

/** Line lookup by binary search over the positions of line feeds (built once per file). */
function lineIndex(text: string): LineIndex {
  const feeds: number[] = [];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) feeds.push(index);
  return {
    lineAt: (index: number): number => {
      let low = 0;
      let high = feeds.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (feeds[middle] < index) low = middle + 1;
        else high = middle;
      }
      return low + 1;
    },
  };
}

/**
 * Where nesting first exceeds `maxDepth`, found by one linear scan that skips comments, CDATA and processing
 * instructions (so a hostile file cannot exhaust a recursive parser's stack); undefined when it never does.
 */
function deepestNesting(text: string, maxDepth: number): { index: number } | undefined {
  let depth = 0;
  for (let i = text.indexOf('<'); i !== -1; i = text.indexOf('<', i + 1)) {
    if (text.startsWith('<!--', i)) {
      i = skipTo(text, '-->', i);
    } else if (text.startsWith('<![CDATA[', i)) {
      i = skipTo(text, ']]>', i);
    } else if (text[i + 1] === '?' || text[i + 1] === '!') {
      i = skipTo(text, '>', i);
    } else if (text[i + 1] === '/') {
      depth--;
    } else {
      const close = text.indexOf('>', i);
      if (close === -1) return undefined;
      if (text[close - 1] !== '/') depth++;
      if (depth > maxDepth) return { index: i };
      i = close;
    }
  }
  return undefined;
}

function skipTo(text: string, end: string, from: number): number {
  const found = text.indexOf(end, from);
  return found === -1 ? text.length : found;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}
