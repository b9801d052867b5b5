/**
 * Test support (not shipped code): the HL7 FHIR R4 JSON schema (draft-06) from ../shared/data/fhir,
 * compiled once with ajv. The root schema chooses the resource by `resourceType`, and each resource
 * definition forbids unknown properties, so a misspelt element fails.
 */

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import draft6 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import { readSharedJson } from '../ocds/schemas.testing.ts';

let validate: ValidateFunction | undefined;

/** Every schema error of a FHIR resource, as "path message" lines; empty when it validates. */
export function fhirSchemaErrors(resource: unknown): string[] {
  if (!validate) {
    const ajv = new Ajv({ strict: false, allErrors: false });
    ajv.addMetaSchema(draft6);
    // The file names itself with draft-04's `id`; ajv 8 reads only `$id` (the file is left as it is).
    const { id, ...schema } = readSharedJson('fhir', 'fhir.schema.r4.json') as { id: string };
    validate = ajv.compile({ ...schema, $id: id });
  }
  return validate(resource) ? [] : (validate.errors ?? []).slice(0, 20).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
