/** HL7 FHIR R4 exports (DESIGN.md C9): registry organisations as Organization, contracts as Contract. */

export * from './organization.ts';
export * from './contract.ts';
