import { isOpen, parseCsvRecord } from './csv-record.js';
import { FIELD_CANDIDATES, FIELD_ROLES, SESSION_PER_VISITOR, SNOWPLOW_CHECKOUT_STEP, type FieldNames, type FieldRole } from './fields.js';
import { readLines, LineTooLong, type Line } from './lines.js';
import { fieldOf, parseJsonLine } from './ndjson-record.js';
import { parseTime } from './time-value.js';

export type InputFormat = 'ndjson' | 'csv';

/** One event as inspect sees it, whatever the input's schema. The object is reused between events. */
export interface InputEvent {
  line: number;
  /** Event time, epoch ms. */
  time: number;
  /** Processing (arrival) time, epoch ms; NaN when the input has none. */
  processing: number;
  session: string | null;
  user: string | null;
  type: string;
  device: string | null;
  source: string | null;
  timezone: string | null;
  product: string | null;
  /** NaN when absent. */
  orderValue: number;
  quantity: number;
}

/** Bad input at a line: the CLI prints it as `FILE:LINE: message`. */
export class InputError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ReadResult {
  readonly format: InputFormat;
  /** The field used for each role, or null when the input has none. */
  readonly fields: Readonly<Record<FieldRole, string | null>>;
  readonly lines: number;
}

/** Why one record lacks what the events before it have. */
const BROKEN = ': a record written broken (a run with --bad-records does so on purpose; its answer key lists where), or not an event';

/** A field of a record: a parsed JSON object or CSV cells. */
type Getter = (name: string) => unknown;

/**
 * Reads events from NDJSON or CSV and hands each to `onEvent`. Fields are found by the
 * names given, or else among each role's usual names (FIELD_CANDIDATES) the first time
 * a record has one with a value; the event type is looked for in each event. Throws
 * InputError for a line that is not an event.
 */
export async function readEvents(input: AsyncIterable<unknown>, options: { format?: InputFormat; fields?: FieldNames }, onEvent: (event: InputEvent) => void): Promise<ReadResult> {
  const given = options.fields ?? {};
  const resolved = Object.fromEntries(FIELD_ROLES.map((role) => [role, given[role] ?? null])) as Record<FieldRole, string | null>;
  const paths = new Map<string, readonly string[]>();
  const event: InputEvent = { line: 0, time: 0, processing: NaN, session: null, user: null, type: '', device: null, source: null, timezone: null, product: null, orderValue: NaN, quantity: NaN };
  let format = options.format;
  let header: Map<string, number> | null = null;
  let pending = '';
  let pendingLine = 0;
  let first = true;
  let lines = 0;
  /** Events read so far: a field missing after some is a record out of line, not a field to name. */
  let taken = 0;

  const find = (role: FieldRole, has: (name: string) => boolean): string | null => {
    if (resolved[role] !== null || given[role] !== undefined) return resolved[role];
    for (const name of FIELD_CANDIDATES[role]) {
      if (has(name)) {
        resolved[role] = name;
        return name;
      }
    }
    return null;
  };
  let sessionsDecided = given.session !== undefined;
  // Without --type-field each event is typed by the first candidate it has; the report names the first candidate used.
  const typeUses = FIELD_CANDIDATES.type.map(() => 0);
  const typeOf = (get: Getter): string | null => {
    if (given.type !== undefined) return text(get(given.type));
    for (let i = 0; i < FIELD_CANDIDATES.type.length; i++) {
      const value = get(FIELD_CANDIDATES.type[i]);
      if (isValue(value)) {
        typeUses[i]++;
        return value === SNOWPLOW_CHECKOUT_STEP.type ? checkoutStepType(get) : String(value);
      }
    }
    return null;
  };

  const take = (get: Getter, has: (name: string) => boolean, line: number): void => {
    const read = (role: FieldRole): unknown => {
      const name = find(role, has);
      return name === null ? undefined : get(name);
    };
    if (!sessionsDecided) {
      // Sessions come from a session field when the first event has one, else from users and inactivity.
      find('session', has);
      sessionsDecided = true;
    }
    event.line = line;
    const timeName = find('time', has);
    if (timeName === null) throw new InputError(line, `has no event time; name its field with --time-field (tried ${FIELD_CANDIDATES.time.join(', ')})`);
    const rawTime = get(timeName);
    if (rawTime === undefined || rawTime === null || rawTime === '') throw new InputError(line, taken === 0 ? `has no ${timeName}; name the event time field with --time-field` : `has no ${timeName}, which the events before it have${BROKEN}`);
    event.time = parseTime(rawTime);
    if (Number.isNaN(event.time)) throw new InputError(line, `${timeName} ${JSON.stringify(rawTime)}: not a time; expected ISO 8601 or epoch seconds, milliseconds or microseconds`);
    const type = typeOf(get);
    if (type === null) throw new InputError(line, taken === 0 ? `has no event type; name its field with --type-field (tried ${FIELD_CANDIDATES.type.join(', ')})` : `has no event type, which the events before it have${BROKEN}`);
    event.type = type;
    event.session = resolved.session === null ? null : text(get(resolved.session));
    event.user = text(read('user'));
    if (event.session !== null && SESSION_PER_VISITOR.has(resolved.session!)) event.session = `${event.user ?? ''}\u0000${event.session}`;
    if (event.session === null && (resolved.session !== null || event.user === null)) {
      throw new InputError(line, resolved.session !== null ? `has no ${resolved.session}; every event needs its session` : 'has neither a session nor a user id; name them with --session-field or --user-field');
    }
    event.device = text(read('device'));
    event.source = text(read('source'));
    event.timezone = text(read('timezone'));
    event.product = text(read('product'));
    event.orderValue = number(read('orderValue'));
    event.quantity = number(read('quantity'));
    const processing = read('processingTime');
    event.processing = processing === undefined || processing === null || processing === '' ? NaN : parseTime(processing);
    taken++;
    onEvent(event);
  };

  const jsonPath = (name: string): readonly string[] => {
    let path = paths.get(name);
    if (path === undefined) {
      path = name.split('.');
      paths.set(name, path);
    }
    return path;
  };

  const handleJson = ({ text: raw, number }: Line): void => {
    const record = parseJsonLine(raw);
    if (typeof record === 'string') throw new InputError(number, taken === 0 ? record : `${record}${BROKEN}`);
    take(
      (name) => fieldOf(record, name, jsonPath(name)),
      // A null or an object is not the field: GA4's user_id before sign-in, its `device` object.
      (name) => isValue(fieldOf(record, name, jsonPath(name))),
      number,
    );
  };

  const handleCsv = (record: string, number: number): void => {
    let cells: string[];
    try {
      cells = parseCsvRecord(record);
    } catch (error) {
      throw new InputError(number, `not a CSV record: ${(error as Error).message}`);
    }
    if (header === null) {
      header = new Map(cells.map((name, i) => [name, i]));
      return;
    }
    const columns = header;
    if (cells.length !== columns.size) throw new InputError(number, `has ${cells.length} cells; the header has ${columns.size}`);
    take(
      (name) => {
        const i = columns.get(name);
        return i === undefined ? undefined : cells[i];
      },
      (name) => columns.has(name),
      number,
    );
  };

  try {
    for await (const line of readLines(input)) {
      lines = line.number;
      if (pending === '' && line.text.trim() === '') continue;
      if (first) {
        first = false;
        const unread = unreadFormat(line.text);
        if (unread !== null) throw new InputError(line.number, `looks like ${unread}, which inspect does not read: it reads NDJSON and CSV (gzipped or not); write them with --format ndjson or csv`);
        format ??= line.text.trimStart().startsWith('{') ? 'ndjson' : 'csv';
      }
      if (format === 'ndjson') {
        handleJson(line);
        continue;
      }
      if (pending === '') pendingLine = line.number;
      pending = pending === '' ? line.text : `${pending}\n${line.text}`;
      if (isOpen(pending)) continue;
      const record = pending;
      pending = '';
      handleCsv(record, pendingLine);
    }
  } catch (error) {
    if (error instanceof LineTooLong) throw new InputError(error.line, error.message.replace(/^line \d+ /, ''));
    throw error;
  }
  if (pending !== '') throw new InputError(pendingLine, 'not a CSV record: a quoted cell is not closed');
  if (given.type === undefined) {
    const first = typeUses.findIndex((uses) => uses > 0);
    resolved.type = first < 0 ? null : FIELD_CANDIDATES.type[first];
  }
  return { format: format ?? 'ndjson', fields: resolved, lines };
}

/**
 * The formats clickgen writes that inspect does not read, known by their first line: the magic
 * bytes of Parquet, Arrow and Avro files, and TSV's tabs (a header of tabs and no commas).
 */
function unreadFormat(firstLine: string): string | null {
  if (firstLine.startsWith('PAR1')) return 'Parquet';
  if (firstLine.startsWith('ARROW1') || firstLine.startsWith('\uFFFD\uFFFD\uFFFD\uFFFD')) return 'Arrow';
  if (firstLine.startsWith('Obj\u0001')) return 'Avro';
  if (firstLine.includes('\t') && !firstLine.includes(',') && !firstLine.trimStart().startsWith('{')) return 'TSV';
  return null;
}

/** Snowplow's `checkout_step` with its step: `checkout_step 2`; without a step entity, as it is. */
function checkoutStepType(get: Getter): string {
  for (const name of SNOWPLOW_CHECKOUT_STEP.step) {
    const step = get(name);
    if (isValue(step)) return `${SNOWPLOW_CHECKOUT_STEP.type} ${String(step)}`;
  }
  return SNOWPLOW_CHECKOUT_STEP.type;
}

/** A value a role can take: text, a number or a boolean; not null, empty text or an object. */
function isValue(value: unknown): value is string | number | boolean {
  return typeof value === 'string' ? value !== '' : typeof value === 'number' || typeof value === 'boolean';
}

function text(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

function number(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return NaN;
}
