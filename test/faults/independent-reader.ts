/**
 * A reader that knows nothing of clickgen's code: given the records of a clean run and of
 * the same run with faults (same scenario, seed and late delivery), it finds the bad
 * records, the duplicates and the drops, and computes the per-window counts and what
 * each watermark drops, from the records alone.
 */
import assert from 'node:assert/strict';
import type { RunSummary } from '../../src/pipeline/run-summary.js';

export interface ReaderOptions {
  readonly timeField: string;
  readonly typeField: string;
  readonly sessionField: string;
  /** Times written without a zone are UTC. */
  readonly windowMs: number;
  readonly watermarksMs: readonly number[];
}

export interface IndependentKey {
  bad: { position: number; kind: string }[];
  duplicates: number[][];
  /** Events of the clean run missing from the faulted one, as "type@iso time", sorted. */
  missing: string[];
  eventTime: Record<string, { events: number; events_by_type: Record<string, number>; sessions_started: number }>;
  watermarks: { delay_seconds: number; dropped: number; dropped_by_window: Record<string, number> }[];
}

type Row = Record<string, unknown>;
const strict = new TextDecoder('utf-8', { fatal: true });

function isoOf(text: unknown): string {
  const s = String(text);
  const ms = Date.parse(/Z|[+-]\d\d:?\d\d$/.test(s) ? s : `${s}Z`);
  return Number.isNaN(ms) ? 'no time' : new Date(ms).toISOString();
}

function windowOf(iso: string, windowMs: number): string {
  const ms = Date.parse(iso);
  return new Date(Math.floor(ms / windowMs) * windowMs).toISOString();
}

export function readFaulted(clean: readonly Buffer[], faulted: readonly Buffer[], options: ReaderOptions): IndependentKey {
  const cleanText = clean.map((record) => record.toString('latin1'));
  assert.equal(new Set(cleanText).size, cleanText.length, 'the clean run has no two identical records, so equal bytes mean a duplicate');
  const cleanSet = new Set(cleanText);
  const cleanRows = cleanText.map((text) => JSON.parse(Buffer.from(text, 'latin1').toString('utf8')) as Row);
  const signature = (row: Row): string => `${String(row[options.typeField])}@${isoOf(row[options.timeField])}#${String(row[options.sessionField])}`;
  const cleanBySignature = new Map(cleanRows.map((row) => [signature(row), row]));

  // Bad records: bytes no clean record has. Their kind, from what is wrong with them.
  const bad: IndependentKey['bad'] = [];
  const groups = new Map<string, number[]>();
  faulted.forEach((record, position) => {
    const text = record.toString('latin1');
    const positions = groups.get(text) ?? [];
    positions.push(position);
    groups.set(text, positions);
    if (!cleanSet.has(text)) bad.push({ position, kind: kindOf(record, cleanBySignature, signature) });
  });
  const duplicates = [...groups.values()].filter((positions) => positions.length > 1);

  // Missing: clean records that never arrived intact (dropped, or written broken).
  const arrived = new Set(faulted.map((record) => record.toString('latin1')).filter((text) => cleanSet.has(text)));
  const missingRows = cleanRows.filter((_, i) => !arrived.has(cleanText[i]));
  const missing = missingRows.map((row) => `${String(row[options.typeField])}@${isoOf(row[options.timeField])}`).sort();

  // Windows and watermarks over the intact records in the order they arrived, each once.
  const eventTime: IndependentKey['eventTime'] = {};
  const marks = options.watermarksMs.map((delay): { delay: number; max: number; dropped: number; byWindow: Record<string, number> } => ({ delay, max: -Infinity, dropped: 0, byWindow: {} }));
  const seen = new Set<string>();
  for (const record of faulted) {
    const text = record.toString('latin1');
    if (!cleanSet.has(text) || seen.has(text)) continue;
    seen.add(text);
    const row = JSON.parse(record.toString('utf8')) as Row;
    const iso = isoOf(row[options.timeField]);
    const window = windowOf(iso, options.windowMs);
    const counts = (eventTime[window] ??= { events: 0, events_by_type: {}, sessions_started: 0 });
    counts.events++;
    const type = String(row[options.typeField]);
    counts.events_by_type[type] = (counts.events_by_type[type] ?? 0) + 1;
    const ms = Date.parse(iso);
    for (const mark of marks) {
      if (ms < mark.max - mark.delay) {
        mark.dropped++;
        mark.byWindow[window] = (mark.byWindow[window] ?? 0) + 1;
      } else if (ms > mark.max) mark.max = ms;
    }
  }
  // A session starts with its earliest event of the clean run, when that arrived intact.
  const firstOf = new Map<string, { ms: number; text: string }>();
  cleanRows.forEach((row, i) => {
    const session = String(row[options.sessionField]);
    const ms = Date.parse(isoOf(row[options.timeField]));
    const first = firstOf.get(session);
    if (first === undefined || ms < first.ms) firstOf.set(session, { ms, text: cleanText[i] });
  });
  for (const { ms, text } of firstOf.values()) {
    if (!arrived.has(text)) continue;
    const window = new Date(Math.floor(ms / options.windowMs) * options.windowMs).toISOString();
    (eventTime[window] ??= { events: 0, events_by_type: {}, sessions_started: 0 }).sessions_started++;
  }
  for (const counts of Object.values(eventTime)) counts.events_by_type = Object.fromEntries(Object.entries(counts.events_by_type).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  return {
    bad,
    duplicates,
    missing,
    eventTime: Object.fromEntries(Object.entries(eventTime).sort((a, b) => (a[0] < b[0] ? -1 : 1))),
    watermarks: marks.map((mark) => ({ delay_seconds: mark.delay / 1000, dropped: mark.dropped, dropped_by_window: Object.fromEntries(Object.entries(mark.byWindow).sort((a, b) => (a[0] < b[0] ? -1 : 1))) })),
  };
}

/** The answer key's view, in the reader's terms. */
export function keyView(key: RunSummary): IndependentKey {
  const faults = key.faults!;
  const badIds = new Map(faults.bad_records.map((bad) => [bad.id, `${bad.type}@${bad.event_time}`]));
  return {
    bad: faults.bad_records.map((bad) => ({ position: bad.position, kind: bad.kind })),
    duplicates: faults.duplicates.map((d) => d.positions),
    missing: [...faults.drops.map((drop) => `${drop.type}@${drop.event_time}`), ...badIds.values()].sort(),
    eventTime: Object.fromEntries(Object.entries(key.windows!.event_time).filter(([, w]) => w.events > 0 || (w.sessions_started ?? 0) > 0).map(([start, w]) => [start, { events: w.events, events_by_type: w.events_by_type, sessions_started: w.sessions_started ?? 0 }])),
    watermarks: key.watermarks!,
  };
}

/** Bad records and duplicate copies by where they are in a Kafka topic, as "partition/offset" texts. */
export interface TopicPlaces {
  /** Each bad record's place, sorted. */
  bad: string[];
  /** Per duplicate written intact both times, its copies' places joined by a space; sorted. */
  duplicates: string[];
}

/** Places in partition, then offset, order. */
function byPlace(a: string, b: string): number {
  const [pa, oa] = a.split(/[/ ]/).map(Number);
  const [pb, ob] = b.split(/[/ ]/).map(Number);
  return pa - pb || oa - ob;
}

/**
 * What a reader of the topic finds: records that no clean run of the same seed has (bad),
 * and values that come more than once (a duplicate's copies), by partition and offset.
 */
export function readTopicPlaces(records: readonly { partition: number; offset: number; valueBytes: Buffer }[], cleanLines: ReadonlySet<string>): TopicPlaces {
  const bad: string[] = [];
  const copies = new Map<string, string[]>();
  for (const record of records) {
    const place = `${record.partition}/${record.offset}`;
    const value = record.valueBytes.toString('latin1');
    if (!cleanLines.has(value)) bad.push(place);
    else copies.set(value, [...(copies.get(value) ?? []), place]);
  }
  const duplicates = [...copies.values()].filter((places) => places.length > 1).map((places) => places.sort(byPlace).join(' '));
  return { bad: bad.sort(byPlace), duplicates: duplicates.sort(byPlace) };
}

/**
 * The key's places in the reader's terms. A duplicated record that was also written broken
 * shows once as bad and once intact: the reader sees no pair, so only intact pairs are listed.
 */
export function keyTopicPlaces(key: RunSummary): TopicPlaces {
  const faults = key.faults!;
  const broken = new Set(faults.bad_records.map((bad) => bad.id));
  return {
    bad: faults.bad_records.map((bad) => `${bad.partition}/${bad.offset}`).sort(byPlace),
    duplicates: faults.duplicates
      .filter((d) => !broken.has(d.id))
      .map((d) => d.partitions!.map((p, i) => `${p}/${d.offsets![i]}`).sort(byPlace).join(' '))
      .sort(byPlace),
  };
}

/** What is wrong with a bad JSON record, told by comparing it with the clean record of the same type, time and session. */
function kindOf(record: Buffer, clean: Map<string, Row>, signature: (row: Row) => string): string {
  try {
    strict.decode(record);
  } catch {
    return 'invalid_utf8';
  }
  let row: Row;
  try {
    row = JSON.parse(record.toString('utf8')) as Row;
  } catch {
    return 'truncated';
  }
  const original = clean.get(signature(row));
  if (original === undefined || Object.keys(original).some((key) => !(key in row))) return 'missing_field';
  const now = flatten(row);
  for (const [key, value] of flatten(original)) {
    if (typeof value === 'number' && typeof now.get(key) === 'string') return 'type_violation';
    if (typeof value === 'number' && value >= 0 && (now.get(key) as number) < 0) return 'out_of_domain';
  }
  return 'unexplained';
}

function flatten(value: unknown, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, `${prefix}${key}.`, into);
  } else into.set(prefix, value);
  return into;
}

export interface PurchaseOptions {
  readonly timeField: string;
  /** A field with when the record was received, for the processing-time windows; none: event time only. */
  readonly processingTimeField?: string;
  readonly typeField: string;
  readonly purchaseType: string;
  readonly revenueField: string;
  readonly windowMs: number;
}

export type PurchaseWindows = Record<string, { purchases: number; revenue: string }>;

/**
 * Purchases and revenue per window of the intact records (each once, in the order they
 * arrived), from the faulted run's bytes alone. Revenue is added as the written decimal
 * texts in whole cents: a value written with more than two decimals fails the test.
 */
export function readPurchases(clean: readonly Buffer[], faulted: readonly Buffer[], options: PurchaseOptions): { eventTime: PurchaseWindows; processingTime: PurchaseWindows } {
  const cleanSet = new Set(clean.map((record) => record.toString('latin1')));
  const seen = new Set<string>();
  const cents = { eventTime: new Map<number, { purchases: number; cents: bigint }>(), processingTime: new Map<number, { purchases: number; cents: bigint }>() };
  const count = (windows: Map<number, { purchases: number; cents: bigint }>, time: unknown, amount: bigint): void => {
    const ms = typeof time === 'number' ? time : Date.parse(isoOf(time));
    const start = Math.floor(ms / options.windowMs) * options.windowMs;
    const window = windows.get(start) ?? { purchases: 0, cents: 0n };
    window.purchases++;
    window.cents += amount;
    windows.set(start, window);
  };
  for (const record of faulted) {
    const text = record.toString('latin1');
    if (!cleanSet.has(text) || seen.has(text)) continue;
    seen.add(text);
    const row = JSON.parse(record.toString('utf8')) as Row;
    if (row[options.typeField] !== options.purchaseType) continue;
    const amount = centsOf(row[options.revenueField]);
    count(cents.eventTime, row[options.timeField], amount);
    if (options.processingTimeField !== undefined) count(cents.processingTime, row[options.processingTimeField], amount);
  }
  const listed = (windows: Map<number, { purchases: number; cents: bigint }>): PurchaseWindows =>
    Object.fromEntries([...windows].sort((a, b) => a[0] - b[0]).map(([start, w]) => [new Date(start).toISOString(), { purchases: w.purchases, revenue: centsText(w.cents) }]));
  return { eventTime: listed(cents.eventTime), processingTime: listed(cents.processingTime) };
}

/** A written number (as JSON.parse read it, whose text is the shortest that reads back) in whole cents, from its digits. */
function centsOf(value: unknown): bigint {
  if (value === null || value === undefined) return 0n;
  const text = typeof value === 'number' || typeof value === 'string' ? String(value) : JSON.stringify(value);
  assert.match(text, /^-?\d+(\.\d{1,2})?$/, `a revenue written with at most two decimals: ${text}`);
  const [whole, fraction = ''] = text.split('.');
  const units = BigInt(whole.replace('-', '')) * 100n + BigInt(fraction.padEnd(2, '0'));
  return whole.startsWith('-') ? -units : units;
}

function centsText(cents: bigint): string {
  const negative = cents < 0n;
  const digits = (negative ? -cents : cents).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
