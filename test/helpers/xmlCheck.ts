/**
 * Well-formedness check with libxml2 (xmllint compiled to WebAssembly, the `xmllint-wasm` dev dependency).
 *
 * fast-xml-parser's XMLValidator is lenient: it accepts control characters, undefined entities, a raw `<` in an
 * attribute value and several root elements. libxml2 is a conforming XML 1.0 parser and rejects all of them. Without
 * a schema, `xmllint --noout` only parses the document, so this is a pure well-formedness check (no DTD is loaded,
 * no network is used: `--nonet`). Anything libxml2 prints counts as a problem, warnings included (an undeclared
 * entity in a document with an external DTD, a relative namespace URI), so a clean result means libxml2 had nothing
 * at all to say.
 */
import { validateXML } from 'xmllint-wasm';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ENCODING_DECLARATION = /^<\?xml[^>]*\sencoding\s*=\s*["']([^"']*)["']/;

/**
 * Parses an XML document with libxml2 and returns what it reported.
 *
 * @param xml the document: a string (encoded as UTF-8, so it must not declare another encoding) or the bytes of a
 * file as written (then libxml2 also checks the bytes against the declared encoding)
 * @param fileName the name used in the messages
 * @returns libxml2's messages, one per problem with the offending line and a caret under the position; empty when the
 * document is well-formed
 */
export async function xmlWellFormednessErrors(xml: string | Uint8Array, fileName = 'document.xml'): Promise<string[]> {
  if (typeof xml === 'string') {
    // A lone surrogate cannot be encoded: UTF-8 encoding would silently replace it with U+FFFD.
    const surrogate = LONE_SURROGATE.exec(xml);
    if (surrogate) return [`${fileName}: lone UTF-16 surrogate at index ${surrogate.index}: not encodable as UTF-8`];
    const declared = ENCODING_DECLARATION.exec(xml)?.[1];
    if (declared !== undefined && declared.toUpperCase() !== 'UTF-8')
      return [`${fileName}: declares encoding "${declared}" but a string is checked as UTF-8; pass the file's bytes`];
  }
  const result = await validateXML({
    xml: [{ fileName, contents: xml }],
    schema: [],
    modifyArguments: (args) => ['--nonet', ...args],
  });
  const output = result.rawOutput.trimEnd();
  if (result.valid && output === '') return [];
  if (output === '') return [`${fileName}: libxml2 rejected the document without a message`];
  // Each message starts with "<file>:<line>: "; the lines after it (the source line, the caret) belong to it.
  const messages: string[] = [];
  for (const line of output.split('\n')) {
    if (line.startsWith(`${fileName}:`) || messages.length === 0) messages.push(line);
    else messages[messages.length - 1] += `\n${line}`;
  }
  return messages;
}

/**
 * Throws when libxml2 finds the document not well-formed (or has any warning about it).
 *
 * @param xml see {@link xmlWellFormednessErrors}
 * @param fileName the name used in the messages
 */
export async function assertWellFormedXml(xml: string | Uint8Array, fileName = 'document.xml'): Promise<void> {
  const errors = await xmlWellFormednessErrors(xml, fileName);
  if (errors.length > 0) throw new Error(`${fileName} is not well-formed XML (libxml2):\n${errors.join('\n')}`);
}
