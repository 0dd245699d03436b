import { createReadStream } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { RunError, UsageError } from '../errors.js';
import { compareWithBenchmarks } from '../inspect/compare.js';
import type { EventNames, FieldNames } from '../inspect/fields.js';
import { formatText } from '../inspect/format-text.js';
import { htmlReport } from '../inspect/html-report.js';
import { InputError, type InputFormat } from '../inspect/input-events.js';
import { inspectStream } from '../inspect/inspect-stream.js';
import type { CliIo } from './io.js';
import { writeWholeFile } from './whole-file.js';
import { parseChoice } from './parse-flags.js';
import { parseDuration } from '../time/time-text.js';

export interface InspectFlags {
  readonly format?: string;
  readonly json?: boolean;
  readonly html?: string;
  readonly compare?: boolean;
  /** With --compare: exit 0 even when a measure is outside its range. */
  readonly allowOutside?: boolean;
  readonly timeout?: string;
  readonly lateAfter?: string;
  readonly timeField?: string;
  readonly sessionField?: string;
  readonly userField?: string;
  readonly typeField?: string;
  readonly deviceField?: string;
  readonly sourceField?: string;
  readonly timezoneField?: string;
  readonly productField?: string;
  readonly orderValueField?: string;
  readonly quantityField?: string;
  readonly processingTimeField?: string;
  readonly viewEvent?: string;
  readonly cartEvent?: string;
  readonly removeEvent?: string;
  readonly checkoutEvent?: string;
  readonly purchaseEvent?: string;
  readonly searchEvent?: string;
  readonly pageEvents?: string;
}

/** `clickgen inspect FILE|-`: measures an event file and prints what it found. */
export async function inspect(file: string, flags: InspectFlags, io: CliIo): Promise<number> {
  // Only a comparison can be outside its ranges: without one the flag would do nothing.
  if (flags.allowOutside === true && flags.compare !== true) throw new UsageError('BAD_FLAG', '--allow-outside: needs --compare (it lets measures outside their ranges exit 0); add --compare, or leave out --allow-outside');
  const format = flags.format === undefined ? formatFromName(file) : parseChoice<InputFormat>('--format', flags.format, ['ndjson', 'csv']);
  const timeoutMs = flags.timeout === undefined ? undefined : parseDuration('--timeout', flags.timeout);
  const lateAfterMs = flags.lateAfter === undefined ? undefined : parseDuration('--late-after', flags.lateAfter);
  const name = file === '-' ? 'stdin' : file;
  let report;
  try {
    report = await inspectStream(openInput(file, io), { name, format, fields: fieldNames(flags), events: eventNames(flags), timeoutMs, lateAfterMs });
  } catch (error) {
    if (error instanceof InputError) throw new UsageError('INSPECT_INPUT', `${name}:${error.line}: ${error.message}`);
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string') throw new UsageError('INSPECT_INPUT', `${name}: cannot read it (${GZIP_ERRORS[code] ?? code})`);
    throw error;
  }
  const comparison = flags.compare === true ? compareWithBenchmarks(report) : undefined;
  if (flags.html !== undefined) await writeHtml(flags.html, htmlReport(report, comparison));
  const text = flags.json === true ? `${JSON.stringify(comparison === undefined ? report : { ...report, compare: comparison }, null, 2)}\n` : formatText(report, comparison);
  await writeReport(io.stdout, text);
  const outside = comparison?.some((c) => c.inside === false) === true;
  return outside && flags.allowOutside !== true ? OUTSIDE_RANGE_EXIT : 0;
}

/** zlib's codes in words: a `.gz` name on text, and gzip that ends early (a cut pipe, a partial download). */
const GZIP_ERRORS: Readonly<Record<string, string>> = { Z_DATA_ERROR: 'not gzip data', Z_BUF_ERROR: 'gzip data cut short' };

/** `inspect --compare`: the report is complete, and a measure is outside its published range. */
export const OUTSIDE_RANGE_EXIT = 3;

/** Writes the report; a reader that goes away early (`clickgen inspect ... | head`) ends it quietly. */
function writeReport(out: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    out.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET' || error.code === 'ERR_STREAM_DESTROYED') resolve();
      else reject(new RunError('BAD_OUTPUT', `stdout: cannot write the report (${error.code ?? error.message})`));
    });
    out.write(text, () => resolve());
  });
}

function openInput(file: string, io: CliIo): Readable {
  const raw = file === '-' ? io.stdin : createReadStream(file);
  if (raw === undefined) throw new UsageError('INSPECT_INPUT', 'stdin: not available here');
  if (!file.endsWith('.gz')) return raw;
  const gunzip = createGunzip();
  raw.on('error', (error: Error) => gunzip.destroy(error));
  return raw.pipe(gunzip);
}

function formatFromName(file: string): InputFormat | undefined {
  const base = file.replace(/\.gz$/, '');
  if (/\.csv$/i.test(base)) return 'csv';
  if (/\.(ndjson|jsonl|json)$/i.test(base)) return 'ndjson';
  return undefined;
}

function fieldNames(flags: InspectFlags): FieldNames {
  const names: FieldNames = {
    time: flags.timeField,
    session: flags.sessionField,
    user: flags.userField,
    type: flags.typeField,
    device: flags.deviceField,
    source: flags.sourceField,
    timezone: flags.timezoneField,
    product: flags.productField,
    orderValue: flags.orderValueField,
    quantity: flags.quantityField,
    processingTime: flags.processingTimeField,
  };
  return Object.fromEntries(Object.entries(names).filter(([, v]) => v !== undefined));
}

function eventNames(flags: InspectFlags): Partial<EventNames> {
  const list = (text: string | undefined): string[] | undefined => (text === undefined ? undefined : text.split(',').map((s) => s.trim()).filter((s) => s !== ''));
  const names: Partial<Record<keyof EventNames, string[] | undefined>> = {
    view: list(flags.viewEvent),
    cart: list(flags.cartEvent),
    remove: list(flags.removeEvent),
    checkout: list(flags.checkoutEvent),
    purchase: list(flags.purchaseEvent),
    search: list(flags.searchEvent),
    pages: list(flags.pageEvents),
  };
  return Object.fromEntries(Object.entries(names).filter(([, v]) => v !== undefined));
}

async function writeHtml(path: string, html: string): Promise<void> {
  await writeWholeFile(path, [Buffer.from(html)], '--html');
}
