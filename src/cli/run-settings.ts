import type { GenerateFlags } from './generate.js';

/** A setting of the command line, as given: a value, a switch, or a repeated flag's values. */
export type SettingValue = string | boolean | readonly string[];

/**
 * The flags of generate that shape what a run writes, by the name they are typed with. What
 * is left out may differ between shards of one run: where each writes (-o, --summary), how it
 * runs (--workers, --progress, -q), which shard it is (--shard, --shards), and what a shard's
 * summary records apart (--start, the end it computes from --duration).
 */
const SETTING_FLAGS: readonly (readonly [keyof GenerateFlags, string])[] = [
  ['count', '-n'],
  ['maxSessions', '--max-sessions'],
  ['set', '--set'],
  ['vocabulary', '--vocabulary'],
  ['formatFile', '--format-file'],
  ['roll', '--roll'],
  ['rowGroupSize', '--row-group-size'],
  ['compression', '--compression'],
  ['avroCodec', '--avro-codec'],
  ['avroSchema', '--avro-schema'],
  ['realtime', '--realtime'],
  ['rate', '--rate'],
  ['warmupEvents', '--warmup-events'],
  ['late', '--late'],
  ['duplicates', '--duplicates'],
  ['drop', '--drop'],
  ['badRecords', '--bad-records'],
  ['summaryWindow', '--summary-window'],
  ['watermark', '--watermark'],
];

/**
 * A shard's run settings, for `summary merge` to refuse parts of different runs. `format` is
 * the format the run wrote, whether given, taken from -o's name (which differs between the
 * shards' files) or the default; `--no-header` is recorded as `--header: false`.
 */
export function runSettings(flags: GenerateFlags, format: string): Record<string, SettingValue> {
  const settings: Record<string, SettingValue> = { '--format': format };
  if (flags.header === false) settings['--header'] = false;
  for (const [key, flag] of SETTING_FLAGS) {
    const value = flags[key];
    if (typeof value === 'string' || typeof value === 'boolean' || Array.isArray(value)) settings[flag] = value as SettingValue;
  }
  return settings;
}
