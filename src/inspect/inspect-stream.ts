import type { Readable } from 'node:stream';
import { Aggregator, DEFAULT_LATE_AFTER_MS, DEFAULT_TIMEOUT_MS } from './aggregate.js';
import { DEFAULT_EVENT_NAMES, type EventNames, type FieldNames } from './fields.js';
import { gunzipIfGzip } from './gzip-input.js';
import { readEvents, type InputFormat } from './input-events.js';
import { buildReport, type InspectReport } from './report.js';

export interface InspectOptions {
  /** Names the input in the report. */
  readonly name: string;
  readonly format?: InputFormat;
  readonly fields?: FieldNames;
  readonly events?: Partial<EventNames>;
  readonly timeoutMs?: number;
  readonly lateAfterMs?: number;
}

/**
 * Reads an event stream once, gzipped or not, and measures it: sessions, funnel, conversion
 * by segment, traffic curves, popularity, delivery. Memory holds open sessions and fixed-size
 * histograms, plus one entry per product and (up to a million) per user.
 */
export async function inspectStream(input: Readable, options: InspectOptions): Promise<InspectReport> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const lateAfterMs = options.lateAfterMs ?? DEFAULT_LATE_AFTER_MS;
  const events = { ...DEFAULT_EVENT_NAMES, ...options.events };
  let aggregator: Aggregator | null = null;
  const result = await readEvents(gunzipIfGzip(input), { format: options.format, fields: options.fields }, (event) => {
    // The first event says whether sessions come from session ids or from users.
    aggregator ??= new Aggregator({ timeoutMs, lateAfterMs, events, sessionsFromUsers: event.session === null });
    aggregator.add(event);
  });
  const a = aggregator ?? new Aggregator({ timeoutMs, lateAfterMs, events, sessionsFromUsers: false });
  a.finish();
  return buildReport(a, {
    name: options.name,
    format: result.format,
    lines: result.lines,
    fields: result.fields,
    sessionsFromUsers: a.sessionsFromUsers,
    timeoutMs,
    lateAfterMs,
  });
}
