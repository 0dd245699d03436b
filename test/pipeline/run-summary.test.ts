import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSummary } from '../../src/pipeline/run-summary.js';
import { clickgen, listTree, START, tempDir } from '../helpers/cli.js';

test('--summary: the answer key matches counts computed from the output itself', async (t) => {
  const dir = tempDir(t);
  const result = await clickgen(['generate', '-s', 'gift-shop', '--start', START, '--seed', '8', '--duration', '2h', '-o', 'events.ndjson', '--summary', 'summary.json'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as RunSummary;
  const events = readFileSync(join(dir, 'events.ndjson'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as { __time: string; event_type: string; session_id: string; user_id: number | null });

  assert.equal(summary.scenario, 'gift-shop');
  assert.equal(summary.seed, 8);
  assert.equal(summary.ended, 'complete');
  assert.equal(summary.events, events.length);
  assert.equal(summary.delivered, events.length);
  assert.equal(summary.failed, 0);
  assert.equal(summary.bytes, readFileSync(join(dir, 'events.ndjson')).length);

  const byType: Record<string, number> = {};
  for (const e of events) byType[e.event_type] = (byType[e.event_type] ?? 0) + 1;
  assert.deepEqual(summary.events_by_type, byType);
  assert.equal(Object.values(summary.events_by_type).reduce((a, b) => a + b, 0), summary.events);

  assert.equal(summary.sessions, new Set(events.map((e) => e.session_id)).size);
  assert.equal(summary.distinct_users, new Set(events.map((e) => e.user_id).filter((u) => u !== null)).size);

  // __time is written without a zone (iso-local, UTC); the summary's times are ISO with Z.
  const instants = events.map((e) => Date.parse(`${e.__time}Z`));
  assert.equal(summary.first_event_time, new Date(instants[0]).toISOString());
  assert.equal(summary.last_event_time, new Date(instants.at(-1)!).toISOString());

  const perMinute: Record<string, number> = {};
  for (const ms of instants) {
    const minute = new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
    perMinute[minute] = (perMinute[minute] ?? 0) + 1;
  }
  assert.deepEqual(summary.events_per_minute, perMinute);
  assert.deepEqual(Object.keys(summary.events_per_minute), Object.keys(perMinute).sort(), 'minutes in order');
  assert.equal(Object.keys(perMinute).length, 120);
  assert.equal(Object.values(summary.events_per_minute).reduce((a, b) => a + b, 0), summary.events);

  // The line on stderr tells the same story.
  assert.match(result.stderr, new RegExp(`^clickgen: ${summary.events.toLocaleString('en-US')} events, ${summary.sessions.toLocaleString('en-US')} sessions, ${summary.distinct_users.toLocaleString('en-US')} users to file events\\.ndjson in `));
});

test('--summary bytes: what reached the files, headers, trailers and encoded row groups included, for every file format', async (t) => {
  const outputs: Record<string, readonly string[]> = {
    csv: ['--format', 'csv', '-o', 'lake/dt={date}/part-{seq}.csv', '--roll', '700'],
    avro: ['--format', 'avro', '-o', 'events.avro'],
    'avro to stdout': ['--format', 'avro', '--avro-codec', 'null'],
    parquet: ['--format', 'parquet', '-o', 'events.parquet'],
    'rolled parquet': ['--format', 'parquet', '--row-group-size', '300', '-o', 'lake/dt={date}/part-{seq}.parquet', '--roll', '1000'],
    arrow: ['--format', 'arrow', '-o', 'events.arrows'],
    'arrow to stdout': ['--format', 'arrow'],
  };
  for (const [name, args] of Object.entries(outputs)) {
    const dir = tempDir(t);
    const result = await clickgen(['generate', '-s', 'gift-shop', '--start', START, '-n', '3000', '--summary', 'summary.json', ...args], { cwd: dir });
    assert.equal(result.code, 0, `${name}: ${result.stderr}`);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as RunSummary;
    const written = args.includes('-o') ? listTree(dir).filter((f) => f !== 'summary.json' && statSync(join(dir, f)).isFile()).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0) : result.stdoutBytes.length;
    assert.ok(written > 0, name);
    assert.equal(summary.bytes, written, `${name}: the summary's bytes are the output's size`);
  }
});
