import { UsageError } from '../errors.js';

/**
 * An `-o` path template. `{field}` placeholders take event fields (one file per value);
 * the reserved names below take the event's own time (UTC), for Hive-style partitions
 * (`lake/dt={date}/hour={hour}/part-{seq}.ndjson`), and `{seq}` numbers the files of one
 * partition: 00000, 00001, ... as files are rolled or late events arrive.
 */
export const TIME_PLACEHOLDERS = ['date', 'year', 'month', 'day', 'hour', 'minute'] as const;
type TimePlaceholder = (typeof TIME_PLACEHOLDERS)[number];

/** Width of `{seq}` without an explicit one (`{seq:3}`): five digits, as Spark names its parts. */
const SEQ_WIDTH = 5;

/** The finest time unit a template partitions by. */
type Granularity = 'minute' | 'hour' | 'day' | 'month' | 'year';

const GRANULARITY_OF: Readonly<Record<TimePlaceholder, Granularity>> = { date: 'day', year: 'year', month: 'month', day: 'day', hour: 'hour', minute: 'minute' };
const FINEST_FIRST: readonly Granularity[] = ['minute', 'hour', 'day', 'month', 'year'];
const FIXED_MS: Readonly<Partial<Record<Granularity, number>>> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/**
 * Time and sequence placeholders become markers that no rendered field value can hold
 * (NUL is removed from values, as no file name may contain it), so the field part is
 * rendered per record by the pipeline and the rest per file here.
 */
const MARK = '\0';

export interface OutputPath {
  /** The template as given. */
  readonly template: string;
  /**
   * The field part for the pipeline to render per record (`Sink.keyTemplate`), with
   * time and sequence placeholders left as markers; undefined when no field is named
   * (then `constant` is every record's key).
   */
  readonly keyTemplate: string | undefined;
  readonly constant: string;
  /** Finest time unit named, or null when the path does not depend on event time. */
  readonly granularity: Granularity | null;
  readonly hasSeq: boolean;
}

/**
 * The reserved placeholders become markers; field placeholders and `{{` `}}` escapes stay
 * as they are, for the pipeline to parse and render per record (its template parser checks
 * them and names what is wrong).
 */
const TOKEN = /\{\{|\}\}|\{\s*([A-Za-z_][\w.-]*)(?::(0?\d+))?\s*\}/g;

export function parseOutputPath(template: string): OutputPath {
  let fields = false;
  let finest: number = FINEST_FIRST.length;
  let hasSeq = false;
  const key = template.replace(TOKEN, (token: string, name: string | undefined, width: string | undefined) => {
    if (name === undefined) return token;
    if (name === 'seq') {
      hasSeq = true;
      return `${MARK}seq:${width === undefined ? SEQ_WIDTH : Number(width)}${MARK}`;
    }
    if ((TIME_PLACEHOLDERS as readonly string[]).includes(name)) {
      if (width !== undefined) throw new UsageError('BAD_FLAG', `-o ${template}: {${name}} takes no width; time parts have fixed widths`);
      finest = Math.min(finest, FINEST_FIRST.indexOf(GRANULARITY_OF[name as TimePlaceholder]));
      return `${MARK}${name}${MARK}`;
    }
    fields = true;
    return token;
  });
  return { template, keyTemplate: fields ? key : undefined, constant: key.replaceAll('{{', '{').replaceAll('}}', '}'), granularity: FINEST_FIRST[finest] ?? null, hasSeq };
}

/** Start of the partition holding `time` (epoch ms). */
export function partitionStart(granularity: Granularity, time: number): number {
  const fixed = FIXED_MS[granularity];
  if (fixed !== undefined) return Math.floor(time / fixed) * fixed;
  const date = new Date(time);
  return granularity === 'month' ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth()) : Date.UTC(date.getUTCFullYear(), 0);
}

/** Start of the partition after the one starting at `start`. */
export function partitionEnd(granularity: Granularity, start: number): number {
  const fixed = FIXED_MS[granularity];
  if (fixed !== undefined) return start + fixed;
  const date = new Date(start);
  return granularity === 'month' ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1) : Date.UTC(date.getUTCFullYear() + 1, 0);
}

/** A record's key with the partition's time filled in; `{seq}` stays a marker. */
export function partitionPath(key: string, start: number): string {
  if (!key.includes(MARK)) return key;
  const iso = new Date(start).toISOString();
  const values: Readonly<Record<string, string>> = { date: iso.slice(0, 10), year: iso.slice(0, 4), month: iso.slice(5, 7), day: iso.slice(8, 10), hour: iso.slice(11, 13), minute: iso.slice(14, 16) };
  return key.replace(/\0(\w+)\0/g, (marker: string, name: string) => values[name] ?? marker);
}

/** The file name of part `seq` of a partition. */
export function filePath(partition: string, seq: number): string {
  return partition.replace(/\0seq:(\d+)\0/g, (_marker: string, width: string) => String(seq).padStart(Number(width), '0'));
}

/** Field values in file names: no directory separators, hidden or parent names, or markers. */
export function safePathValue(text: string): string {
  const safe = text.replace(/[/\\\0]/g, '_');
  return safe === '' ? '_' : safe.startsWith('.') ? `_${safe.slice(1)}` : safe;
}
