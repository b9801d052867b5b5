/**
 * The merge rules of the OCDS 1.1.5 release schema, as data: what {@link deriveMergeRules} finds in
 * the official release-schema.json (../shared/data/ocds; a test re-derives them from that file and
 * compares). The UK extension (cabinetoffice/ocds_uk_extension) adds whole-list rules only for fields
 * Concordat does not publish (exclusion criteria, amendment rationale classifications).
 */

import type { MergeRules } from './merge.ts';

const OMIT_WHEN_MERGED = [
  'date',
  'id',
  'links',
  'publisher',
  'tag',
] as const;

const WHOLE_LIST_MERGE = [
  'awards.amendment.changes',
  'awards.amendments.changes',
  'awards.documents.languages',
  'awards.documents.relatedItems',
  'awards.items.additionalClassifications',
  'awards.items.deliveryAddresses',
  'awards.items.deliveryLocations',
  'awards.suppliers.additionalIdentifiers',
  'buyer.additionalIdentifiers',
  'contracts.amendment.changes',
  'contracts.amendments.changes',
  'contracts.documents.languages',
  'contracts.documents.relatedItems',
  'contracts.identifiers',
  'contracts.implementation.documents.languages',
  'contracts.implementation.documents.relatedItems',
  'contracts.implementation.milestones.documents.languages',
  'contracts.implementation.milestones.documents.relatedItems',
  'contracts.implementation.transactions.payee.additionalIdentifiers',
  'contracts.implementation.transactions.payer.additionalIdentifiers',
  'contracts.items.additionalClassifications',
  'contracts.items.deliveryAddresses',
  'contracts.items.deliveryLocations',
  'contracts.milestones.documents.languages',
  'contracts.milestones.documents.relatedItems',
  'contracts.relatedProcesses.relationship',
  'parties.additionalIdentifiers',
  'parties.details.classifications',
  'parties.roles',
  'planning.documents.languages',
  'planning.documents.relatedItems',
  'planning.milestones.documents.languages',
  'planning.milestones.documents.relatedItems',
  'planning.project.additionalClassifications',
  'planning.project.locations',
  'relatedProcesses.relationship',
  'tender.additionalProcurementCategories',
  'tender.amendment.changes',
  'tender.amendments.changes',
  'tender.deliveryAddresses',
  'tender.deliveryLocations',
  'tender.documents.languages',
  'tender.documents.relatedItems',
  'tender.identifiers',
  'tender.items.additionalClassifications',
  'tender.items.deliveryAddresses',
  'tender.items.deliveryLocations',
  'tender.milestones.documents.languages',
  'tender.milestones.documents.relatedItems',
  'tender.procuringEntity.additionalIdentifiers',
  'tender.submissionMethod',
  'tender.tenderers.additionalIdentifiers',
] as const;

/** OCDS 1.1.5 merge rules. */
export const OCDS_MERGE_RULES: MergeRules = {
  omitWhenMerged: new Set<string>(OMIT_WHEN_MERGED),
  wholeListMerge: new Set<string>(WHOLE_LIST_MERGE),
};
