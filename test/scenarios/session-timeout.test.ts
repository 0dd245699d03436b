/**
 * The 30-minute rule: analytics tools (GA4, Adobe Analytics, most warehouses) end a session
 * after 30 minutes without an event. For every built-in scenario, a sessionizer written here
 * (independent of the engine and of `clickgen inspect`) runs over a large sample; its sessions
 * must be the answer key's (`--summary`) and inspect's, and no session may have a gap over 30
 * minutes. The vocabularies (shop-ga4, shop-segment, shop-snowplow) write shop's sessions
 * (test/scenarios/vocabularies.test.ts), so shop stands for them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { runInProcess } from '../helpers/cli-in-process.js';

const TIMEOUT_MS = 30 * 60_000;

/** Each built-in with its session id and event time fields, and a sample of some hundred thousand events. */
const SAMPLES: { name: string; session: string; time: string; type?: string; args: string[] }[] = [
  { name: 'shop', session: 'session_id', time: 'timestamp', args: ['--duration', '28d'] },
  { name: 'cart', session: 'session_id', time: 'event_time', args: ['-n', '300000'] },
  { name: 'travel', session: 'session_id', time: 'timestamp', args: ['-n', '300000'] },
  { name: 'gift-shop', session: 'session_id', time: '__time', args: ['-n', '300000'] },
  { name: 'ecommerce', session: 'session_id', time: 'timestamp', type: 'interaction_type', args: ['-n', '300000'] },
  // Profiles: one event a session and no session id; each of the 100,000 users once.
  { name: 'ecommerce-users', session: 'user_id', time: 'timestamp', type: 'user_segment', args: ['-n', '100000'] },
  { name: 'user-behavior', session: 'session_id', time: 'timestamp', args: ['-n', '300000'] },
];

/** A dotted field of a parsed record (`session.session_id` reads nested objects). */
function read(record: Record<string, unknown>, path: string): unknown {
  let value: unknown = record;
  for (const key of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[key];
  return value;
}

/** Epoch ms of a written time: ISO with or without a zone (no zone is UTC), or epoch ms. */
function epochMs(value: unknown): number {
  if (typeof value === 'number') return value;
  const text = String(value);
  return Date.parse(/[Zz]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
}

/**
 * The standard sessionizer: events grouped by session id, ordered by event time; a gap over
 * the timeout starts a new session. Returns the sessions and the longest gap inside one.
 */
function sessionize(lines: readonly string[], sessionField: string, timeField: string): { sessions: number; longestGapMs: number; ids: number } {
  const timesById = new Map<string, number[]>();
  for (const line of lines) {
    const record = JSON.parse(line) as Record<string, unknown>;
    const id = read(record, sessionField);
    assert.equal(typeof id, 'string', `${sessionField} of ${line.slice(0, 120)}`);
    const time = epochMs(read(record, timeField));
    assert.ok(Number.isFinite(time), `${timeField} of ${line.slice(0, 120)}`);
    let times = timesById.get(id as string);
    if (times === undefined) timesById.set(id as string, (times = []));
    times.push(time);
  }
  let sessions = 0;
  let longestGapMs = 0;
  for (const times of timesById.values()) {
    times.sort((a, b) => a - b);
    sessions++;
    for (let i = 1; i < times.length; i++) {
      const gap = times[i] - times[i - 1];
      if (gap > TIMEOUT_MS) sessions++;
      else longestGapMs = Math.max(longestGapMs, gap);
    }
  }
  return { sessions, longestGapMs, ids: timesById.size };
}

for (const sample of SAMPLES) {
  test(`${sample.name}: no session has a gap over 30 minutes; a 30-minute sessionizer, the answer key and inspect count the same sessions`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'clickgen-timeout-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const out = join(dir, 'events.ndjson');
    const summaryFile = join(dir, 'summary.json');
    const generated = await runInProcess(['generate', '-s', sample.name, '--start', '2024-03-04', '-q', ...sample.args, '-o', out, '--summary', summaryFile]);
    assert.equal(generated.code, 0, generated.stderr);
    const lines = readFileSync(out, 'utf8').split('\n').filter((line) => line !== '');
    assert.ok(lines.length >= 50_000, `${lines.length} events are too few`);

    const sessionizer = sessionize(lines, sample.session, sample.time);
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as { sessions: number };
    // Without a gap over the timeout, every session id is one session of the sessionizer.
    assert.equal(sessionizer.sessions, sessionizer.ids, `${sessionizer.sessions - sessionizer.ids} sessions have a gap over 30 minutes`);
    assert.ok(sessionizer.longestGapMs <= TIMEOUT_MS);
    assert.equal(summary.sessions, sessionizer.sessions, 'the answer key counts the sessionizer’s sessions');

    const types = sample.type === undefined ? [] : ['--type-field', sample.type];
    const inspected = await runInProcess(['inspect', out, '--json', '--session-field', sample.session, '--time-field', sample.time, ...types]);
    assert.equal(inspected.code, 0, inspected.stderr);
    const report = JSON.parse(inspected.stdout) as { sessions: { count: number } };
    assert.equal(report.sessions.count, sessionizer.sessions, 'inspect counts the sessionizer’s sessions');
  });
}
