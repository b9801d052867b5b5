/**
 * Market forces factors of the NHS Payment Scheme 2026/27 Annex A, for every NHS trust in it (205):
 * the text of src/domain/tariff/fixtures/mff_2026-27.csv, itself copied unchanged from
 * shared/data/tariff/mff_2026-27.csv (published by NHS England). Kept here as text so the domain
 * stays free of file reads; mff.test.ts checks it against the fixture byte for byte.
 */

import { parseMffCsv } from './mff.ts';
import type { MffEntry } from './types.ts';

/** The published file's text. */
export const MFF_2026_27_CSV = `provider_code,provider_name,mff_factor
RCF,Airedale NHS Foundation Trust,1.012977
RBS,Alder Hey Children's NHS Foundation Trust,1.022199
RTK,Ashford And St Peter's Hospitals NHS Foundation Trust,1.103684
RVN,Avon And Wiltshire Mental Health Partnership NHS Trust,1.044914
RF4,"Barking, Havering And Redbridge University Hospitals NHS Trust",1.138332
RFF,Barnsley Hospital NHS Foundation Trust,1.021007
R1H,Barts Health NHS Trust,1.148886
RC9,Bedfordshire Hospitals NHS Foundation Trust,1.060677
RWX,Berkshire Healthcare NHS Foundation Trust,1.098944
RXT,Birmingham And Solihull Mental Health NHS Foundation Trust,1.041911
RYW,Birmingham Community Healthcare NHS Foundation Trust,1.042162
RQ3,Birmingham Women's And Children's NHS Foundation Trust,1.041821
TAJ,Black Country Healthcare NHS Foundation Trust,1.021453
RXL,Blackpool Teaching Hospitals NHS Foundation Trust,1.013334
RMC,Bolton NHS Foundation Trust,1.034363
TAD,Bradford District Care NHS Foundation Trust,1.013908
RAE,Bradford Teaching Hospitals NHS Foundation Trust,1.014606
RY2,Bridgewater Community Healthcare NHS Foundation Trust,1.036433
RXQ,Buckinghamshire Healthcare NHS Trust,1.090365
RWY,Calderdale And Huddersfield NHS Foundation Trust,1.018074
RGT,Cambridge University Hospitals NHS Foundation Trust,1.077599
RT1,Cambridgeshire And Peterborough NHS Foundation Trust,1.05679
RYV,Cambridgeshire Community Services NHS Trust,1.031109
RV3,Central And North West London NHS Foundation Trust,1.137821
RYX,Central London Community Healthcare NHS Trust,1.137143
RQM,Chelsea And Westminster Hospital NHS Foundation Trust,1.151236
RXA,Cheshire And Wirral Partnership NHS Foundation Trust,1.027799
RFS,Chesterfield Royal Hospital NHS Foundation Trust,1.020095
RJ8,Cornwall Partnership NHS Foundation Trust,1.02095
RJR,Countess Of Chester Hospital NHS Foundation Trust,1.025424
RXP,County Durham And Darlington NHS Foundation Trust,1.017577
RYG,Coventry And Warwickshire Partnership NHS Trust,1.049526
RJ6,Croydon Health Services NHS Trust,1.143289
RX4,"Cumbria, Northumberland, Tyne And Wear NHS Foundation Trust",1.021441
RN7,Dartford And Gravesham NHS Trust,1.135898
RY8,Derbyshire Community Health Services NHS Foundation Trust,1.026575
RXM,Derbyshire Healthcare NHS Foundation Trust,1.032991
RWV,Devon Partnership NHS Trust,1.015414
RP5,Doncaster And Bassetlaw Teaching Hospitals NHS Foundation Trust,1.015298
RBD,Dorset County Hospital NHS Foundation Trust,1.010284
RDY,Dorset Healthcare University NHS Foundation Trust,1.029962
RWH,East And North Hertfordshire NHS Trust,1.083147
RJN,East Cheshire NHS Trust,1.035329
RVV,East Kent Hospitals University NHS Foundation Trust,1.028193
RXR,East Lancashire Hospitals NHS Trust,1.020624
RWK,East London NHS Foundation Trust,1.137899
RX9,East Midlands Ambulance Service NHS Trust,1.029399
RYC,East Of England Ambulance Service NHS Trust,1.057255
RDE,East Suffolk And North Essex NHS Foundation Trust,1.021623
RXC,East Sussex Healthcare NHS Trust,1.025985
RVR,Epsom And St Helier University Hospitals NHS Trust,1.133917
R1L,Essex Partnership University NHS Foundation Trust,1.066516
RDU,Frimley Health NHS Foundation Trust,1.096021
RR7,Gateshead Health NHS Foundation Trust,1.02032
RLT,George Eliot Hospital NHS Trust,1.044866
RTQ,Gloucestershire Health And Care NHS Foundation Trust,1.035182
RTE,Gloucestershire Hospitals NHS Foundation Trust,1.032428
RP4,Great Ormond Street Hospital For Children NHS Foundation Trust,1.179944
RN3,Great Western Hospitals NHS Foundation Trust,1.051721
RXV,Greater Manchester Mental Health NHS Foundation Trust,1.035724
RJ1,Guy's And St Thomas' NHS Foundation Trust,1.151077
RW1,Hampshire and Isle of Wight Healthcare NHS Foundation Trust,1.049908
RN5,Hampshire Hospitals NHS Foundation Trust,1.065174
RCD,Harrogate And District NHS Foundation Trust,1.034962
R1A,Herefordshire and Worcestershire Health and Care NHS Trust,1.026236
RY4,Hertfordshire Community NHS Trust,1.090175
RWR,Hertfordshire Partnership University NHS Foundation Trust,1.088861
RQX,Homerton Healthcare NHS Foundation Trust,1.149216
RWA,Hull University Teaching Hospitals NHS Trust,1.016281
RV9,Humber Teaching NHS Foundation Trust,1.012688
RYJ,Imperial College Healthcare NHS Trust,1.155276
R1F,Isle Of Wight NHS Trust,1.013209
RGP,James Paget University Hospitals NHS Foundation Trust,1.024563
RXY,Kent And Medway Mental Health Trust,1.073956
RYY,Kent Community Health NHS Foundation Trust,1.06177
RNQ,Kettering General Hospital NHS Foundation Trust,1.036275
RJZ,King's College Hospital NHS Foundation Trust,1.146963
RAX,Kingston and Richmond NHS Foundation Trust,1.131463
RW5,Lancashire and South Cumbria NHS Foundation Trust,1.017801
RXN,Lancashire Teaching Hospitals NHS Foundation Trust,1.017349
RGD,Leeds And York Partnership NHS Foundation Trust,1.032679
RY6,Leeds Community Healthcare NHS Trust,1.032342
RR8,Leeds Teaching Hospitals NHS Trust,1.029918
RT5,Leicestershire Partnership NHS Trust,1.029462
RJ2,Lewisham And Greenwich NHS Trust,1.14348
RY5,Lincolnshire Community Health Services NHS Trust,1.019209
RP7,Lincolnshire Partnership NHS Foundation Trust,1.012522
RBQ,Liverpool Heart And Chest Hospital NHS Foundation Trust,1.022237
REM,Liverpool University Hospitals NHS Foundation Trust,1.021884
REP,Liverpool Women's NHS Foundation Trust,1.02162
RRU,London Ambulance Service NHS Trust,1.146714
R1K,London North West University Healthcare NHS Trust,1.130585
RWF,Maidstone And Tunbridge Wells NHS Trust,1.048456
R0A,Manchester University NHS Foundation Trust,1.037386
RPA,Medway NHS Foundation Trust,1.048003
RBN,Mersey & West Lancashire Teaching Hospitals NHS Trust,1.024267
RW4,Mersey Care NHS Foundation Trust,1.02353
RAJ,Mid and South Essex NHS Foundation Trust,1.057749
RBT,Mid Cheshire Hospitals NHS Foundation Trust,1.032496
RXF,Mid Yorkshire Teaching NHS Trust,1.025591
RRE,Midlands Partnership University NHS Foundation Trust,1.025385
RD8,Milton Keynes University Hospital NHS Foundation Trust,1.061482
RP6,Moorfields Eye Hospital NHS Foundation Trust,1.167386
RM1,Norfolk And Norwich University Hospitals NHS Foundation Trust,1.024803
RMY,Norfolk And Suffolk NHS Foundation Trust,1.022866
RY3,Norfolk Community Health And Care NHS Trust,1.021554
RVJ,North Bristol NHS Trust,1.055764
RNN,North Cumbria Integrated Care NHS Foundation Trust,1.022953
RX6,North East Ambulance Service NHS Foundation Trust,1.018087
RAT,North East London NHS Foundation Trust,1.123021
G6V2S,North London NHS Foundation Trust,1.146774
RLY,North Staffordshire Combined Healthcare NHS Trust,1.023218
RVW,North Tees And Hartlepool NHS Foundation Trust,1.004897
RX7,North West Ambulance Service NHS Trust,1.025838
RGN,North West Anglia NHS Foundation Trust,1.031088
RNS,Northampton General Hospital NHS Trust,1.042396
RP1,Northamptonshire Healthcare NHS Foundation Trust,1.040797
RM3,Northern Care Alliance NHS Foundation Trust,1.035021
RJL,Northern Lincolnshire And Goole NHS Foundation Trust,1.021585
RTF,Northumbria Healthcare NHS Foundation Trust,1.024302
RX1,Nottingham University Hospitals NHS Trust,1.029925
RHA,Nottinghamshire Healthcare NHS Foundation Trust,1.023582
RNU,Oxford Health NHS Foundation Trust,1.080651
RTH,Oxford University Hospitals NHS Foundation Trust,1.072536
RPG,Oxleas NHS Foundation Trust,1.141815
RT2,Pennine Care NHS Foundation Trust,1.035262
RHU,Portsmouth Hospitals University NHS Trust,1.039642
RPC,Queen Victoria Hospital NHS Foundation Trust,1.07534
RXE,Rotherham Doncaster And South Humber NHS Foundation Trust,1.013523
RHW,Royal Berkshire NHS Foundation Trust,1.100892
REF,Royal Cornwall Hospitals NHS Trust,1.027411
RH8,Royal Devon University Healthcare NHS Foundation Trust,1.015139
RAL,Royal Free London NHS Foundation Trust,1.14653
RAN,Royal National Orthopaedic Hospital NHS Trust,1.128059
RGM,Royal Papworth Hospital NHS Foundation Trust,1.080419
RA2,Royal Surrey County Hospital NHS Foundation Trust,1.08943
RD1,Royal United Hospitals Bath NHS Foundation Trust,1.040638
RNZ,Salisbury NHS Foundation Trust,1.021678
RXK,Sandwell And West Birmingham Hospitals NHS Trust,1.033789
RCU,Sheffield Children's NHS Foundation Trust,1.020012
TAH,Sheffield Health Partnership University NHS Foundation Trust,1.019513
RHQ,Sheffield Teaching Hospitals NHS Foundation Trust,1.019404
RK5,Sherwood Forest Hospitals NHS Foundation Trust,1.020439
R1D,Shropshire Community Health NHS Trust,1.019397
RH5,Somerset NHS Foundation Trust,1.023531
RYE,South Central Ambulance Service NHS Foundation Trust,1.064493
RYD,South East Coast Ambulance Service NHS Foundation Trust,1.057209
RV5,South London And Maudsley NHS Foundation Trust,1.144352
RTR,South Tees Hospitals NHS Foundation Trust,1.006981
R0B,South Tyneside And Sunderland NHS Foundation Trust,1.0125
RJC,South Warwickshire University NHS Foundation Trust,1.056233
RQY,South West London And St George's Mental Health NHS Trust,1.141737
RXG,South West Yorkshire Partnership NHS Foundation Trust,1.02277
RYF,South Western Ambulance Service NHS Foundation Trust,1.033867
RJ7,St George's University Hospitals NHS Foundation Trust,1.144487
RWJ,Stockport NHS Foundation Trust,1.035974
RXX,Surrey And Borders Partnership NHS Foundation Trust,1.10634
RTP,Surrey And Sussex Healthcare NHS Trust,1.098998
RDR,Sussex Community NHS Foundation Trust,1.051628
RX2,Sussex Partnership NHS Foundation Trust,1.037628
RMP,Tameside And Glossop Integrated Care NHS Foundation Trust,1.0358
RNK,Tavistock And Portman NHS Foundation Trust,1.160892
RX3,"Tees, Esk And Wear Valleys NHS Foundation Trust",1.012202
RBV,The Christie NHS Foundation Trust,1.037862
REN,The Clatterbridge Cancer Centre NHS Foundation Trust,1.021751
RNA,The Dudley Group NHS Foundation Trust,1.020962
RAS,The Hillingdon Hospitals NHS Foundation Trust,1.114966
RTD,The Newcastle Upon Tyne Hospitals NHS Foundation Trust,1.022017
RQW,The Princess Alexandra Hospital NHS Trust,1.097857
RCX,"The Queen Elizabeth Hospital, King's Lynn, NHS Foundation Trust",1.008436
RL1,The Robert Jones And Agnes Hunt Orthopaedic Hospital NHS Foundation Trust,1.03429
RFR,The Rotherham NHS Foundation Trust,1.016967
RPY,The Royal Marsden NHS Foundation Trust,1.144191
RRJ,The Royal Orthopaedic Hospital NHS Foundation Trust,1.042052
RL4,The Royal Wolverhampton NHS Trust,1.012647
RXW,The Shrewsbury And Telford Hospital NHS Trust,1.016285
RET,The Walton Centre NHS Foundation Trust,1.02223
RA9,Torbay And South Devon NHS Foundation Trust,1.010414
RWD,United Lincolnshire Teaching Hospitals NHS Trust,1.010183
RRV,University College London Hospitals NHS Foundation Trust,1.175335
RHM,University Hospital Southampton NHS Foundation Trust,1.057586
RRK,University Hospitals Birmingham NHS Foundation Trust,1.041377
RA7,University Hospitals Bristol and Weston NHS Foundation Trust,1.051658
RKB,University Hospitals Coventry And Warwickshire NHS Trust,1.048448
R0D,University Hospitals Dorset NHS Foundation Trust,1.031587
RTG,University Hospitals Of Derby And Burton NHS Foundation Trust,1.031786
RWE,University Hospitals Of Leicester NHS Trust,1.028343
RTX,University Hospitals Of Morecambe Bay NHS Foundation Trust,1.0203
RJE,University Hospitals Of North Midlands NHS Trust,1.025379
RK9,University Hospitals Plymouth NHS Trust,1.0
RYR,University Hospitals Sussex NHS Foundation Trust,1.03728
RBK,Walsall Healthcare NHS Trust,1.018104
RWW,Warrington And Halton Teaching Hospitals NHS Foundation Trust,1.031167
RWG,West Hertfordshire Teaching Hospitals NHS Trust,1.101885
RKL,West London NHS Trust,1.11646
RYA,West Midlands Ambulance Service University NHS Foundation Trust,1.02973
RGR,West Suffolk NHS Foundation Trust,1.028746
RKE,Whittington Health NHS Trust,1.148697
RY7,Wirral Community Health and Care NHS Foundation Trust,1.021722
RBL,Wirral University Teaching Hospital NHS Foundation Trust,1.021814
RWP,Worcestershire Acute Hospitals NHS Trust,1.028359
RRF,"Wrightington, Wigan And Leigh NHS Foundation Trust",1.030227
RLQ,Wye Valley NHS Trust,1.007486
RCB,York and Scarborough Teaching Hospitals NHS Foundation Trust,1.027929
RX8,Yorkshire Ambulance Service NHS Trust,1.02418
`;

/** Where the factors come from, for a tariff's source line. */
export const MFF_2026_27_SOURCE = 'NHS Payment Scheme 2026/27 Annex A market forces factors (shared/data/tariff/mff_2026-27.csv)';

/**
 * The 205 factors, parsed (every row of the published file is valid; mff.test.ts checks).
 *
 * @example MFF_2026_27.find((m) => m.provider === 'RD8')?.mffMicros // 1061482 (Milton Keynes)
 */
export const MFF_2026_27: readonly MffEntry[] = parseMffCsv(MFF_2026_27_CSV).rows;
