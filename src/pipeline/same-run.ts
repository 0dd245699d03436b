import { UsageError } from '../errors.js';
import type { RunSummary } from './run-summary.js';

type Settings = NonNullable<NonNullable<RunSummary['shard']>['settings']>;

/**
 * Refuses a part whose run is not the first part's: another end (--duration), another setting
 * that shapes what the run writes (-m, --late, --format, ...), or other params from the
 * environment. Parts written before shards recorded their settings carry none, and are taken
 * as they are: nothing in them tells their run apart.
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
    if (value !== other) throw refuse(value === null ? `no ${flag}` : `${flag} ${value}`, other === null ? `has no ${flag}` : `has ${flag} ${other}`);
  }
  const params = JSON.stringify(part.params_from_environment ?? {});
  const otherParams = JSON.stringify(first.params_from_environment ?? {});
  if (params !== otherParams) throw refuse(`params from the environment ${params}`, `has ${otherParams}`);
}

/** A setting as typed (a repeated flag's values joined), or null when not given. */
function settingText(settings: Settings, flag: string): string | null {
  const value = settings[flag] as Settings[string] | undefined;
  if (value === undefined) return null;
  return typeof value === 'string' ? value : typeof value === 'boolean' ? String(value) : value.join(' ');
}
