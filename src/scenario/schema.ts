import { z } from 'zod';
import { ConcurrencyScheduleSchema, GmmTemporalSchema, WhenFullSchema } from './schema-timing.js';
import { ExperimentsSchema, TimelineSchema } from './schema-timeline.js';
import { didYouMean } from './suggest.js';

// A scenario is validated once per run: compiling each schema to a function first (zod's
// default) cost more than checking the one object without (about 10 ms of `generate`'s
// start-up with a `--set`).
z.config({ jitless: true });

/**
 * The scenario file format. TypeScript types are inferred from these schemas, and
 * `clickgen schema` prints them as JSON Schema for editor completion.
 *
 * Rules that span several places (state names that exist, probability sums, catalog
 * names) are checked after the schema, in validate.ts, so every problem is reported
 * with its path.
 */

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const positive = finite.refine((v) => v > 0, 'must be greater than 0');
const nonNegative = finite.refine((v) => v >= 0, 'must be at least 0');
const probability = finite.refine((v) => v >= 0 && v <= 1, 'must be between 0 and 1');

/** A probability distribution of numbers, in the Imply generator's style: `{ type: exponential, mean: 20 }`. */
export const DistributionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('constant'), value: finite }),
  z.strictObject({ type: z.literal('uniform'), min: finite, max: finite }),
  z.strictObject({ type: z.literal('normal'), mean: finite, stddev: nonNegative }),
  z.strictObject({ type: z.literal('lognormal'), mu: finite, sigma: nonNegative }),
  z.strictObject({ type: z.literal('exponential'), mean: positive }),
  z.strictObject({ type: z.literal('weibull'), shape: positive, scale: positive }),
  z.strictObject({ type: z.literal('pareto'), scale: positive, shape: positive }),
  z.strictObject({ type: z.literal('zipf'), n: z.number().int().min(1).optional(), s: positive }).meta({ description: 'Ranks 1..n with P(k) proportional to k^-s; n defaults to the size of the list, catalog, pool or user population it picks from.' }),
], { error: (issue) => (issue.code === 'invalid_union' && issue.note === 'No matching discriminator' ? distributionTypeMessage(issue.input) : undefined) }).meta({ description: 'A distribution: constant, uniform, normal, lognormal, exponential, weibull, pareto or zipf.' });
export type Distribution = z.infer<typeof DistributionSchema>;

const DISTRIBUTION_TYPES = DistributionSchema.options.map((option) => option.shape.type.value);

function distributionTypeMessage(input: unknown): string {
  const type = (input as { type?: unknown } | null)?.type;
  return `must be one of ${DISTRIBUTION_TYPES.join(', ')}${typeof type === 'string' ? didYouMean(type, DISTRIBUTION_TYPES) : ''}`;
}

/**
 * What a dwell may be, when it is neither: a distribution's key that does not belong to its
 * type is named, with the closest one it has.
 */
function dwellMessage(input: unknown): string {
  const what = 'a dwell is a distribution ({ type: constant, uniform, normal, lognormal, exponential, weibull, pareto or zipf, with its parameters }) or { ref: VARIABLE }';
  if (typeof input !== 'object' || input === null) return `is not valid: ${what}`;
  const type = (input as { type?: unknown }).type;
  const option = DistributionSchema.options.find((candidate) => candidate.shape.type.value === type);
  if (option === undefined) return `is not valid: ${what}`;
  const known = Object.keys(option.shape);
  const unknown = Object.keys(input).filter((key) => !known.includes(key));
  const named = unknown.map((key) => `unknown key "${key}" for type ${String(type)}${didYouMean(key, known)}`);
  const parameters = known.filter((key) => key !== 'type');
  return named.length > 0 ? `${named.join(', ')}; ${String(type)} takes ${parameters.join(', ')}` : `is not valid: ${what}`;
}

/** A distribution of seconds that may depend on the time of day and week (state delays, arrival gaps). */
export const TimedDistributionSchema = z.union([DistributionSchema, GmmTemporalSchema]);
export type TimedDistribution = z.infer<typeof TimedDistributionSchema>;

/** Modifiers any value source accepts. */
const modifiers = {
  /** Share of events where the value is null. */
  null_rate: probability.optional(),
  /** Share of events where the field is left out. */
  missing_rate: probability.optional(),
  /**
   * Limit the value to a pool of this many distinct values, drawn once per run; events then
   * pick from the pool (uniformly, or by `pool_pick`, a distribution over pool indexes).
   */
  pool: z.number().int().min(1).max(10_000_000).optional(),
  pool_pick: DistributionSchema.optional(),
  /** Draw the pool's values until they are all different (an error when the value cannot give that many). */
  pool_distinct: z.boolean().optional(),
};

const scalar = z.union([z.string(), finite, z.boolean(), z.null()]);

/**
 * A value source: a literal scalar, or an object with exactly one kind key
 * (const, choice, number, ref, template, uuid, counter, ip, time, pick, match, object, list, array, hash, date, json, cart_items, absent)
 * plus modifiers.
 */
export type ValueSource =
  | string
  | number
  | boolean
  | null
  | { const: unknown } & Modifiers
  | { choice: readonly unknown[] | Readonly<Record<string, number>>; weights?: readonly number[]; index?: Distribution } & Modifiers
  | { number: Distribution; times?: string; decimals?: number; min?: number; max?: number; truncate?: boolean } & Modifiers
  | { ref: string } & Modifiers
  | { template: string; with?: Readonly<Record<string, ValueSource>> } & Modifiers
  | { uuid: true | { of: string } } & Modifiers
  | { hash: { of: string; salt?: string; min?: number; max?: number } } & Modifiers
  | { date: true | { of: string } } & Modifiers
  | { json: ValueSource; base64?: boolean } & Modifiers
  | { array: readonly ValueSource[] } & Modifiers
  | { absent: true } & Modifiers
  | { cart_items: Readonly<Record<string, string>>; count_as?: string } & Modifiers
  | { counter: { start?: number; step?: number } | true } & Modifiers
  | { ip: { min?: string; max?: string; number?: Distribution } | true } & Modifiers
  | { time: TimeFormatName; of?: string; offset?: Distribution; at?: Distribution } & Modifiers
  | { string: { length: Distribution; chars?: string } } & Modifiers
  | { one_of: readonly ValueSource[]; weights?: readonly number[]; index?: Distribution } & Modifiers
  | { pick: string; skew?: Distribution; weight?: string } & Modifiers
  | { match: string; cases: Readonly<Record<string, ValueSource>>; default?: ValueSource } & Modifiers
  | { object: Readonly<Record<string, ValueSource>> } & Modifiers
  | { list: ValueSource; length: Distribution; truncate?: boolean; distinct?: boolean } & Modifiers;

interface Modifiers {
  null_rate?: number;
  missing_rate?: number;
  pool?: number;
  pool_pick?: Distribution;
  pool_distinct?: boolean;
}

export const TimeFormatSchema = z.enum(['iso', 'iso-seconds', 'iso-local', 'epoch-ms', 'epoch-s', 'sql']);
type TimeFormatName = z.infer<typeof TimeFormatSchema>;

export const ValueSourceSchema: z.ZodType<ValueSource> = z.lazy(() =>
  z.union([
    scalar,
    z.strictObject({ const: z.unknown(), ...modifiers }),
    z.strictObject({
      choice: z.union([z.array(z.unknown()).min(1), z.record(z.string(), nonNegative)]),
      weights: z.array(nonNegative).optional(),
      /** Picks by position instead: a distribution over 0-based positions, truncated and clamped into the list. */
      index: DistributionSchema.optional(),
      ...modifiers,
    }),
    z.strictObject({
      number: DistributionSchema,
      /** Multiplies the draw by a numeric variable or column: `{ number: uniform 0.05..0.15, times: booking_value }`. */
      times: z.string().min(1).optional(),
      decimals: z.number().int().min(0).max(10).optional(),
      min: finite.optional(),
      max: finite.optional(),
      /** Cut draws to integers toward zero (before min and max apply). */
      truncate: z.boolean().optional(),
      ...modifiers,
    }),
    z.strictObject({ ref: z.string().min(1), ...modifiers }),
    z.strictObject({
      template: z.string(),
      /** Values for placeholders of this template only: `{ template: "evt_{t}_{n}", with: { t: { time: epoch-s }, n: ... } }`. */
      with: z.record(z.string(), ValueSourceSchema).optional(),
      ...modifiers,
    }),
    /** `true`: drawn from the stream; `{ of: REF }`: derived from a value (the same value, the same UUID), drawing nothing. */
    z.strictObject({ uuid: z.union([z.literal(true), z.strictObject({ of: z.string().min(1) })]), ...modifiers }),
    /** An integer derived from a value (the same value, the same number), in [min, max]; draws nothing. A `salt` gives another number for the same value. */
    z.strictObject({ hash: z.strictObject({ of: z.string().min(1), salt: z.string().optional(), min: z.number().int().min(0).optional(), max: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional() }), ...modifiers }),
    /** The UTC date of the event time (or of a time `of` names) as YYYYMMDD text. */
    z.strictObject({ date: z.union([z.literal(true), z.strictObject({ of: z.string().min(1) })]), ...modifiers }),
    /** A value written as JSON text (a JSON document inside a string field), optionally base64url-encoded. */
    z.strictObject({ json: ValueSourceSchema, base64: z.boolean().optional(), ...modifiers }),
    /** No value: the field is left out of the event (in a `match`, for the events a field does not apply to). */
    z.strictObject({ absent: z.literal(true), ...modifiers }),
    /** A list of these values, in order; null ones and ones left out (`missing_rate`) are skipped. */
    z.strictObject({ array: z.array(ValueSourceSchema), ...modifiers }),
    /** The cart's items, one object per distinct row: output key -> catalog column, and the row's count as `count_as`. */
    z.strictObject({ cart_items: z.record(z.string(), z.string().min(1)), count_as: z.string().min(1).optional(), ...modifiers }),
    z.strictObject({
      counter: z.union([z.literal(true), z.strictObject({ start: finite.optional(), step: finite.optional() })]),
      ...modifiers,
    }),
    z.strictObject({
      ip: z.union([
        z.literal(true),
        z.strictObject({
          min: z.string().optional(),
          max: z.string().optional(),
          /** Or the address as an integer drawn from this distribution (truncated, modulo 2^32). */
          number: DistributionSchema.optional(),
        }),
      ]),
      ...modifiers,
    }),
    z.strictObject({
      time: TimeFormatSchema,
      /** event.time (default), session.start, or a variable that holds a time. */
      of: z.string().optional(),
      offset: DistributionSchema.optional(),
      /** Or a random instant: this distribution draws epoch seconds. */
      at: DistributionSchema.optional(),
      ...modifiers,
    }),
    /** Random text: `length` characters drawn uniformly from `chars` (default: printable ASCII and whitespace). */
    z.strictObject({ string: z.strictObject({ length: DistributionSchema, chars: z.string().min(1).optional() }), ...modifiers }),
    /** One of several value sources, picked uniformly, by `weights`, or by an `index` distribution over positions. */
    z.strictObject({
      one_of: z.array(ValueSourceSchema).min(1),
      weights: z.array(nonNegative).optional(),
      index: DistributionSchema.optional(),
      ...modifiers,
    }),
    z.strictObject({
      pick: z.string().min(1),
      /** Popularity by position (e.g. zipf: the first rows are the most popular). */
      skew: DistributionSchema.optional(),
      /** Or a numeric column whose values are the rows' weights (cities by population). */
      weight: z.string().optional(),
      ...modifiers,
    }),
    /** A value that depends on another: `{ match: platform, cases: { ios_app: mobile, web: { choice: [...] } } }`. */
    z.strictObject({ match: z.string().min(1), cases: z.record(z.string(), ValueSourceSchema), default: ValueSourceSchema.optional(), ...modifiers }),
    z.strictObject({ object: z.record(z.string(), ValueSourceSchema), ...modifiers }),
    z.strictObject({
      list: ValueSourceSchema,
      length: DistributionSchema,
      /** Cut the drawn length toward zero instead of rounding it. */
      truncate: z.boolean().optional(),
      /** Draw again when an item repeats, so the list holds distinct values (fewer when too few exist). */
      distinct: z.boolean().optional(),
      ...modifiers,
    }),
  ]),
);

/** Conditions a transition can depend on: the state of the session's cart. */
export const GuardSchema = z.enum(['cart_empty', 'cart_not_empty']);
export type Guard = z.infer<typeof GuardSchema>;

/**
 * Transition weights to next states; the remainder up to 1 ends the session. `end` names
 * the end explicitly. A transition with `when` is only taken while its condition holds;
 * when it does not, its weight is shared among the other possibilities in proportion.
 */
const TransitionsSchema = z.record(
  z.string(),
  z.union([probability, z.strictObject({ p: probability, when: GuardSchema })], { error: 'must be a probability from 0 to 1, or { p: probability, when: cart_empty | cart_not_empty }' }),
);
export type Transition = number | { p: number; when: Guard };

/**
 * What a state does to the session's cart, before its event is written:
 * - `{ add: VAR }` puts the variable's current value (a catalog row) into the cart, as many
 *   times as the variable `quantity` says when it is given;
 * - `{ remove: VAR }` takes one item out of the cart, chosen uniformly, into the variable;
 * - `clear` empties the cart.
 */
export const CartActionSchema = z.union(
  [
    z.literal('clear'),
    /** `quantity` names a variable holding how many of the item go in (default 1). */
    z.strictObject({ add: z.string().min(1), quantity: z.string().min(1).optional() }),
    z.strictObject({ remove: z.string().min(1) }),
  ],
  { error: 'must be clear, { add: VARIABLE } or { remove: VARIABLE }' },
);
export type CartAction = z.infer<typeof CartActionSchema>;

/**
 * Late delivery: each event gets a processing time (when the pipeline receives it) after
 * its event time, and events are written in processing-time order, so late ones arrive
 * out of order. Delays are in seconds.
 */
export const DeliverySchema = z.strictObject({
  /** Share of events that arrive late. */
  late_rate: probability,
  /** Delay of a late event. */
  late_delay: DistributionSchema,
  /** Delay of every other event (default 0: received when it happens). */
  on_time_delay: DistributionSchema.optional(),
});
export type Delivery = z.infer<typeof DeliverySchema>;

/** Kinds of bad record (docs/faults.md): how a written record is broken. */
export const BAD_RECORD_KINDS = ['truncated', 'invalid_utf8', 'wrong_delimiters', 'type_violation', 'missing_field', 'out_of_domain'] as const;
export type BadRecordKind = (typeof BAD_RECORD_KINDS)[number];

/**
 * Delivery faults and bad records (docs/faults.md): each event's fate is a function of
 * (seed, session, event index in the session), so it is the same whatever the sink or shard.
 */
/** Types a drifted field can change to (docs/faults.md#schema-drift). */
export const DRIFT_TYPES = ['string', 'int', 'decimal'] as const;
export type DriftType = (typeof DRIFT_TYPES)[number];

const driftAt = z.string().min(1).meta({ description: 'An ISO 8601 event time (2024-01-01T00:10:00Z), or +DURATION after the run start (+10m, +PT1H).' });
const driftField = z.string().min(1).meta({ description: 'The output field (its full dotted name) the change is to.' });
const jsonValue: z.ZodType<unknown> = z.lazy(() => z.union([scalar, z.array(jsonValue), z.record(z.string(), jsonValue)]));

/**
 * Schema drift: from event time `at` on, records are written with the changed shape.
 * Changes at the same time make one new version of the schema, applied in list order.
 */
export const DriftSchema = z.discriminatedUnion(
  'change',
  [
    z.strictObject({ at: driftAt, change: z.literal('add'), field: driftField, value: jsonValue }),
    z.strictObject({ at: driftAt, change: z.literal('rename'), field: driftField, to: z.string().min(1) }),
    z.strictObject({ at: driftAt, change: z.literal('remove'), field: driftField }),
    z.strictObject({ at: driftAt, change: z.literal('type'), field: driftField, to: z.enum(DRIFT_TYPES, { error: `must be one of ${DRIFT_TYPES.join(', ')}` }) }),
  ],
  { error: 'change must be one of add, rename, remove, type' },
);
export type Drift = z.infer<typeof DriftSchema>;

export const FaultsSchema = z.strictObject({
  /** At-least-once redelivery: the same record, the same bytes, again after `delay` seconds. */
  duplicates: z.strictObject({ share: probability, delay: DistributionSchema.optional() }).optional(),
  /** Records simulated but never delivered. */
  drop: z.strictObject({ share: probability }).optional(),
  /** Records written broken; `kinds` (default: every kind the format can show) are picked evenly. */
  bad_records: z.strictObject({ share: probability, kinds: z.array(z.enum(BAD_RECORD_KINDS, { error: `must be one of ${BAD_RECORD_KINDS.join(', ')}` })).min(1).optional() }).optional(),
  /** Schema drift at points in event time, in time order. */
  drift: z.array(DriftSchema).min(1).optional(),
});
export type Faults = z.infer<typeof FaultsSchema>;

/** What `--summary` adds as the answer key (docs/answer-key.md): windows and watermarks. */
export const AnswerKeySchema = z.strictObject({
  /** Window length in seconds for the per-window counts (default 60). */
  window: positive.optional(),
  /** Watermark delays in seconds: the key says which records each would drop. */
  watermarks: z.array(nonNegative).optional(),
  /**
   * Which event type is a purchase and which output field holds its revenue: each window then
   * counts purchases and adds their revenue, each rounded to `decimals` places (default 2).
   */
  purchases: z
    .strictObject({
      event: z.string().min(1),
      revenue: z.string().min(1).optional(),
      decimals: z.number().int().min(0).max(6).optional(),
    })
    .optional(),
});
export type AnswerKey = z.infer<typeof AnswerKeySchema>;

/**
 * The next state without a draw: a state name, or one picked by a value the session holds
 * (`{ match: session.returning, cases: { "true": entry }, default: first_visit }`).
 */
const ThenSchema = z.union([z.string().min(1), z.strictObject({ match: z.string().min(1), cases: z.record(z.string(), z.string().min(1)), default: z.string().min(1) })], {
  error: 'must be a state name, or { match: REFERENCE, cases: { VALUE: STATE }, default: STATE }',
});
export type Then = z.infer<typeof ThenSchema>;

export const StateSchema = z.strictObject({
  /** The event type this state emits; defaults to the state name. `null` makes a silent state. */
  event: z.string().min(1).nullable().optional(),
  /** Seconds spent in this state after its event, before moving on: a distribution, or `{ ref: VAR }` for a variable's value (so an event can report its own dwell). */
  dwell: z.union([DistributionSchema, z.strictObject({ ref: z.string().min(1) })], { error: (issue) => (issue.code === 'invalid_union' ? dwellMessage(issue.input) : undefined) }).optional(),
  /** Seconds waited on entering this state, before `set` and its event (the event's time includes it). */
  delay: TimedDistributionSchema.optional(),
  /** Variables drawn on entering this state, before `delay`. */
  set_on_entry: z.record(z.string(), ValueSourceSchema).optional(),
  /** Variables (re)drawn on entering this state, after `delay` and before its event is emitted. */
  set: z.record(z.string(), ValueSourceSchema).optional(),
  /** Extra fields, or replacements, for events of this state. */
  fields: z.record(z.string(), ValueSourceSchema).optional(),
  /** Fields of the scenario's `fields` (or `source_fields`, when it has them) that events of this state leave out. */
  omit: z.array(z.string()).optional(),
  /** Extra source fields, or replacements, for events of this state (see the scenario's `source_fields`). */
  source_fields: z.record(z.string(), ValueSourceSchema).optional(),
  /** A change to the session's cart, made after `set` and before the event is written. */
  cart: CartActionSchema.optional(),
  next: TransitionsSchema.optional(),
  /** Or relative weights of the next states (any positive scale); the session then ends only by time or an `end` weight. */
  next_weights: z.record(z.string(), nonNegative).optional(),
  /** Or the next state, taken without a draw (see ThenSchema). */
  then: ThenSchema.optional(),
});

export const CatalogSchema = z.strictObject({
  /** Inline rows. */
  rows: z.array(z.record(z.string(), z.unknown())).optional(),
  /** Or generate this many rows from `columns`, each of which may refer to `index` and to the columns before it. */
  size: z.number().int().min(1).max(10_000_000).optional(),
  columns: z.record(z.string(), ValueSourceSchema).optional(),
});

const SegmentSchema = z.strictObject({
  weight: nonNegative,
  /** With `population.returning`: how likely this segment's users are to come back, relative to other segments (default 1). */
  returns: nonNegative.optional(),
  /** Overrides of scenario values for users of this segment: `{ "states.search.next.product": 0.6 }`. */
  set: z.record(z.string(), z.unknown()).optional(),
});

export const ScenarioSchema = z.strictObject({
  /** Start from another scenario: a built-in name or a file, optionally only some of its sections. Merged before validation. */
  extends: z.union([z.string().min(1), z.strictObject({ scenario: z.string().min(1), take: z.array(z.string()).min(1).optional() })]).optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  /** Default seed when none is given. */
  seed: z.number().int().min(0).optional(),
  /** Named values used elsewhere as `${NAME}` (or `${arithmetic}`); `--set NAME=value` changes one. */
  params: z.record(z.string(), z.union([z.string(), finite, z.boolean()])).optional(),
  population: z
    .strictObject({
      /** Size of the user pool; sessions pick users from it, so users come back. */
      users: z.number().int().min(1).max(1_000_000_000).default(1000),
      /**
       * How a session picks its user: uniform, a distribution over user indexes (e.g. zipf
       * for heavy users), or `sequential` (session n takes user n, wrapping around: every
       * user once before anyone twice).
       */
      pick: z.union([DistributionSchema, z.literal('sequential')]).optional(),
      /** How a user id is written: a template over `{index}` (0-based), e.g. `USER_{index:04}`; default the number. */
      id: z.string().optional(),
      /** First user index (the Imply clickstream starts at 0). */
      first: z.number().int().min(0).default(0),
      /** Share of sessions without a known user (user id null). */
      anonymous_rate: probability.default(0),
      /** Per-user attributes, drawn once per user and kept across sessions. */
      attributes: z.record(z.string(), ValueSourceSchema).optional(),
      /**
       * Share of sessions by returning visitors: users of an earlier session of the run, from the
       * same time zone, chosen by their segment's `returns`. The other sessions are new visitors,
       * each a user never seen before; `users` and `pick` then do not apply.
       */
      returning: probability.optional(),
      /** User segments, chosen per user by weight. */
      segments: z.record(z.string(), SegmentSchema).optional(),
    })
    .prefault({}),
  arrivals: z
    .strictObject({
      /** New sessions per simulated second. */
      rate: positive.default(1),
      /** Multipliers by hour of day (24 values; UTC, or each visitor's local time with `timezones`). */
      hourly: z.array(nonNegative).length(24).optional(),
      /** Multipliers by day of week (7 values, Monday first; UTC, or local time with `timezones`). */
      weekly: z.array(nonNegative).length(7).optional(),
      /**
       * Visitors' IANA time zones and their shares of traffic. The curves then apply in each
       * zone's local time, and every session has a zone (`session.timezone`).
       */
      timezones: z.record(z.string(), nonNegative).optional(),
      /** Seconds between session starts, instead of `rate` (which it replaces); may follow a weekly profile. */
      interarrival: TimedDistributionSchema.optional(),
      /** At most this many sessions at once. */
      max_concurrent: z.number().int().min(1).max(100_000_000).optional(),
      /** What a session arriving at the cap does: wait for a free slot (default), or retry some seconds later. */
      when_full: WhenFullSchema.optional(),
      /** Scales max_concurrent over the week. */
      schedule: ConcurrencyScheduleSchema.optional(),
    })
    .prefault({}),
  session: z
    .strictObject({
      /** How the session id is made. */
      id: ValueSourceSchema.optional(),
      /** Variables set when the session starts and kept for all its events. */
      vars: z.record(z.string(), ValueSourceSchema).optional(),
      /** Sessions end after this many seconds of simulated time even mid-journey. */
      max_duration: positive.optional(),
      /**
       * Seconds without an event after which a session ends (default 1800, the 30 minutes of
       * analytics tools): the user's next event starts a new session.
       */
      timeout: positive.optional(),
      /** Planned length of each session in seconds, drawn when it starts; the session ends at its first step past it. */
      duration: DistributionSchema.optional(),
      /** Multiplies the planned length (segments set it: 0.6 for shorter sessions). */
      duration_scale: positive.optional(),
    })
    .prefault({}),
  catalogs: z.record(z.string(), CatalogSchema).optional(),
  /** The first state of every session (default: the first state listed). */
  initial: z.string().optional(),
  states: z.record(z.string(), StateSchema).refine((s) => Object.keys(s).length > 0, 'must define at least one state'),
  /** Late and out-of-order delivery: events are written in processing-time order. */
  delivery: DeliverySchema.optional(),
  /** Duplicates, drops and bad records (docs/faults.md). */
  faults: FaultsSchema.optional(),
  /** Windows and watermarks of the answer key that `--summary` writes (docs/answer-key.md). */
  answer_key: AnswerKeySchema.optional(),
  /** Windows of time that change the traffic: spikes, ramps, outages, behaviour changes (docs/scenario-format.md#timeline). */
  timeline: TimelineSchema.optional(),
  /** A/B(/n) experiments by name: arms, their shares of the users, and each arm's true effect. */
  experiments: ExperimentsSchema.optional(),
  /** Output fields, in order. Dotted names nest in JSON (`page_info.page_url`). */
  fields: z.record(z.string(), ValueSourceSchema),
  /**
   * Render the scenario in an analytics vocabulary (segment, ga4, snowplow, or a file): its
   * fields become `source_fields` and the vocabulary's fields are written. Applied when loading.
   */
  vocabulary: z.string().min(1).optional(),
  /**
   * Fields computed for every event, as `fields` are, but not written: `fields` refer to them
   * as `field.NAME`. A vocabulary moves the scenario's own fields here.
   */
  source_fields: z.record(z.string(), ValueSourceSchema).optional(),
  /** Defaults for sinks, e.g. `{ kafka: { topic: clickstream, key: user_id } }`. */
  sinks: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
});

export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Scenario = z.infer<typeof ScenarioSchema>;
export type State = z.infer<typeof StateSchema>;
export type Catalog = z.infer<typeof CatalogSchema>;

/** Seconds without an event that end a session: the 30 minutes of GA4, Adobe Analytics and most sessionizers. */
export const DEFAULT_SESSION_TIMEOUT_S = 1800;
