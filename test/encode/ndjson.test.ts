import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { eventToObject } from '../../src/encode/event-object.js';
import type { EventView } from '../../src/engine/event.js';
import { NdjsonEncoder } from '../../src/encode/ndjson.js';
import { compileRandom, encodeOne, fieldsScenario, forEachEvent } from '../helpers/random-scenarios.js';
import type { CompiledScenario } from '../../src/scenario/compile.js';

/** Encodes `count` events of `compiled` and checks each line is JSON.stringify of the event's object. */
function assertEncodesAsStringify(compiled: CompiledScenario, count: number): void {
  const encoder = new NdjsonEncoder(compiled.schema);
  // One shared buffer, as a run writes them: cached bytes must not depend on where they were made.
  const out = Buffer.alloc(1 << 16);
  let offset = 0;
  let checked = 0;
  forEachEvent(compiled, count, (event) => {
    let end = encoder.encode(event, out, offset);
    if (end < 0) end = encoder.encode(event, out, (offset = 0));
    assert.equal(out.toString('utf8', offset, end), `${JSON.stringify(eventToObject(event, compiled.schema))}\n`);
    offset = end;
    checked++;
  });
  assert.equal(checked, count);
}

test('NDJSON: every line is one JSON object equal to eventToObject, written as JSON.stringify writes it', () => {
  fc.assert(
    fc.property(fieldsScenario, (raw) => {
      const compiled = compileRandom(raw);
      fc.pre(compiled !== null);
      const encoder = new NdjsonEncoder(compiled.schema);
      // JavaScript objects list integer-like keys first, so JSON.stringify's key order is the
      // scenario's only without them.
      const jsOrder = compiled.schema.fields.every((f) => f.path.every((part) => !/^(0|[1-9]\d*)$/.test(part)));
      const events = forEachEvent(compiled, 40, (event) => {
        const bytes = encodeOne(encoder, event);
        // In a buffer too small by a byte the encoder must give up, not write past the end.
        assert.equal(encoder.encode(event, Buffer.alloc(bytes.length - 1), 0), -1);
        const line = bytes.toString('utf8');
        assert.ok(line.endsWith('\n') && line.indexOf('\n') === line.length - 1, `one line: ${JSON.stringify(line)}`);
        const expected = eventToObject(event, compiled.schema);
        // JSON has no -0, NaN or undefined: compare with what JSON makes of the object.
        assert.deepEqual(JSON.parse(line), JSON.parse(JSON.stringify(expected)));
        // Key order, number and string forms too: JSON.stringify is the reference.
        if (jsOrder) assert.equal(line, `${JSON.stringify(expected)}\n`);
      });
      assert.equal(events, 40);
    }),
    { numRuns: 300 },
  );
});

test('NDJSON: a record that does not fit reports -1; one that fits is written whole at the offset', () => {
  const compiled = compileRandom({ name: 'fit', states: { a: {} }, fields: { text: 'x'.repeat(100), n: 12345, 'a.b': 'é' } })!;
  const encoder = new NdjsonEncoder(compiled.schema);
  forEachEvent(compiled, 1, (event) => {
    const whole = encodeOne(encoder, event);
    // Space checks may be generous (a number reserves room for the longest timestamp), never short.
    for (let size = 0; size < whole.length; size++) assert.equal(encoder.encode(event, Buffer.alloc(size), 0), -1, `buffer of ${size}`);
    for (let spare = 0; spare < 64; spare++) {
      const out = Buffer.alloc(10 + whole.length + spare);
      const end = encoder.encode(event, out, 10);
      if (end === -1) continue;
      assert.equal(end, 10 + whole.length);
      assert.ok(out.subarray(10, end).equals(whole));
    }
    assert.equal(encoder.encode(event, Buffer.alloc(10 + whole.length + 64), 10), 10 + whole.length);
  });
});

test('NDJSON: fields after a per-session value are cached as one run, and a value that changes within the session is never written stale', () => {
  // `ip` is drawn once per session (a per-session Sym heads the run); `tier` stays put, `page` and
  // `pages` change with every state, and `mood` changes only in some sessions, midway.
  const compiled = compileRandom({
    name: 'runs',
    arrivals: { rate: 2 },
    session: { vars: { ip: { ip: true }, tier: { choice: ['gold', 'silver'] }, mood: { choice: ['calm', 'busy'] } } },
    states: {
      a: { dwell: { type: 'constant', value: 1 }, set: { page: { choice: ['home', 'search', 'cart'] } }, next: { b: 1 } },
      b: { dwell: { type: 'constant', value: 1 }, set: { mood: { choice: ['calm', 'busy', 'lost'] } }, next: { a: 0.7 } },
    },
    fields: { at: { time: 'iso' }, ip: { ref: 'ip' }, tier: { ref: 'tier' }, mood: { ref: 'mood' }, page: { ref: 'page' }, pages: { ref: 'event.index' }, sid: { ref: 'session.id' } },
  });
  assert.ok(compiled !== null);
  assertEncodesAsStringify(compiled, 20_000);
});

test('NDJSON: a view of another engine under the same session number is written from its own values, a copy of a view writes what the view wrote, and the session stays cached', () => {
  const compiled = compileRandom({
    name: 'copies',
    arrivals: { rate: 2 },
    session: { vars: { ip: { ip: true }, tier: { choice: ['gold', 'silver'] } } },
    states: { a: { dwell: { type: 'constant', value: 1 }, set: { page: { choice: ['home', 'search', 'cart'] } }, next: { a: 0.8 } } },
    fields: { at: { time: 'iso' }, ip: { ref: 'ip' }, tier: { ref: 'tier' }, page: { ref: 'page' }, sid: { ref: 'session.id' } },
  });
  assert.ok(compiled !== null);
  const encoder = new NdjsonEncoder(compiled.schema);
  const out = Buffer.alloc(1 << 16);
  const write = (event: EventView): string => {
    const end = encoder.encode(event, out, 0);
    return out.toString('utf8', 0, end);
  };
  let previous: EventView | null = null;
  let foreign = 0;
  const copies: EventView[] = [];
  forEachEvent(compiled, 5_000, (event) => {
    // Another engine's view (its values its own origin) of another session under this
    // session's number: what a cache keyed by the session alone would get wrong.
    if (previous !== null && previous.layout === event.layout && previous.session !== event.session) {
      const other: EventView = { ...event, values: previous.values, origin: previous.values };
      assert.equal(write(other), `${JSON.stringify(eventToObject(other, compiled.schema))}\n`);
      foreign++;
    }
    const line = write(event);
    assert.equal(line, `${JSON.stringify(eventToObject(event, compiled.schema))}\n`);
    // A copy held back, as late delivery makes one, written a few events later; every fifth a
    // view made outside clickgen, without an origin (its own, then).
    if (event.time % 3 === 0) copies.push({ ...event, values: event.values.slice() });
    if (event.time % 5 === 0) copies.push({ time: event.time, type: event.type, session: event.session, layout: event.layout, values: event.values.slice() });
    if (copies.length > 4) {
      const copy = copies.shift()!;
      assert.equal(write(copy), `${JSON.stringify(eventToObject(copy, compiled.schema))}\n`);
    }
    previous = { ...event, values: event.values.slice() };
  });
  assert.ok(foreign > 1000, `${foreign} foreign views`);
});

test('NDJSON: one interned value under several keys and in several encoders is written under each key', () => {
  const compiled = compileRandom({
    name: 'keys',
    states: {
      a: { next: { b: 1 }, dwell: { type: 'constant', value: 1 }, fields: { first: { choice: ['home', 'shop'] }, second: 'home' } },
      b: { next: { a: 1 }, dwell: { type: 'constant', value: 1 }, fields: { second: { choice: ['home', 'shop'] }, third: 'home' }, omit: ['first'] },
    },
    fields: { first: null, second: null, third: null },
  });
  assert.ok(compiled !== null);
  for (const encoder of [new NdjsonEncoder(compiled.schema), new NdjsonEncoder(compiled.schema)]) {
    const events = forEachEvent(compiled, 200, (event) => {
      const line = encodeOne(encoder, event).toString('utf8');
      assert.equal(line, `${JSON.stringify(eventToObject(event, compiled.schema))}\n`);
    });
    assert.equal(events, 200);
  }
});

test('NDJSON: objects all of whose members are per-session are cached within the run around them, objects that mix are not, and neither is written stale', () => {
  // `device` and `geo` (with `device.web` inside) hold only per-session values; `page` mixes
  // the session's `tier` with the event's page, and `mood` changes midway in some sessions.
  const compiled = compileRandom({
    name: 'nested-runs',
    arrivals: { rate: 2 },
    session: { vars: { ip: { ip: true }, tier: { choice: ['gold', 'silver'] }, mood: { choice: ['calm', 'busy'] } } },
    states: {
      a: { dwell: { type: 'constant', value: 1 }, set: { page: { choice: ['home', 'search', 'cart'] } }, next: { b: 1 } },
      b: { dwell: { type: 'constant', value: 1 }, set: { mood: { choice: ['calm', 'busy', 'lost'] } }, next: { a: 0.7 } },
    },
    fields: {
      at: { time: 'iso' },
      sid: { ref: 'session.id' },
      'device.ip': { ref: 'ip' },
      'device.web.tier': { ref: 'tier' },
      'device.web.kind': 'browser',
      'geo.country': { ref: 'tier' },
      'geo.code': 'EU',
      'device.number': { ref: 'session.number' },
      'page.tier': { ref: 'tier' },
      'page.name': { ref: 'page' },
      'page.mood': { ref: 'mood' },
      user: { ref: 'user.id' },
      'empty.gone': { absent: true },
    },
  });
  assert.ok(compiled !== null);
  const steady = compiled.schema.fields.filter((f) => f.steady === true).map((f) => f.name);
  for (const name of ['device.ip', 'device.web.tier', 'device.web.kind', 'device.number', 'geo.country', 'geo.code', 'page.tier', 'user']) assert.ok(steady.includes(name), name);
  assertEncodesAsStringify(compiled, 20_000);
});
