import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import {
  bankHolidays, compareWithGovUk, isOperationalDay, loadGovUkBankHolidays, nthOperationalDayAfter, operationalDaysBetween,
} from '../../domain/calendar/index.ts';
import { invalid } from '../../domain/errors.ts';
import { REPO_ROOT } from '../config.ts';
import { printJson, printTable } from '../output.ts';

function parseYear(text: string): number {
  const year = Number(text);
  if (!/^\d{4}$/.test(text) || year < 1583) throw invalid('year', `"${text}" is not a year such as 2025`);
  return year;
}

function parseCount(text: string): number {
  if (!/^-?\d+$/.test(text)) throw invalid('n', `"${text}" is not a whole number of operational days`);
  return Number(text);
}

export function registerCalendarCommands(program: Command): void {
  const cal = program.command('calendar').description('England and Wales bank holidays and NHS operational days');
  cal
    .command('bank-holidays <year>')
    .description('The England and Wales bank holidays of a year (ISO dates)')
    .option('--json', 'print a JSON array of {date, title}')
    .action((yearText: string, opts: { json?: boolean }) => {
      const list = bankHolidays(parseYear(yearText));
      if (opts.json) return printJson(list);
      printTable(['date', 'weekday', 'holiday'], list.map((h) => [h.date, new Date(`${h.date}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' }), h.title]));
    });
  cal
    .command('operational-day <date> <n>')
    .description('The Nth operational day after a date (weekdays other than England and Wales bank holidays); "within 5 operational days of D" ends on the 5th')
    .option('--json', 'print {date, n, result}')
    .action((date: string, nText: string, opts: { json?: boolean }) => {
      const n = parseCount(nText);
      const result = nthOperationalDayAfter(date, n);
      if (opts.json) return printJson({ date, n, result, operationalDaysBetween: operationalDaysBetween(date, result) });
      process.stdout.write(`${result}\n`);
    });
  cal
    .command('is-operational <date>')
    .description('Whether a date is an operational day')
    .action((date: string) => {
      process.stdout.write(`${date} is ${isOperationalDay(date) ? '' : 'not '}an operational day\n`);
    });
  cal
    .command('check-govuk [file]')
    .description("Compare the computed calendar with gov.uk's bank-holidays.json (default: ../shared/data/calendar/bank-holidays.json)")
    .option('--json', 'print the disagreements as JSON')
    .action((file: string | undefined, opts: { json?: boolean }) => {
      const path = file ?? join(REPO_ROOT, '..', 'shared', 'data', 'calendar', 'bank-holidays.json');
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(path, 'utf8'));
      } catch (e) {
        throw invalid('file', `cannot read ${path}: ${(e as Error).message}`);
      }
      const feed = loadGovUkBankHolidays(parsed);
      const diffs = compareWithGovUk(feed);
      if (opts.json) return printJson({ years: feed.years, disagreements: diffs });
      process.stdout.write(diffs.length === 0
        ? `The calendar agrees with gov.uk for ${feed.years.join(', ')}.\n`
        : `${diffs.length} year(s) disagree:\n${JSON.stringify(diffs, null, 2)}\n`);
    });
}
