/**
 * The official OCDS 1.1.5 release schema, checked at run time: every release Concordat publishes is
 * validated before it is stored, and an import rejects a release that does not validate, with ajv's
 * reasons. `release-schema.json` beside this file is a byte-for-byte copy of
 * ../shared/data/ocds/release-schema.json (Open Contracting Partnership, OCDS 1.1.5; a test keeps the
 * two equal), so the server does not depend on the shared folder being there. JSON Schema draft-04,
 * with formats (date-time, uri) checked.
 */

import { readFileSync } from 'node:fs';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';

// CommonJS packages: under NodeNext their classes sit on `default` of the imported module.
type Ajv04Class = typeof Ajv04Module.default;
const Ajv04 = ((Ajv04Module as unknown as { default?: Ajv04Class }).default ?? Ajv04Module) as unknown as Ajv04Class;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: InstanceType<Ajv04Class>) => void;

export const RELEASE_SCHEMA_FILE = new URL('./release-schema.json', import.meta.url);

let validate: ValidateFunction | undefined;

/**
 * Every way a release breaks the official release schema, as "path message" lines (at most 10);
 * empty when it validates.
 *
 * @example releaseSchemaErrors({ ocid: 'x' })[0] // "/ must have required property 'id'"
 */
export function releaseSchemaErrors(release: unknown): string[] {
  if (!validate) {
    // strict off: the OCDS schemas carry their own keywords (codelist, openCodelist, mergeStrategy...).
    const ajv = new Ajv04({ strict: false, allErrors: true });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(RELEASE_SCHEMA_FILE, 'utf8')) as object);
  }
  if (validate(release)) return [];
  return (validate.errors ?? []).slice(0, 10).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? 'is not valid'}${e.keyword === 'enum' ? ` (${JSON.stringify(e.params.allowedValues)})` : ''}`);
}
