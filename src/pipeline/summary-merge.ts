import { UsageError } from '../errors.js';
import type { AnswerKeyParts, WindowCounts } from '../faults/answer-key.js';
import { addRevenueTexts } from '../faults/revenue.js';
import type { DriftKeyEntry } from '../faults/drift-key.js';
import { ANSWER_KEY_VERSION, type RunSummary } from './run-summary.js';
import { mergeTimelineKeys } from '../faults/timeline-key.js';
import { checkSameRun } from './same-run.js';

type Faults = AnswerKeyParts['faults'];

/** The whole run's summary, added up from its shards' summaries. */
export interface MergedSummary extends Omit<RunSummary, 'out_of_order_events' | 'shard' | 'watermarks' | 'faults' | 'drift'> {
  /**
   * null with more than one shard: what a watermark drops depends on how the shards' events
   * interleave, which no shard saw.
   */
  watermarks?: AnswerKeyParts['watermarks'] | null;
  /** Each listed fault says its shard: positions are record indexes in that shard's output. */
  faults?: Omit<Faults, 'drops' | 'duplicates' | 'bad_records'> & { [K in 'drops' | 'duplicates' | 'bad_records']: (Faults[K][number] & { shard: number })[] };
  /**
   * null when any shard had late events: how many events the whole run writes after one
   * with a later event time depends on how the shards' events interleave, which no shard
   * saw. Without late delivery every shard writes in event-time order, and so does the run: 0.
   */
  out_of_order_events: number | null;
  /** How many shards were added. */
  shards: number;
  /** Each shard's drifted versions with their shard: positions and counts are the shard's. */
  drift?: (DriftKeyEntry & { shard: number })[];
}

const ENDINGS: readonly RunSummary['ended'][] = ['complete', 'signal', 'output-closed'];

/**
 * Adds shard summaries (`--summary` of each `--shard k/N`) into the whole run's answer
 * key: every count is a sum (shards own disjoint users, so distinct users and sessions add
 * up too), the first and last event times are the extremes. All shards 0..N-1 of one
 * scenario and seed must be given, each once. `names` say which input each summary is in
 * messages (its file); by default `summaries[i]`.
 */
export function mergeSummaries(summaries: readonly unknown[], names: readonly string[] = summaries.map((_, i) => `summaries[${i}]`)): MergedSummary {
  const parts = summaries.map((summary, i) => checkSummary(summary, names[i]));
  const first = parts[0];
  const count = first.shard?.count ?? 1;
  const seen = new Map<number, string>();
  parts.forEach((part, i) => {
    const where = names[i];
    if (part.scenario !== first.scenario || part.seed !== first.seed) {
      throw new UsageError('SUMMARY_INPUT', `${where}: scenario ${part.scenario} seed ${part.seed}, but ${names[0]} is scenario ${first.scenario} seed ${first.seed}; merge the shards of one run`);
    }
    const shard = part.shard ?? { index: 0, count: 1 };
    if (shard.count !== count) throw new UsageError('SUMMARY_INPUT', `${where}: shard ${shard.index}/${shard.count}, but ${names[0]} is one of ${count} shards`);
    // Shards of one run share its start: a shard run without --start begins when it is run.
    const start = first.shard?.start;
    if (shard.start !== undefined && start !== undefined && shard.start !== start) {
      throw new UsageError('SUMMARY_INPUT', `${where}: a run from ${shard.start}, but ${names[0]} is from ${start}; give every shard the same --start`);
    }
    checkSameRun(part, where, first, names[0]);
    const twin = seen.get(shard.index);
    if (twin !== undefined) throw new UsageError('SUMMARY_INPUT', `${where}: shard ${shard.index}/${count} is given twice (also ${twin})`);
    seen.set(shard.index, where);
  });
  const missing = Array.from({ length: count }, (_, index) => index).filter((index) => !seen.has(index));
  if (missing.length > 0) throw new UsageError('SUMMARY_INPUT', `summary merge: shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${count} missing; give the summary of every shard`);

  const sum = (pick: (s: RunSummary) => number): number => parts.reduce((total, part) => total + pick(part), 0);
  const addMaps = (pick: (s: RunSummary) => Record<string, number>): Record<string, number> => {
    const total = new Map<string, number>();
    for (const part of parts) for (const [key, n] of Object.entries(pick(part))) total.set(key, (total.get(key) ?? 0) + n);
    return Object.fromEntries([...total].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
  };
  const times = (pick: (s: RunSummary) => string | null): string[] => parts.map(pick).filter((t): t is string => t !== null).sort();
  const firsts = times((s) => s.first_event_time);
  const lasts = times((s) => s.last_event_time);
  const late = sum((s) => s.late_events);
  return {
    version: ANSWER_KEY_VERSION,
    scenario: first.scenario,
    seed: first.seed,
    events: sum((s) => s.events),
    events_by_type: addMaps((s) => s.events_by_type),
    sessions: sum((s) => s.sessions),
    distinct_users: sum((s) => s.distinct_users),
    first_event_time: firsts[0] ?? null,
    last_event_time: lasts.at(-1) ?? null,
    late_events: late,
    out_of_order_events: late === 0 ? 0 : null,
    events_per_minute: addMaps((s) => s.events_per_minute),
    delivered: sum((s) => s.delivered),
    failed: sum((s) => s.failed),
    bytes: sum((s) => s.bytes) - repeatedHeaders(parts),
    // The run is complete when every shard is; otherwise the first way a shard did not finish.
    ended: parts.map((s) => s.ended).sort((a, b) => ENDINGS.indexOf(b) - ENDINGS.indexOf(a))[0],
    shards: count,
    ...mergeAnswerKeys(parts, count),
    ...mergeTimelineKeys(parts),
    ...(first.drift === undefined ? {} : { drift: [...parts].sort((a, b) => (a.shard?.index ?? 0) - (b.shard?.index ?? 0)).flatMap((part) => (part.drift ?? []).map((entry) => ({ ...entry, shard: part.shard?.index ?? 0 }))) }),
  };
}

/**
 * The header bytes counted once a shard beyond the first: each shard's one file starts with the
 * header, the single run's once. 0 unless every part says its header's size (older parts and
 * outputs of many files do not), and they agree.
 */
function repeatedHeaders(parts: readonly RunSummary[]): number {
  const sizes = new Set(parts.map((part) => part.shard?.header_bytes));
  const [size] = sizes;
  return sizes.size === 1 && size !== undefined ? size * (parts.length - 1) : 0;
}

/** The version 2 parts, when the shards have them: windows add up, faults are listed with their shard. */
function mergeAnswerKeys(parts: readonly RunSummary[], count: number): Pick<MergedSummary, 'windows' | 'watermarks' | 'faults'> {
  const first = parts[0];
  if (first.windows === undefined || first.faults === undefined) return {};
  const addWindows = (pick: (s: RunSummary) => Record<string, WindowCounts> | undefined): Record<string, WindowCounts> => {
    const total = new Map<string, WindowCounts>();
    for (const part of parts) {
      for (const [start, counts] of Object.entries(pick(part) ?? {})) {
        const into = total.get(start) ?? { events: 0, events_by_type: {}, ...(counts.sessions_started === undefined ? {} : { sessions_started: 0 }) };
        into.events += counts.events;
        for (const [type, n] of Object.entries(counts.events_by_type)) into.events_by_type[type] = (into.events_by_type[type] ?? 0) + n;
        if (into.sessions_started !== undefined) into.sessions_started += counts.sessions_started ?? 0;
        if (counts.purchases !== undefined) into.purchases = (into.purchases ?? 0) + counts.purchases;
        if (counts.revenue !== undefined) into.revenue = into.revenue === undefined ? counts.revenue : addRevenueTexts(into.revenue, counts.revenue);
        total.set(start, into);
      }
    }
    return Object.fromEntries([...total].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([start, counts]) => [start, { ...counts, events_by_type: Object.fromEntries(Object.entries(counts.events_by_type).sort((a, b) => (a[0] < b[0] ? -1 : 1))) }]));
  };
  const shardOf = (part: RunSummary): number => part.shard?.index ?? 0;
  const listed = <K extends 'drops' | 'duplicates' | 'bad_records'>(key: K): (Faults[K][number] & { shard: number })[] =>
    [...parts].sort((a, b) => shardOf(a) - shardOf(b)).flatMap((part) => (part.faults?.[key] ?? []).map((entry) => ({ ...entry, shard: shardOf(part) })));
  const total = (key: 'dropped' | 'duplicated' | 'bad'): number => parts.reduce((n, part) => n + (part.faults?.[key] ?? 0), 0);
  return {
    windows: { seconds: first.windows.seconds, event_time: addWindows((s) => s.windows?.event_time), processing_time: addWindows((s) => s.windows?.processing_time) },
    watermarks: count === 1 ? first.watermarks : null,
    faults: { settings: first.faults.settings, dropped: total('dropped'), duplicated: total('duplicated'), bad: total('bad'), drops: listed('drops'), duplicates: listed('duplicates'), bad_records: listed('bad_records') },
  };
}

const NUMBERS = ['seed', 'events', 'sessions', 'distinct_users', 'late_events', 'out_of_order_events', 'delivered', 'failed', 'bytes'] as const;

function checkSummary(value: unknown, where: string): RunSummary {
  const bad = (what: string): UsageError => new UsageError('SUMMARY_INPUT', `${where}: not a clickgen summary (${what}); give files written by generate --summary`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('not a JSON object');
  const s = value as Record<string, unknown>;
  if (typeof s.scenario !== 'string') throw bad('no scenario');
  for (const key of NUMBERS) if (typeof s[key] !== 'number' || !Number.isFinite(s[key])) throw bad(`${key} is not a number`);
  for (const key of ['events_by_type', 'events_per_minute'] as const) {
    const map = s[key];
    if (typeof map !== 'object' || map === null || Object.values(map).some((n) => typeof n !== 'number')) throw bad(`${key} is not an object of counts`);
  }
  if (!ENDINGS.includes(s.ended as RunSummary['ended'])) throw bad(`ended is not one of ${ENDINGS.join(', ')}`);
  const shard = s.shard as { index?: unknown; count?: unknown; start?: unknown; header_bytes?: unknown } | undefined;
  if (shard !== undefined && !(Number.isSafeInteger(shard.index) && Number.isSafeInteger(shard.count) && (shard.index as number) < (shard.count as number) && (shard.start === undefined || typeof shard.start === 'string'))) throw bad('shard is not {index, count, start}');
  if (shard?.header_bytes !== undefined && !(Number.isSafeInteger(shard.header_bytes) && (shard.header_bytes as number) >= 0)) throw bad('shard.header_bytes is not a count of bytes');
  return value as RunSummary;
}
