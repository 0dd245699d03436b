import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { DeliveryOrder, type DeliveryIntake } from '../../src/engine/delivery-order.js';
import { Engine } from '../../src/engine/engine.js';
import { eventView, type EventView } from '../../src/engine/event.js';
import type { Sym } from '../../src/engine/sym.js';
import { eventToObject } from '../../src/encode/event-object.js';
import { NdjsonEncoder } from '../../src/encode/ndjson.js';
import { run } from '../../src/pipeline/run.js';
import { compileScenario, type CompiledScenario } from '../../src/scenario/compile.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { StreamSink } from '../../src/sinks/stream-sink.js';

const SCENARIO = `name: late
arrivals: { rate: 5 }
states:
  a:
    dwell: { type: exponential, mean: 10 }
    next: { a: 0.9 }
delivery:
  late_rate: 0.3
  late_delay: { type: uniform, min: 5, max: 60 }
  on_time_delay: { type: uniform, min: 0, max: 2 }
fields:
  id: { uuid: true }
  t: { time: epoch-ms }
  p: { ref: event.processing_time }
  p_iso: { time: iso, of: event.processing_time }
`;
const COUNT = 100_000;

interface Out {
  id: string;
  t: number;
  p: number;
  p_iso: string;
  late: boolean;
}

function compile(text: string): CompiledScenario {
  return compileScenario(parseScenarioText(text, 'late.yaml').scenario, 21);
}

/** The scenario's events in delivery order, and the most events held back at once. */
function deliver(scenario: CompiledScenario, count = COUNT): { events: Out[]; maxHeld: number } {
  const order = new DeliveryOrder(new Engine(scenario, { start: 0, count }));
  const events: Out[] = [];
  let maxHeld = 0;
  for (let e = order.next(); e !== null; e = order.next()) {
    const o = eventToObject(e, scenario.schema) as unknown as Out;
    assert.equal(o.p, order.processingTime);
    events.push({ ...o, late: order.late });
    maxHeld = Math.max(maxHeld, order.held);
  }
  assert.equal(order.held, 0, 'every held event comes out at the end');
  return { events, maxHeld };
}

test('events come out in processing-time order, ties in the order they happened', () => {
  const scenario = compile(SCENARIO);
  const { events } = deliver(scenario);
  assert.equal(events.length, COUNT);
  // Without delivery the same events come out in event-time order: that is the order they happened.
  const engine = new Engine(compile(SCENARIO.replace(/delivery:[\s\S]*?fields:/, 'fields:')), { start: 0, count: COUNT });
  const happened = new Map<string, number>();
  for (let e = engine.next(); e !== null; e = engine.next()) happened.set((e.values[0] as Sym).text, happened.size);
  for (let i = 1; i < events.length; i++) {
    const [a, b] = [events[i - 1], events[i]];
    assert.ok(a.p < b.p || (a.p === b.p && happened.get(a.id)! < happened.get(b.id)!), `events ${i - 1} and ${i} out of processing order`);
  }
});

test('delivery changes when events arrive, never which events happen', () => {
  const delivered = deliver(compile(SCENARIO)).events;
  const engine = new Engine(compile(SCENARIO.replace(/delivery:[\s\S]*?fields:/, 'fields:')), { start: 0, count: COUNT });
  const plain = new Map<string, number>();
  for (let e = engine.next(); e !== null; e = engine.next()) plain.set((e.values[0] as Sym).text, e.values[1] as number);
  assert.equal(plain.size, delivered.length);
  for (const e of delivered) assert.equal(plain.get(e.id), e.t, `event ${e.id}`);
});

test('late share and delays follow the delivery section; processing time is written in any time format', () => {
  const { events } = deliver(compile(SCENARIO));
  let late = 0;
  for (const e of events) {
    const delay = e.p - e.t;
    if (e.late) {
      late++;
      assert.ok(delay >= 5000 && delay <= 60_000, `late delay ${delay}`);
    } else assert.ok(delay >= 0 && delay <= 2000, `on-time delay ${delay}`);
    assert.equal(e.p_iso, new Date(e.p).toISOString());
  }
  // Four standard errors of a share of 0.3 over 100,000 events: 0.0058.
  assert.ok(Math.abs(late / events.length - 0.3) < 0.0058, `late share ${late / events.length}`);
});

test('memory stays bounded: only events within the largest delay of the frontier are held', () => {
  const { events, maxHeld } = deliver(compile(SCENARIO));
  // About 5 events per second and delays up to 60 s: a few hundred at most, not a growing backlog.
  const span = (events.at(-1)!.t - events[0].t) / 1000;
  const perSecond = events.length / span;
  assert.ok(maxHeld < perSecond * 60 * 1.5, `held up to ${maxHeld} events at ${perSecond.toFixed(1)} events/s`);
});

test('the same seed gives the same delivery, byte for byte', () => {
  const a = deliver(compile(SCENARIO)).events;
  const b = deliver(compile(SCENARIO)).events;
  assert.deepEqual(a, b);
});

test('run() writes delivery order and its summary counts late and out-of-order events', async () => {
  const scenario = compile(SCENARIO);
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const summary = await run({ scenario, encoder: new NdjsonEncoder(scenario.schema), sink: new StreamSink(out, 'memory'), start: 0, count: 20_000, batchRecords: 1000 });
  const lines = Buffer.concat(chunks).toString().trimEnd().split('\n').map((l) => JSON.parse(l) as Out);
  assert.equal(lines.length, 20_000);
  let outOfOrder = 0;
  let latest = -Infinity;
  for (const e of lines) {
    if (e.t < latest) outOfOrder++;
    latest = Math.max(latest, e.t);
  }
  assert.ok(outOfOrder > 1000);
  assert.equal(summary.out_of_order_events, outOfOrder);
  // The same events in the same order as the stage alone gives, whatever the batch size.
  assert.deepEqual(
    lines.map((e) => e.id),
    deliver(scenario, 20_000).events.map((e) => e.id),
  );
  assert.equal(summary.late_events, lines.filter((e) => e.p - e.t >= 5000).length);
  assert.equal(summary.first_event_time, new Date(Math.min(...lines.map((e) => e.t))).toISOString());
  assert.equal(summary.last_event_time, new Date(Math.max(...lines.map((e) => e.t))).toISOString());
});

test('without delivery, event.processing_time is the event time and nothing is out of order', async () => {
  const scenario = compile(SCENARIO.replace(/delivery:[\s\S]*?fields:/, 'fields:'));
  assert.equal(scenario.delivery, null);
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const summary = await run({ scenario, encoder: new NdjsonEncoder(scenario.schema), sink: new StreamSink(out, 'memory'), start: 0, count: 5000 });
  for (const line of Buffer.concat(chunks).toString().trimEnd().split('\n')) {
    const e = JSON.parse(line) as Out;
    assert.equal(e.p, e.t);
  }
  assert.equal(summary.late_events, 0);
  assert.equal(summary.out_of_order_events, 0);
});

/** Drops the events whose id starts with 0 and delivers the ones starting with 1 again, 3 s later: 1/16 of events each. */
class TestIntake implements DeliveryIntake {
  redelivery: EventView | null = null;
  redeliveryTime = 0;
  admit(event: EventView, processingTime: number): EventView | null {
    const first = (event.values[0] as Sym).text[0];
    if (first === '0') return null;
    if (first === '1') {
      this.redelivery = eventView(event.time, event.type, event.session, event.layout, event.values.slice(), event.origin ?? event.values);
      this.redeliveryTime = processingTime + 3000;
    }
    return event;
  }
}

test('an intake drops events and delivers others again, each copy in processing-time order after its first delivery', () => {
  const scenario = compile(SCENARIO);
  const order = new DeliveryOrder(new Engine(scenario, { start: 0, count: COUNT }), new TestIntake());
  const seen = new Map<string, number[]>();
  let last = -Infinity;
  for (let e = order.next(); e !== null; e = order.next()) {
    const o = eventToObject(e, scenario.schema) as unknown as Out;
    assert.ok(order.processingTime >= last, `${o.id} is received at ${order.processingTime}, before the event delivered ahead of it`);
    last = order.processingTime;
    seen.set(o.id, [...(seen.get(o.id) ?? []), order.processingTime]);
  }
  assert.equal(order.held, 0);
  const engine = new Engine(scenario, { start: 0, count: COUNT });
  let dropped = 0;
  let twice = 0;
  for (let e = engine.next(); e !== null; e = engine.next()) {
    const id = (e.values[0] as Sym).text;
    const times = seen.get(id) ?? [];
    if (id[0] === '0') {
      dropped++;
      assert.deepEqual(times, [], `dropped event ${id} was delivered`);
    } else if (id[0] === '1') {
      twice++;
      assert.deepEqual(times, [engine.delivery.processingTime, engine.delivery.processingTime + 3000], `event ${id} and its copy`);
    } else assert.deepEqual(times, [engine.delivery.processingTime], `event ${id}`);
  }
  // Each a sixteenth of the events, within 5 standard deviations.
  for (const n of [dropped, twice]) assert.ok(Math.abs(n - COUNT / 16) < 5 * Math.sqrt(COUNT / 16), `${n} of ${COUNT}`);
});
