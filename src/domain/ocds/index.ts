/**
 * Open Contracting Data Standard 1.1.5 (DESIGN.md C7, C9): releases of Concordat's procurements per
 * stage, contract amendments and payments; records compiled by the standard's merge rules; packages
 * and the public feed; and import of real notices (Contracts Finder, Find a Tender).
 */

export * from './json.ts';
export * from './identifiers.ts';
export * from './merge.ts';
export * from './merge-rules.ts';
export * from './versioned.ts';
export * from './release-builder.ts';
export * from './packages.ts';
export * from './party-matching.ts';
export * from './importer.ts';
