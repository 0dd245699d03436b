import { UsageError } from '../errors.js';
import { didYouMean } from '../scenario/suggest.js';

/** The seed system's limits, kept as they are. */
export const LIMITS = {
  rate: { min: 1, max: 50_000, default: 1_000 },
  duration: { min: 1, max: 300, default: 60 },
} as const;

export const STREAM_FORMATS = ['ndjson', 'csv'] as const;
export type StreamFormat = (typeof STREAM_FORMATS)[number];

/** What a client asked of one stream. */
export interface StreamParams {
  /** Events per second. */
  readonly rate: number;
  /** Seconds. */
  readonly duration: number;
  /** At most this many events; undefined without a cap. */
  readonly count: number | undefined;
  /** A built-in scenario name; undefined for the endpoint's default. */
  readonly scenario: string | undefined;
  /** undefined for the server's default seed. */
  readonly seed: number | undefined;
  readonly format: StreamFormat;
}

/** The valid values of each parameter, as the 400 body states them. */
export const PARAMETERS: Readonly<Record<keyof StreamParams, string>> = {
  rate: `events per second, a number from ${LIMITS.rate.min} to ${LIMITS.rate.max} (default ${LIMITS.rate.default})`,
  duration: `seconds, a number from ${LIMITS.duration.min} to ${LIMITS.duration.max} (default ${LIMITS.duration.default})`,
  count: 'a positive integer, the events to stop after (default: no cap)',
  scenario: 'a built-in scenario name',
  seed: `a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`,
  format: `one of ${STREAM_FORMATS.join(', ')} (default ndjson)`,
};

/** A bad query parameter: the 400 response names it and its valid range. */
export class BadParameter extends UsageError {
  constructor(
    readonly parameter: string,
    readonly value: string,
    readonly valid: string,
    /** The message when it is not `must be` the valid values (an unknown parameter). */
    message = `${parameter}=${value}: must be ${valid}`,
  ) {
    super('BAD_PARAMETER', message);
    this.name = 'BadParameter';
  }
}

/**
 * Parses a stream's query string. Every parameter is checked: unknown names and repeated
 * names are errors too, so a typo never silently falls back to a default.
 */
export function parseStreamParams(query: URLSearchParams, scenarioNames: readonly string[], allowed: readonly (keyof StreamParams)[] = Object.keys(PARAMETERS) as (keyof StreamParams)[]): StreamParams {
  for (const name of new Set(query.keys())) {
    if (!(allowed as readonly string[]).includes(name)) {
      const valid = `one of the parameters ${allowed.join(', ')}`;
      throw new BadParameter(name, query.get(name) ?? '', valid, `${name}: not a parameter of this endpoint${didYouMean(name, allowed)}; it takes ${allowed.join(', ')}`);
    }
    if (query.getAll(name).length > 1) throw new BadParameter(name, query.getAll(name).join(','), 'given once');
  }
  const text = (name: keyof StreamParams): string | undefined => query.get(name) ?? undefined;
  const scenario = text('scenario');
  if (scenario !== undefined && !scenarioNames.includes(scenario)) throw new BadParameter('scenario', scenario, `one of ${scenarioNames.join(', ')}`);
  const format = text('format') ?? 'ndjson';
  if (!(STREAM_FORMATS as readonly string[]).includes(format)) throw new BadParameter('format', format, PARAMETERS.format);
  return {
    rate: numberIn('rate', text('rate'), LIMITS.rate),
    duration: numberIn('duration', text('duration'), LIMITS.duration),
    count: integerIn('count', text('count'), 1, Number.MAX_SAFE_INTEGER),
    seed: integerIn('seed', text('seed'), 0, Number.MAX_SAFE_INTEGER),
    scenario,
    format: format as StreamFormat,
  };
}

function numberIn(name: 'rate' | 'duration', value: string | undefined, limits: { min: number; max: number; default: number }): number {
  if (value === undefined) return limits.default;
  const n = /^\d+(?:\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!(n >= limits.min && n <= limits.max)) throw new BadParameter(name, value, PARAMETERS[name]);
  return n;
}

function integerIn(name: 'count' | 'seed', value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(Number.isSafeInteger(n) && n >= min && n <= max)) throw new BadParameter(name, value, PARAMETERS[name]);
  return n;
}
