import { UsageError } from '../errors.js';
import { parseDuration } from '../time/time-text.js';
import type { RunSummary } from './run-summary.js';

type Settings = NonNullable<NonNullable<RunSummary['shard']>['settings']>;

/**
 * Refuses a part whose run is not the first part's: another end (--duration), another setting
 * that shapes what the run writes (-m, --late, --format, ...; durations by their length), or
 * other params from the environment. Parts written before shards recorded their settings
 * carry none, and are taken as they are: nothing in them tells their run apart.
 */
export function checkSameRun(part: RunSummary, where: string, first: RunSummary, firstName: string): void {
  const mine = part.shard;
  const theirs = first.shard;
  if (mine?.settings === undefined || theirs?.settings === undefined) return;
  const refuse = (what: string, other: string): UsageError => new UsageError('SUMMARY_INPUT', `${where}: ${what}, but ${firstName} ${other}; merge the shards of one run`);
  if ((mine.end ?? null) !== (theirs.end ?? null)) {
    const end = (at: string | null | undefined): string => (at == null ? 'no --duration' : `--duration ending ${at}`);
    throw refuse(end(mine.end), `has ${end(theirs.end)}`);
  }
  for (const flag of new Set([...Object.keys(theirs.settings), ...Object.keys(mine.settings)])) {
    const value = settingText(mine.settings, flag);
    const other = settingText(theirs.settings, flag);
    if (settingMeaning(flag, value) !== settingMeaning(flag, other)) {
      throw refuse(value === null ? `no ${flag}` : `${flag} ${value}`, other === null ? `has no ${flag}` : `has ${flag} ${other}`);
    }
  }
  const params = JSON.stringify(part.params_from_environment ?? {});
  const otherParams = JSON.stringify(first.params_from_environment ?? {});
  if (params !== otherParams) throw refuse(`params from the environment ${params}`, `has ${otherParams}`);
}

/**
 * The settings whose durations shape the run by their length alone: `--watermark 1m` and
 * `--watermark 60s` make the same run, so shards typed either way are one run's.
 */
const DURATION_SETTINGS: ReadonlySet<string> = new Set(['--late', '--duplicates', '--summary-window', '--watermark', '--roll']);

/** Where a setting's durations are: between the separators of SHARE:MIN-MAX and of a list. */
const DURATION_SEPARATORS = /([:,-])/;

/**
 * What a setting means, to compare shards by: its text, with each duration in a setting that
 * has them as its milliseconds (a delay of 0 in any unit as 0), as generate reads them. A part
 * that is not a duration (a share, a size, a count) is kept as typed.
 */
function settingMeaning(flag: string, text: string | null): string | null {
  if (text === null || !DURATION_SETTINGS.has(flag)) return text;
  return text
    .split(DURATION_SEPARATORS)
    .map((part) => durationMs(part) ?? part)
    .join('');
}

/** A duration's milliseconds as text, or undefined when the part is not a duration. */
function durationMs(part: string): string | undefined {
  // Delays may be 0 (`--late 5%:0s-10s`), which parseDuration refuses as no duration at all.
  if (/^0+(\.0+)?(ms|s|m|h|d|w)$/.test(part.trim())) return '0';
  try {
    return String(parseDuration('', part));
  } catch {
    return undefined;
  }
}

/** A setting as typed (a repeated flag's values joined), or null when not given. */
function settingText(settings: Settings, flag: string): string | null {
  const value = settings[flag] as Settings[string] | undefined;
  if (value === undefined) return null;
  return typeof value === 'string' ? value : typeof value === 'boolean' ? String(value) : value.join(' ');
}
