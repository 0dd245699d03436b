/**
 * Byte-exact output of every text format, from the real CLI, for a scenario built to hold
 * every value that needs quoting or escaping (test/fixtures/encoders.yaml). The fixtures
 * were written by the commands below and checked by eye; when an output format changes
 * on purpose, rewrite them the same way and review the diff:
 *
 *   G="node bin/clickgen.js generate -s test/fixtures/encoders.yaml -n 16 --start 2024-01-01T00:00:00Z -q"
 *   D=test/fixtures/encoders
 *   $G > $D/events.ndjson; $G --format csv > $D/events.csv; $G --format csv --no-header > $D/events-no-header.csv
 *   $G --format tsv > $D/events.tsv; $G -f $D/line-format.txt > $D/events.txt
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clickgen, REPO, START } from '../helpers/cli.js';
import { parseCsv, parseTsv } from '../helpers/csv.js';

const FIXTURES = join(REPO, 'test', 'fixtures', 'encoders');
const SCENARIO = join(REPO, 'test', 'fixtures', 'encoders.yaml');

function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

async function generate(args: string[]): Promise<Buffer> {
  const result = await clickgen(['generate', '-s', SCENARIO, '-n', '16', '--start', START, '-q', ...args]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, '');
  return result.stdoutBytes;
}

const formats: [string, string[]][] = [
  ['events.ndjson', []],
  ['events.csv', ['--format', 'csv']],
  ['events-no-header.csv', ['--format', 'csv', '--no-header']],
  ['events.tsv', ['--format', 'tsv']],
  ['events.txt', ['-f', join(FIXTURES, 'line-format.txt')]],
];

describe('output formats match their fixtures byte for byte', { concurrency: 2 }, () => {
  for (const [name, args] of formats) {
    test(name, async () => {
      const bytes = await generate(args);
      assert.ok(bytes.equals(fixture(name)), `output differs from test/fixtures/encoders/${name}:\n${bytes.toString('utf8')}`);
    });
  }
});

/** The NDJSON fixture's events: the reference the other formats are read against. */
const events = fixture('events.ndjson')
  .toString('utf8')
  .trimEnd()
  .split('\n')
  .map((line) => JSON.parse(line) as Record<string, unknown>);
const HEADER = ['time', 'epoch', 'session', 'type', 'page.url', 'text', 'amount', 'page.title', 'flag', 'nothing', 'maybe', 'tags', 'geo.city.name', 'geo.zip'];

/** A dotted field's value in a nested event. */
function valueAt(event: Record<string, unknown>, dotted: string): unknown {
  let node: unknown = event;
  for (const key of dotted.split('.')) node = node === undefined ? undefined : (node as Record<string, unknown>)[key];
  return node;
}

/** A cell as the delimited formats write a value: empty for null or absent, JSON for lists and objects. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

test('the fixtures hold every hard case', () => {
  assert.equal(events.length, 16);
  const texts = new Set(events.map((e) => e.text));
  for (const hard of ['comma, inside', 'quote " inside', 'new\nline', 'tab\there', 'back\\slash \\t not a tab', 'unicode é ✓ 😀', 'cr\rhere', '"all", of "\\n" them']) {
    assert.ok(texts.has(hard), JSON.stringify(hard));
  }
  assert.ok(events.some((e) => !('maybe' in e)), 'an absent field');
  assert.ok(events.some((e) => typeof e.amount === 'number' && e.amount < 0 && !Number.isInteger(e.amount)), 'a negative fraction');
});

test('dotted field names nest in JSON, each object where its first member is', () => {
  const first = events[0];
  assert.deepEqual(Object.keys(first), ['time', 'epoch', 'session', 'type', 'page', 'text', 'amount', 'flag', 'nothing', 'maybe', 'tags', 'geo']);
  assert.deepEqual(first.page, { url: 'https://shop.example/p/0?q=a,b', title: 'Title: "A, B"' });
  assert.deepEqual(first.geo, { city: { name: 'Zürich' }, zip: 8000 });
  // A state's own fields replace the scenario's; omitted fields are left out.
  const purchase = events.find((e) => e.type === 'purchase')!;
  assert.equal(purchase.amount, -12.5);
  assert.ok(!('tags' in purchase));
});

test('CSV reads back (RFC 4180) to the same values as the NDJSON', () => {
  const rows = parseCsv(fixture('events.csv').toString('utf8'));
  assert.deepEqual(rows[0], HEADER);
  assert.deepEqual(rows.slice(1), parseCsv(fixture('events-no-header.csv').toString('utf8')));
  assert.equal(rows.length, events.length + 1);
  events.forEach((event, i) => {
    assert.deepEqual(
      rows[i + 1],
      HEADER.map((name) => cellText(valueAt(event, name))),
    );
  });
});

test('TSV reads back (tab, newline, carriage return and backslash escaped) to the same values', () => {
  const rows = parseTsv(fixture('events.tsv').toString('utf8'));
  assert.deepEqual(rows[0], HEADER);
  events.forEach((event, i) => {
    assert.deepEqual(
      rows[i + 1],
      HEADER.map((name) => cellText(valueAt(event, name))),
    );
  });
});

test('the line template writes {field} values as text, \\t as a tab and {{ }} as braces', () => {
  const lines = fixture('events.txt').toString('utf8').trimEnd().split('\n');
  assert.equal(lines.length, events.length);
  events.forEach((e, i) => {
    const city = valueAt(e, 'geo.city.name') as string;
    const expected = `${cellText(e.time)}\t${cellText(e.type)}\tsession=${cellText(e.session)} {literal braces} url=${cellText(valueAt(e, 'page.url'))} city=${city} maybe=${cellText(e.maybe)} nothing= amount=${cellText(e.amount)} flag=${cellText(e.flag)}`;
    assert.equal(lines[i], expected);
  });
});
