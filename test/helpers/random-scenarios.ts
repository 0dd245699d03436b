/**
 * fast-check arbitraries for whole scenarios, and a way to run them through the real
 * validation, compiler and engine in-process.
 */
import fc from 'fast-check';
import { Engine } from '../../src/engine/engine.js';
import type { EventView } from '../../src/engine/event.js';
import type { Encoder } from '../../src/encode/types.js';
import { compileScenario, type CompiledScenario } from '../../src/scenario/compile.js';
import { validateRaw } from '../../src/scenario/load.js';
import { UsageError } from '../../src/errors.js';

/** Text with everything encoders must escape: quotes, backslashes, separators, control characters, non-ASCII, lone surrogates. */
export const awkwardText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 12, unit: fc.constantFrom('a', 'Z', '0', ' ', ',', ';', '"', "'", '\\', '/', '\n', '\r', '\t', '\u0000', '\u001f', '\u007f', 'é', '✓', '😀', '\u2028', '{', '}') }),
  fc.string({ maxLength: 8, unit: 'binary' }),
  fc.string({ maxLength: 4, unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) }),
);

/** Finite numbers, including some that no date can hold (they may land in a timestamp column). */
const finiteNumber = fc.oneof(
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1e21, -1e-7, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, -62167219200000.01, 253402300800000, 8.64e15, -8.64e15 - 1),
);

const literal = fc.oneof(awkwardText, finiteNumber, fc.boolean(), fc.constant(null));

const distribution = fc.oneof(
  fc.record({ type: fc.constant('normal'), mean: fc.integer({ min: -1000, max: 1000 }), stddev: fc.integer({ min: 0, max: 500 }) }),
  fc.record({ type: fc.constant('uniform'), min: fc.constant(-5), max: fc.constant(5) }),
  fc.record({ type: fc.constant('exponential'), mean: fc.double({ min: 0.01, max: 100, noNaN: true }) }),
);

/** A value source of any kind that needs no other part of the scenario, with modifiers now and then. */
const valueSource: fc.Arbitrary<unknown> = fc
  .tuple(
    fc.oneof(
      literal,
      fc.record({ const: fc.jsonValue({ maxDepth: 3 }) }),
      fc.record({ choice: fc.array(fc.oneof(awkwardText, finiteNumber), { minLength: 1, maxLength: 4 }) }),
      fc.record({ number: distribution, decimals: fc.integer({ min: 0, max: 4 }) }, { requiredKeys: ['number'] }),
      fc.record({ time: fc.constantFrom('iso', 'iso-seconds', 'iso-local', 'epoch-ms', 'epoch-s') }),
      fc.record({ ref: fc.constantFrom('session.id', 'session.number', 'event.type', 'event.index', 'event.first', 'user.id', 'state') }),
      fc.record({ template: fc.constantFrom('{event.type}/{session.number:04}', 'plain "text", \\ and more', 'u{user.id}') }),
      fc.record({ object: fc.dictionary(fc.string({ maxLength: 4 }), literal, { maxKeys: 3 }) }),
      fc.record({ list: literal, length: fc.record({ type: fc.constant('constant'), value: fc.integer({ min: 0, max: 3 }) }) }),
      fc.record({ ip: fc.constant(true) }),
      fc.record({ uuid: fc.constant(true) }),
    ),
    fc.option(fc.record({ null_rate: fc.constantFrom(0.2, 0.5), missing_rate: fc.constantFrom(0, 0.3) }), { freq: 3 }),
  )
  .map(([source, modifiers]) => (modifiers !== null && source !== null && typeof source === 'object' ? { ...source, ...modifiers } : source));

/** Dotted field names: 1-3 parts, none a prefix of another (a value cannot also hold members). */
const fieldNames: fc.Arbitrary<string[]> = fc
  .uniqueArray(fc.array(fc.oneof(fc.constantFrom('a', 'b', 'page', 'x', '__proto__', 'constructor'), fc.string({ minLength: 1, maxLength: 5 }).filter((s) => !s.includes('.'))), { minLength: 1, maxLength: 3 }), {
    minLength: 1,
    maxLength: 7,
    selector: (path) => path.join('.'),
  })
  .map((paths) => paths.filter((p) => !paths.some((q) => q !== p && q.length < p.length && q.every((part, i) => p[i] === part))).map((p) => p.join('.')));

/**
 * A scenario of two states whose events carry random fields: `b` leaves some fields out
 * and replaces or adds others, so events come in more than one layout.
 */
export const fieldsScenario: fc.Arbitrary<Record<string, unknown>> = fieldNames
  .chain((names) =>
    fc.record({
      fields: fc.tuple(...names.map(() => valueSource)).map((sources) => Object.fromEntries(names.map((n, i) => [n, sources[i]]))),
      omit: fc.subarray(names),
      extra: fc.option(fc.tuple(fc.constantFrom(...names), valueSource)),
      seed: fc.nat({ max: 1000 }),
    }),
  )
  .map(({ fields, omit, extra, seed }) => ({
    name: 'random-fields',
    seed,
    arrivals: { rate: 5 },
    states: {
      a: { dwell: { type: 'exponential', mean: 2 }, next: { b: 0.6, a: 0.2 } },
      b: { event: 'bee', omit, ...(extra === null ? {} : { fields: { [extra[0]]: extra[1] } }), next: { a: 0.3 } },
    },
    fields,
  }));

/** Validates and compiles a generated scenario; null when the rules reject it (the property then skips it). */
export function compileRandom(raw: Record<string, unknown>): CompiledScenario | null {
  try {
    const loaded = validateRaw(structuredClone(raw), 'random');
    return compileScenario(loaded.scenario, loaded.scenario.seed ?? 0, 'random');
  } catch (error) {
    if (error instanceof UsageError) return null;
    throw error;
  }
}

/** Runs the engine and hands each event (a reused view) to `visit`. */
export function forEachEvent(compiled: CompiledScenario, count: number, visit: (event: EventView) => void): number {
  const engine = new Engine(compiled, { start: Date.UTC(2024, 0, 1), count });
  let n = 0;
  for (let event = engine.next(); event !== null; event = engine.next()) {
    visit(event);
    n++;
  }
  return n;
}

/** Encodes one event alone, growing the buffer until it fits. */
export function encodeOne(encoder: Encoder, event: EventView): Buffer {
  for (let size = 256; ; size *= 4) {
    const out = Buffer.alloc(size);
    const end = encoder.encode(event, out, 0);
    if (end >= 0) return out.subarray(0, end);
  }
}
