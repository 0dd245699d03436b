/**
 * A real-time run delivers late events at their share from its first second, on the
 * scenario's own clock and at a --rate alike: the late events of the simulated history that
 * are received after the start are delivered too.
 * Run against a clock for which everything is due at once, so it takes no wall time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { Clock } from '../../src/clock/clock.js';
import { createEncoder } from '../../src/encode/create-encoder.js';
import { run } from '../../src/pipeline/run.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { loadScenario } from '../../src/scenario/load.js';
import { StreamSink } from '../../src/sinks/stream-sink.js';

const farFuture: Clock = { now: () => Number.MAX_SAFE_INTEGER, sleepUntil: () => Promise.resolve() };

/** Cart's records of the first 10 s of a real-time run (everything due at once), as parsed rows. */
async function firstTenSeconds(start: number, rate: number | undefined): Promise<{ event_time: number; processing_time: number }[]> {
  const loaded = loadScenario('cart', ['arrivals.rate=40']);
  const scenario = compileScenario(loaded.scenario, 2, loaded.source);
  const lines: string[] = [];
  let rest = '';
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const parts = (rest + chunk.toString()).split('\n');
      rest = parts.pop()!;
      lines.push(...parts);
      callback();
    },
  });
  await run({ scenario, encoder: createEncoder(scenario.schema, {}), sink: new StreamSink(out, 'memory'), start, end: start + 10_000, realtime: { clock: farFuture, rate } });
  return lines.map((line) => JSON.parse(line) as { event_time: number; processing_time: number });
}

for (const rate of [undefined, 1000]) {
  test(`cart in real time${rate === undefined ? '' : ` at --rate ${rate}`}: 5 % of the events received in each of the first 10 seconds are late, within tolerance`, async () => {
    const start = Date.UTC(2024, 0, 1);
    const rows = await firstTenSeconds(start, rate);
    const inFirst = (from: number, to: number): { n: number; late: number } => {
      const received = rows.filter((r) => r.processing_time >= start + from && r.processing_time < start + to);
      return { n: received.length, late: received.filter((r) => r.processing_time - r.event_time >= 10_000).length };
    };
    const first = inFirst(0, 1_000);
    const all = inFirst(0, 10_000);
    assert.ok(first.n >= 100, `${first.n} events received in the first second`);
    assert.ok(first.late > 0, `late events in the first second: ${first.late} of ${first.n}`);
    // 4 standard deviations of a 5 % share.
    const tolerance = (n: number): number => 4 * Math.sqrt((0.05 * 0.95) / n);
    assert.ok(Math.abs(all.late / all.n - 0.05) <= tolerance(all.n), `first 10 s: ${all.late} late of ${all.n}`);
    assert.ok(Math.abs(first.late / first.n - 0.05) <= tolerance(first.n), `first second: ${first.late} late of ${first.n}`);
    // No event is received before it happens.
    assert.ok(rows.every((r) => r.processing_time >= r.event_time));
  });
}
