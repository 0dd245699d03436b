import { UsageError } from '../errors.js';
import { impossibleKind } from '../faults/bad-record.js';
import { BAD_RECORD_KINDS, type BadRecordKind } from '../scenario/schema.js';
import { didYouMean } from '../scenario/suggest.js';
import { parseDuration } from '../time/time-text.js';

/** The fault shortcuts of generate (docs/faults.md); each is `--set` on the scenario's `faults`, `delivery` or `answer_key`. */
export interface FaultFlags {
  readonly late?: string;
  readonly duplicates?: string;
  readonly drop?: string;
  readonly badRecords?: string;
  readonly summaryWindow?: string;
  readonly watermark?: string;
}

/** A share: 0.05 or 5%, from 0 to 1. */
export function parseShare(flag: string, text: string, whole = text): number {
  const percent = text.trim().endsWith('%');
  const number = percent ? text.trim().slice(0, -1) : text.trim();
  if (!/^-?(\d+(\.\d+)?|\.\d+)$/.test(number)) throw new UsageError('BAD_FLAG', `${flag} ${whole}: ${text.trim() || 'an empty share'} is not a share; write a fraction (0.05) or a percentage (5%)`);
  const share = Number(number) / (percent ? 100 : 1);
  if (!(share >= 0 && share <= 1)) throw new UsageError('BAD_FLAG', `${flag} ${whole}: a share is from 0 to 1, as a fraction (0.05) or a percentage (5%)`);
  return share;
}

/** A delay of 0 or more, in seconds: 0, 10s, 2m, 500ms, PT1M. */
function parseDelaySeconds(flag: string, whole: string, text: string): number {
  if (/^0+(\.0+)?(ms|s|m|h|d|w)?$/.test(text.trim())) return 0;
  try {
    return parseDuration(flag, text) / 1000;
  } catch {
    throw new UsageError('BAD_FLAG', `${flag} ${whole}: ${text} is not a delay; use 10s, 2m, 500ms or PT1M`);
  }
}

/** SHARE:MIN-MAX, e.g. 5%:10s-120s: the share, and the delay's bounds in seconds (MIN-MAX uniform). */
export function parseShareAndDelay(flag: string, text: string, form: string): { share: number; delay: { min: number; max: number } | null } {
  const colon = text.indexOf(':');
  if (colon < 0) return { share: parseShare(flag, text), delay: null };
  const share = parseShare(flag, text.slice(0, colon), text);
  const range = /^([^-]+)-([^-]+)$/.exec(text.slice(colon + 1));
  if (range === null) throw new UsageError('BAD_FLAG', `${flag} ${text}: expected ${form}, e.g. ${flag} 5%:10s-120s`);
  const min = parseDelaySeconds(flag, text, range[1]);
  const max = parseDelaySeconds(flag, text, range[2]);
  if (max < min) throw new UsageError('BAD_FLAG', `${flag} ${text}: the delay range ${range[1]}-${range[2]} ends before it starts`);
  return { share, delay: { min, max } };
}

/** SHARE[:KIND,KIND...], e.g. 0.1% or 1%:truncated,type_violation. */
export function parseBadRecords(flag: string, text: string): { share: number; kinds?: BadRecordKind[] } {
  const colon = text.indexOf(':');
  if (colon < 0) return { share: parseShare(flag, text) };
  const share = parseShare(flag, text.slice(0, colon), text);
  const kinds = text.slice(colon + 1).split(',').map((kind) => kind.trim());
  for (const kind of kinds) {
    if (!(BAD_RECORD_KINDS as readonly string[]).includes(kind)) {
      throw new UsageError('BAD_FLAG', `${flag} ${text}: unknown kind of bad record "${kind}"${didYouMean(kind, BAD_RECORD_KINDS)}; kinds are ${BAD_RECORD_KINDS.join(', ')}`);
    }
  }
  return { share, kinds: kinds as BadRecordKind[] };
}

/**
 * --bad-records SHARE:KINDS against the run's format (NDJSON, CSV or TSV; other formats are
 * refused later, for the scenario's settings too): a kind the format cannot show is named by
 * the flag it was typed in, not by the scenario path the flag sets.
 */
export function checkBadRecordKinds(flags: FaultFlags, format: string): void {
  if (flags.badRecords === undefined) return;
  const { kinds } = parseBadRecords('--bad-records', flags.badRecords);
  const impossible = kinds === undefined ? null : impossibleKind(kinds, format);
  if (impossible !== null) throw new UsageError('BAD_FLAG', `--bad-records ${flags.badRecords}: ${impossible}`);
}

/**
 * The flags as scenario overrides (`path=JSON`), applied after the scenario's own values, each
 * with the flag that made it, as typed (`--drop 60%`): messages about the value name the flag.
 */
export function faultOverrides(flags: FaultFlags): Map<string, string> {
  const overrides = new Map<string, string>();
  const add = (flag: string, ...made: string[]): void => {
    for (const override of made) overrides.set(override, flag);
  };
  const set = (path: string, value: unknown): string => `${path}=${JSON.stringify(value)}`;
  // MIN-MAX with MIN = MAX (`5%:30s-30s`) is a fixed delay: the scenario format calls that a constant.
  const delayOf = ({ min, max }: { min: number; max: number }): Record<string, unknown> => (min === max ? { type: 'constant', value: min } : { type: 'uniform', min, max });
  if (flags.late !== undefined) {
    const late = flags.late.includes(':') ? parseShareAndDelay('--late', flags.late, 'SHARE:MIN-MAX') : null;
    if (late?.delay == null) throw new UsageError('BAD_FLAG', `--late ${flags.late}: expected SHARE:MIN-MAX, e.g. --late 5%:10s-120s`);
    add(`--late ${flags.late}`, set('delivery.late_rate', late.share), set('delivery.late_delay', delayOf(late.delay)));
  }
  if (flags.duplicates !== undefined) {
    const duplicates = parseShareAndDelay('--duplicates', flags.duplicates, 'SHARE or SHARE:MIN-MAX');
    const delay = duplicates.delay === null ? [] : [set('faults.duplicates.delay', delayOf(duplicates.delay))];
    add(`--duplicates ${flags.duplicates}`, set('faults.duplicates.share', duplicates.share), ...delay);
  }
  if (flags.drop !== undefined) add(`--drop ${flags.drop}`, set('faults.drop.share', parseShare('--drop', flags.drop)));
  if (flags.badRecords !== undefined) {
    const bad = parseBadRecords('--bad-records', flags.badRecords);
    add(`--bad-records ${flags.badRecords}`, set('faults.bad_records.share', bad.share), ...(bad.kinds === undefined ? [] : [set('faults.bad_records.kinds', bad.kinds)]));
  }
  if (flags.summaryWindow !== undefined) add(`--summary-window ${flags.summaryWindow}`, set('answer_key.window', parseDuration('--summary-window', flags.summaryWindow) / 1000));
  if (flags.watermark !== undefined) {
    const delays = flags.watermark.split(',').map((text) => parseDelaySeconds('--watermark', flags.watermark!, text));
    add(`--watermark ${flags.watermark}`, set('answer_key.watermarks', delays));
  }
  return overrides;
}
