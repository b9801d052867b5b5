/**
 * Test support (not shipped code): the official OCDS schemas from ../shared/data/ocds compiled with
 * ajv in draft-04 mode, with formats (date-time, uri) checked. The shared folder sits beside the
 * repository (../shared); a worktree elsewhere falls back to /work/shared.
 */

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';

// CommonJS packages: under NodeNext their classes sit on `default` of the imported module.
type Ajv04Class = typeof Ajv04Module.default;
type Ajv04Instance = InstanceType<Ajv04Class>;
const Ajv04 = ((Ajv04Module as unknown as { default?: Ajv04Class }).default ?? Ajv04Module) as unknown as Ajv04Class;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv04Instance) => void;

const REPO = join(import.meta.dirname, '../../..');

/** The shared reference data folder. */
export function sharedDataDir(): string {
  for (const dir of [join(REPO, '../shared/data'), '/work/shared/data']) if (existsSync(dir)) return dir;
  throw new Error('shared/data not found beside the repository');
}

export function readSharedJson(...path: string[]): unknown {
  return JSON.parse(readFileSync(join(sharedDataDir(), ...path), 'utf8'));
}

const RELEASE = 'https://standard.open-contracting.org/schema/1__1__5/release-schema.json';
const RELEASE_PACKAGE = 'https://standard.open-contracting.org/schema/1__1__5/release-package-schema.json';
const RECORD_PACKAGE = 'https://standard.open-contracting.org/schema/1__1__5/record-package-schema.json';

let ajv: Ajv04Instance | undefined;
function compiler(): Ajv04Instance {
  if (ajv) return ajv;
  // strict off: the OCDS schemas carry their own keywords (codelist, openCodelist, mergeStrategy...).
  const a = new Ajv04({ strict: false, allErrors: true });
  addFormats(a);
  for (const f of ['release-schema.json', 'release-package-schema.json', 'record-schema.json', 'record-package-schema.json', 'versioned-release-validation-schema.json']) {
    a.addSchema(readSharedJson('ocds', f) as object);
  }
  ajv = a;
  return a;
}

export type SchemaName = 'release' | 'release-package' | 'record-package';
const IDS: Record<SchemaName, string> = { release: RELEASE, 'release-package': RELEASE_PACKAGE, 'record-package': RECORD_PACKAGE };

/** Every schema error of a document, as "path message" lines; empty when it validates. */
export function schemaErrors(name: SchemaName, doc: unknown): string[] {
  const validate = compiler().getSchema(IDS[name]) as ValidateFunction | undefined;
  if (!validate) throw new Error(`schema ${name} not loaded`);
  return validate(doc) ? [] : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
