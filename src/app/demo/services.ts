import type { Service } from '../../storage/repositories/services.ts';

/**
 * The services catalogue with who by law commissions each (Health and Social Care Act 2012 split,
 * as the seeds describe it: sexual health to local authorities, HIV treatment and tier 4 CAMHS to
 * NHS England specialised commissioning, GP core services by NHS England, now delegated to ICBs).
 */
export const DEMO_SERVICES: readonly Service[] = [
  { code: 'MSK-ELECTIVE', name: 'Musculoskeletal (elective and integrated MSK)', commissionedBy: 'icb', description: 'Elective orthopaedics, rheumatology, pain and physiotherapy pathways' },
  { code: 'TRAUMA-ORTHO', name: 'Trauma and orthopaedics', commissionedBy: 'icb', description: 'Emergency trauma surgery including hip fracture' },
  { code: 'A-AND-E', name: 'Urgent and emergency care (A&E)', commissionedBy: 'icb', description: 'Type 1 emergency departments' },
  { code: 'DERMATOLOGY', name: 'Dermatology', commissionedBy: 'icb', description: 'Community and acute adult dermatology, including skin cancer' },
  { code: 'CANCER', name: 'Cancer and end-of-life care', commissionedBy: 'icb', description: 'Diagnosis through treatment to end-of-life care (specialised elements by NHS England)' },
  { code: 'CAMHS-T4', name: 'Child and adolescent mental health (tier 4 inpatient)', commissionedBy: 'nhs_england_specialised', description: 'Specialised inpatient CAMHS' },
  { code: 'GP-OOH', name: 'GP out-of-hours', commissionedBy: 'icb', description: 'Urgent primary care outside practice hours' },
  { code: 'PRIMARY-CARE', name: 'General practice (core services)', commissionedBy: 'nhs_england_direct', description: 'GMS/PMS/APMS; delegated to ICBs' },
  { code: 'COMMUNITY', name: 'Community health services', commissionedBy: 'icb', description: 'District nursing, community therapies, podiatry, health visiting (0-5 public health by local authorities)' },
  { code: 'AMBULANCE', name: 'Ambulance (999 and patient transport)', commissionedBy: 'icb', description: 'Emergency ambulance services' },
  { code: 'MENTAL-HEALTH', name: 'Adult mental health', commissionedBy: 'icb', description: 'Community and inpatient adult mental health' },
  { code: 'ACUTE', name: 'General acute (elective and non-elective)', commissionedBy: 'icb', description: 'A trust\'s acute activity not listed separately' },
  { code: 'OTHER-ACUTE', name: 'Other acute services', commissionedBy: 'icb', description: 'The rest of a trust\'s acute income, used in service-line economics' },
  { code: 'SEXUAL-HEALTH', name: 'Sexual health (GUM and contraception)', commissionedBy: 'local_authority', description: 'Public health, commissioned by local authorities since April 2013' },
  { code: 'HIV-TREATMENT', name: 'HIV treatment and care', commissionedBy: 'nhs_england_specialised', description: 'Specialised commissioning by NHS England' },
  { code: 'SOCIAL-CARE', name: 'Adult social care', commissionedBy: 'local_authority', description: 'Reablement, home care, residential care' },
  { code: 'PUBLIC-HEALTH', name: 'Public health services', commissionedBy: 'local_authority', description: 'Ring-fenced public health grant services' },
];
