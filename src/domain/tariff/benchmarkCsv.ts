/**
 * Parsers for the plain benchmark tariff CSVs (shared/bench/README.md, "Concordat activity CSV v1"):
 *   apc_tariff.csv: hrg, el_price_pence, dc_price_pence, nel_price_pence, el_trim_days, nel_trim_days, xbd_price_pence
 *   op_tariff.csv:  tfc, first_price_pence, followup_price_pence
 *   mff.csv:        provider, mff (see mff.ts)
 * Prices are whole pence. The benchmark has no combined price, no short stay emergency flag and no
 * outpatient procedure prices, so those fields are null/false.
 */

import { cellOf, CellError, csvToRows, readHeaderedTable } from './csv.ts';
import { readDays, readWholePence } from './cells.ts';
import { checkApcPrice, HRG_CODE } from './annexA.ts';
import type { ApcPrice, OutpatientPrice, ParseReport } from './types.ts';

const APC = {
  hrg: ['hrg'],
  el: ['el_price_pence'],
  dc: ['dc_price_pence'],
  nel: ['nel_price_pence'],
  elTrim: ['el_trim_days'],
  nelTrim: ['nel_trim_days'],
  xbd: ['xbd_price_pence'],
} as const;

/**
 * Parses benchmark apc_tariff.csv text.
 *
 * @example parseBenchmarkApcCsv('hrg,el_price_pence,dc_price_pence,nel_price_pence,el_trim_days,nel_trim_days,xbd_price_pence\nAA10A,200000,150000,250000,10,20,25000\n')
 */
export function parseBenchmarkApcCsv(text: string): ParseReport<ApcPrice> {
  return readHeaderedTable<keyof typeof APC, ApcPrice>(
    csvToRows(text),
    'apc_tariff',
    APC,
    ['hrg', 'el', 'dc', 'nel', 'elTrim', 'nelTrim', 'xbd'],
    (get) => {
      const hrg = (get('hrg') ?? '').trim().toUpperCase();
      if (!HRG_CODE.test(hrg)) throw new CellError('hrg', hrg === '' ? 'missing HRG code' : `not an HRG code: "${hrg}"`);
      const price: ApcPrice = {
        hrg,
        name: null,
        outpatientProcedurePence: null,
        combinedElectivePence: null,
        dayCasePence: cellOf('dc_price_pence', get('dc'), readWholePence),
        ordinaryElectivePence: cellOf('el_price_pence', get('el'), readWholePence),
        electiveTrimDays: cellOf('el_trim_days', get('elTrim'), readDays),
        nonElectivePence: cellOf('nel_price_pence', get('nel'), readWholePence),
        nonElectiveTrimDays: cellOf('nel_trim_days', get('nelTrim'), readDays),
        longStayPerDayPence: cellOf('xbd_price_pence', get('xbd'), readWholePence),
        ssemApplicable: false,
        ssemPctMicros: null,
        ssemReducedPence: null,
      };
      const problem = checkApcPrice(price);
      if (problem) throw new CellError(null, problem.reason);
      return price;
    },
    (p) => p.hrg,
  );
}

const OP = {
  tfc: ['tfc', 'treatment function code'],
  first: ['first_price_pence'],
  followUp: ['followup_price_pence', 'follow_up_price_pence'],
} as const;

/** Treatment function codes are three digits (110 trauma and orthopaedics). */
export const TFC_CODE = /^\d{3}$/;

/**
 * Parses benchmark op_tariff.csv text.
 *
 * @example parseBenchmarkOpCsv('tfc,first_price_pence,followup_price_pence\n110,16800,8100\n').rows[0].firstPence // 16800
 */
export function parseBenchmarkOpCsv(text: string): ParseReport<OutpatientPrice> {
  return readHeaderedTable<keyof typeof OP, OutpatientPrice>(
    csvToRows(text),
    'op_tariff',
    OP,
    ['tfc', 'first', 'followUp'],
    (get) => {
      const tfc = (get('tfc') ?? '').trim();
      if (!TFC_CODE.test(tfc)) throw new CellError('tfc', tfc === '' ? 'missing treatment function code' : `not a treatment function code: "${tfc}"`);
      const firstPence = cellOf('first_price_pence', get('first'), readWholePence);
      const followUpPence = cellOf('followup_price_pence', get('followUp'), readWholePence);
      if (firstPence === null && followUpPence === null) throw new CellError(null, 'no price in any column');
      return { tfc, name: null, firstPence, followUpPence };
    },
    (p) => p.tfc,
  );
}
