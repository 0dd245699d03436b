/**
 * Travel search events shaped like the search/click/conversion generator's (about 300 bytes of
 * JSON each), and RecordBatches built from them the way the pipeline builds them: NDJSON
 * records each ending in '\n', keys rendered from the sink's key template, objects on request.
 * Deterministic: event i of a seed is always the same.
 */
import { streamFor } from '../../src/random/prng.js';
import type { RecordBatch } from '../../src/sinks/types.js';

export type TravelEvent = Record<string, unknown> & { event_type: 'search' | 'click' | 'conversion' };

const QUERIES = ['flights to Miami', 'hotels in Toronto', 'cheap flights to Paris', 'car rental Denver', 'vacation packages Cancun', 'flights to Tokyo'];
const PLATFORMS = ['web', 'ios_app', 'android_app', 'mobile_web'];
const DEVICES = ['desktop', 'mobile', 'tablet'];
const PROVIDERS = ['Expedia', 'Booking.com', 'Kayak', 'Priceline', 'Hotels.com'];
const PRODUCTS = ['flight', 'hotel', 'car', 'package'];
const PLACES: readonly (readonly [string, string])[] = [
  ['US', 'New York'],
  ['CA', 'Toronto'],
  ['GB', 'London'],
  ['DE', 'Berlin'],
  ['US', 'Los Angeles'],
];
const START_MS = Date.UTC(2026, 0, 31, 12, 0, 0);

/** Event `index` of a run: about 70 % searches, 24 % clicks, 6 % conversions. */
export function travelEvent(seed: number, index: number): TravelEvent {
  const rng = streamFor(seed, 7, index);
  const pick = <T>(list: readonly T[]): T => list[rng.int(list.length)];
  const roll = rng.next();
  const hex = (n: number): string => rng.nextU32().toString(16).padStart(8, '0').slice(0, n);
  const [country, city] = pick(PLACES);
  const common = {
    event_id: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(8)}${hex(4)}`,
    timestamp: `${new Date(START_MS + index * 1000).toISOString().slice(0, 19)}Z`,
    user_id: rng.next() < 0.4 ? null : `user_${rng.int(10_000)}`,
    session_id: `sess_${hex(8)}`,
    platform: pick(PLATFORMS),
    device_type: pick(DEVICES),
    geo: { country, city },
  };
  if (roll < 0.7) {
    return {
      event_type: 'search',
      ...common,
      query: pick(QUERIES),
      results_count: 5 + rng.int(60),
      filters: { price_max: 100 * (1 + rng.int(20)), stars: 1 + rng.int(5), refundable: rng.next() < 0.3 },
    };
  }
  if (roll < 0.94) {
    return {
      event_type: 'click',
      ...common,
      result_position: Math.min(25, Math.floor(rng.nextOpen() ** -0.8)),
      result_price: Math.round(5000 + rng.next() * 150000) / 100,
      result_provider: pick(PROVIDERS),
      utm_source: pick(['google', 'facebook', 'direct', 'email']),
    };
  }
  const value = Math.round(20000 + rng.next() * 300000) / 100;
  return {
    event_type: 'conversion',
    ...common,
    booking_value: value,
    commission: Math.round(value * 8) / 100,
    product_type: pick(PRODUCTS),
    currency: 'USD',
  };
}

export function travelEvents(seed: number, from: number, count: number): TravelEvent[] {
  return Array.from({ length: count }, (_, i) => travelEvent(seed, from + i));
}

export interface BatchOptions {
  /** Renders `{field}` references against each event, as the pipeline does for `Sink.keyTemplate`. */
  readonly keyTemplate?: string;
  readonly objects?: boolean;
}

const encoder = new TextEncoder();

export function toRecordBatch(events: readonly TravelEvent[], options: BatchOptions = {}): RecordBatch {
  const lines = events.map((event) => encoder.encode(`${JSON.stringify(event)}\n`));
  const total = lines.reduce((sum, line) => sum + line.length, 0);
  const bytes = new Uint8Array(total);
  const ends = new Uint32Array(events.length);
  let offset = 0;
  lines.forEach((line, i) => {
    bytes.set(line, offset);
    offset += line.length;
    ends[i] = offset;
  });
  const template = options.keyTemplate;
  return {
    bytes,
    ends,
    count: events.length,
    times: Float64Array.from(events, (event) => Date.parse(String(event.timestamp))),
    keys: template === undefined ? undefined : events.map((event) => renderKey(template, event)),
    objects: options.objects === true ? events : undefined,
  };
}

/** `{name}` → the event's top-level field as text; null when the event lacks it. */
export function renderKey(template: string, event: Record<string, unknown>): string | null {
  let missing = false;
  const key = template.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    const value = event[name];
    if (value === undefined || value === null) missing = true;
    return String(value);
  });
  return missing ? null : key;
}

/** Bytes the sink counts for these events: each record without its line end. */
export function recordBytes(events: readonly TravelEvent[]): number {
  return events.reduce((sum, event) => sum + encoder.encode(JSON.stringify(event)).length, 0);
}
