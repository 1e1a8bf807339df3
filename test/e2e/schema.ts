import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { pluginRoot } from '../helpers/e2e.js';

const ajv = new Ajv({ allErrors: true, strict: false });

/**
 * Asserts that a command's `--json` result matches its committed schema (schemas/<command>.json), so a change to a
 * result's shape cannot slip past without regenerating the schema (`npm run snapshots:update`).
 */
export function assertMatchesSchema(schemaName: string, result: unknown): void {
  const schema = JSON.parse(readFileSync(join(pluginRoot, 'schemas', `${schemaName}.json`), 'utf8')) as object;
  const validate = ajv.compile(schema);
  if (!validate(result)) {
    throw new Error(`result does not match schemas/${schemaName}.json: ${ajv.errorsText(validate.errors)}`);
  }
}
