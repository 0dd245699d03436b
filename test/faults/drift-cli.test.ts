/**
 * Schema drift from the command line: records before the drift time have the scenario's
 * shape and records from it on the drifted one, decided by event time (also with late
 * delivery, where older shapes still arrive after the first drifted record); the answer
 * key says where each shape first appears; same seed, same bytes; shards add up to the
 * whole run; and bad input is one line naming the path, exit 2, nothing written.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clickgen, REPO, START, stderrLines, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/cli-in-process.js';
import { badGenerateTests, type BadGenerate } from '../helpers/bad-generate.js';
import type { RunSummary } from '../../src/pipeline/run-summary.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const GIFT_SHOP = ['__time', 'user_id', 'event_type', 'client_ip', 'client_device', 'client_lang', 'client_country', 'referrer', 'keyword', 'product', 'session_id'];
const BASE = ['generate', '-s', 'gift-shop', '--seed', '7', '--start', START, '--duration', '6m', '-q'];

type Row = Record<string, unknown>;

/** gift-shop writes `__time` as UTC without a zone. */
function timeOf(row: Row): number {
  return Date.parse(`${row.__time as string}Z`);
}

function rows(text: string): Row[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Row);
}

async function generate(t: TestContext, args: readonly string[]): Promise<{ rows: Row[]; stdout: string; key: RunSummary }> {
  const summary = join(tempDir(t), 'key.json');
  const result = await runInProcess([...BASE, ...args, '--summary', summary]);
  assert.equal(result.code, 0, result.stderr);
  return { rows: rows(result.stdout), stdout: result.stdout, key: JSON.parse(readFileSync(summary, 'utf8')) as RunSummary };
}

/** The event time of the record at `index` of the run without drift: a drift time some record has to the millisecond. */
async function timeOfRecord(index: number, extra: readonly string[] = []): Promise<number> {
  const plain = await runInProcess([...BASE, ...extra]);
  return timeOf(rows(plain.stdout)[index]);
}

const DRIFTED = ['__time', 'user_id', 'event_type', 'client_ip', 'client_device', 'client_lang', 'client_country', 'referrer', 'item', 'session_id', 'schema_version'];

function driftSet(at: string): string {
  return `faults.drift=[{at: "${at}", change: rename, field: product, to: item}, {at: "${at}", change: remove, field: keyword}, {at: "${at}", change: add, field: schema_version, value: 2}, {at: "${at}", change: type, field: user_id, to: string}]`;
}

/** Checks every record has the shape of its event time, and the key's first position, count and late older records. */
function checkShapes(out: Row[], at: number, key: RunSummary): void {
  let first: number | null = null;
  let drifted = 0;
  let olderAfter = 0;
  out.forEach((row, position) => {
    if (timeOf(row) >= at) {
      assert.deepEqual(Object.keys(row), DRIFTED, `record ${position} at ${row.__time as string} has the drifted shape`);
      assert.equal(typeof row.user_id, 'string');
      assert.equal(row.schema_version, 2);
      first ??= position;
      drifted++;
    } else {
      assert.deepEqual(Object.keys(row), GIFT_SHOP, `record ${position} at ${row.__time as string} has the scenario's shape`);
      assert.equal(typeof row.user_id, 'number');
      if (first !== null) olderAfter++;
    }
  });
  assert.ok(drifted > 100 && drifted < out.length - 100, `${drifted} of ${out.length} records drifted: both shapes are there`);
  assert.equal(key.drift?.length, 1);
  const entry = key.drift[0];
  assert.equal(entry.at, new Date(at).toISOString());
  assert.equal(entry.first_position, first);
  assert.equal(entry.records, drifted);
  assert.equal(entry.older_after_first, olderAfter);
  assert.equal(entry.changes.length, 4);
}

test('NDJSON: records from the drift time on have the drifted shape, exactly at the event-time boundary', async (t) => {
  const at = await timeOfRecord(700);
  const { rows: out, key } = await generate(t, ['--set', driftSet(new Date(at).toISOString())]);
  // The record the drift time was taken from is the first drifted one, the one before it is not.
  assert.equal(timeOf(out[700]), at);
  assert.deepEqual(Object.keys(out[700]), DRIFTED);
  assert.deepEqual(Object.keys(out[699]), GIFT_SHOP);
  checkShapes(out, at, key);
  // A plain value kept its value under the new type and name.
  const plain = rows((await runInProcess(BASE)).stdout);
  assert.equal(out[700].user_id, String(plain[700].user_id as number));
  assert.equal(out[700].item, plain[700].product);
  assert.equal(out[699].product, plain[699].product);
});

test('NDJSON with late delivery: drift goes by event time, so late records of the old shape come after the first drifted one', async (t) => {
  const late = ['--late', '20%:10s-90s'];
  const { rows: out, key } = await generate(t, [...late, '--set', driftSet('+3m')]);
  const at = Date.parse(START) + 3 * 60_000;
  checkShapes(out, at, key);
  assert.ok(key.drift![0].older_after_first > 10, `${key.drift![0].older_after_first} late records of the old shape after the first drifted one`);
});

test('drift: the same seed writes the same bytes, and shards hold the single run\'s records', async (t) => {
  const args = ['--late', '5%:10s-60s', '--set', driftSet('+2m')];
  const a = await generate(t, args);
  const b = await generate(t, args);
  assert.equal(a.stdout, b.stdout);
  const shards: string[] = [];
  const keys: string[] = [];
  const dir = tempDir(t);
  for (let k = 0; k < 3; k++) {
    keys.push(join(dir, `key-${k}.json`));
    const part = await runInProcess([...BASE, ...args, '--shard', `${k}/3`, '--summary', keys[k]]);
    assert.equal(part.code, 0, part.stderr);
    shards.push(...part.stdout.split('\n').filter((line) => line !== ''));
  }
  const whole = a.stdout.split('\n').filter((line) => line !== '');
  assert.deepEqual(shards.sort(), whole.sort());
  // The merged key lists each shard's drifted version with its shard; their records add up to the run's.
  const merged = await runInProcess(['summary', 'merge', ...keys]);
  assert.equal(merged.code, 0, merged.stderr);
  const drift = (JSON.parse(merged.stdout) as { drift: { shard: number; records: number; at: string }[] }).drift;
  assert.deepEqual(drift.map((entry) => entry.shard), [0, 1, 2]);
  assert.equal(drift.reduce((n, entry) => n + entry.records, 0), a.key.drift![0].records);
  // Both keys are valid against the JSON Schema that docs/answer-key.md publishes.
  const schemaText = /```json\n([\s\S]*?)\n```/.exec(readFileSync(join(REPO, 'docs', 'answer-key.md'), 'utf8'))![1];
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const valid = ajv.compile(JSON.parse(schemaText) as object);
  for (const key of [a.key, JSON.parse(merged.stdout) as unknown]) assert.ok(valid(key), JSON.stringify(valid.errors));
});

test('a line template names fields of every shape: a field a shape lacks is written empty', async (t) => {
  const dir = tempDir(t);
  const template = join(dir, 'line.txt');
  writeFileSync(template, '{__time}|{product}|{item}|{schema_version}\n');
  const at = Date.parse(START) + 2 * 60_000;
  const result = await runInProcess([...BASE, '-f', template, '--set', driftSet('+2m')]);
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.split('\n').filter((line) => line !== '');
  assert.ok(lines.length > 200);
  for (const line of lines) {
    const [time, product, item, version] = line.split('|');
    if (Date.parse(`${time}Z`) >= at) {
      assert.equal(product, '', line);
      assert.equal(version, '2', line);
    } else {
      assert.equal(item, '', line);
      assert.equal(version, '', line);
    }
  }
  assert.ok(lines.some((line) => line.split('|')[2] !== ''), 'some drifted records name a product');
});

test('schema --records --at: each record validates against the schema in force at its event time, and the other shape does not', async (t) => {
  const dir = tempDir(t);
  const scenario = join(dir, 'drifting.yaml');
  writeFileSync(scenario, 'extends: gift-shop\nfaults:\n  drift:\n    - { at: +2m, change: rename, field: product, to: item }\n    - { at: +4m, change: type, field: user_id, to: string }\n');
  const schemaAt = async (at: string[]): Promise<object> => {
    const result = await runInProcess(['schema', '--records', '-s', scenario, ...at]);
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as object;
  };
  const ajv = new Ajv2020({ strict: false });
  addFormats.default(ajv);
  const validators = [await schemaAt([]), await schemaAt(['--at', '+2m']), await schemaAt(['--at', '2024-01-01T00:04:00Z', '--start', START])].map((schema) => ajv.compile(schema));
  assert.deepEqual(await schemaAt(['--at', '+1m']), await schemaAt([]), 'before the first drift: the scenario\'s own');
  const result = await runInProcess(['generate', '-s', scenario, '--seed', '3', '--start', START, '--duration', '6m', '--late', '5%:10s-60s', '-q']);
  assert.equal(result.code, 0, result.stderr);
  const seen = [0, 0, 0];
  for (const row of rows(result.stdout)) {
    const version = Math.min(2, Math.floor((timeOf(row) - Date.parse(START)) / 120_000));
    seen[version]++;
    validators.forEach((validate, v) => assert.equal(validate(row), v === version, `version ${v} of ${JSON.stringify(row)}`));
  }
  assert.ok(seen.every((n) => n > 100), `records per version: ${seen.join(', ')}`);
});

const KINDS = `name: kinds
arrivals: { rate: 20 }
states:
  view:
    next: { view: 0.7 }
fields:
  t: { time: iso }
  sent: { time: epoch-ms }
  page.url: { choice: [/a, /b, /c] }
  page.title: { choice: [Home, Shop] }
  user.id: { number: { type: uniform, min: 1, max: 1000 }, decimals: 0 }
  price: { number: { type: uniform, min: 1, max: 100 }, decimals: 2 }
  flag: { choice: [true, false] }
`;

test('every kind of change, nested fields too: each drifted value is the scenario\'s value changed as documented', async (t) => {
  const dir = tempDir(t);
  const scenario = join(dir, 'kinds.yaml');
  writeFileSync(scenario, KINDS);
  const changes = [
    '{at: "+1m", change: rename, field: page.title, to: page.name}',
    '{at: "+1m", change: add, field: page.version, value: 3}',
    '{at: "+1m", change: remove, field: user.id}',
    '{at: "+1m", change: type, field: price, to: int}',
    '{at: "+1m", change: type, field: flag, to: string}',
    '{at: "+1m", change: type, field: sent, to: string}',
    '{at: "+1m", change: add, field: meta, value: {tags: [a, b]}}',
    '{at: "+2m", change: type, field: price, to: string}',
  ];
  const args = ['generate', '-s', scenario, '--seed', '11', '--start', START, '--duration', '3m', '-q'];
  const plain = await runInProcess(args);
  const drifted = await runInProcess([...args, '--set', `faults.drift=[${changes.join(', ')}]`]);
  assert.equal(drifted.code, 0, drifted.stderr);
  const before = rows(plain.stdout);
  const after = rows(drifted.stdout);
  assert.equal(after.length, before.length);
  const start = Date.parse(START);
  const seen = [0, 0, 0];
  after.forEach((row, i) => {
    const was = before[i] as { t: string; sent: number; page: { url: string; title: string }; user: { id: number }; price: number; flag: boolean };
    const version = Math.min(2, Math.floor((Date.parse(was.t) - start) / 60_000));
    seen[version]++;
    const price = version === 0 ? was.price : version === 1 ? Math.round(was.price) : String(Math.round(was.price));
    const expected = version === 0 ? was : { t: was.t, sent: String(was.sent), page: { url: was.page.url, name: was.page.title, version: 3 }, price, flag: String(was.flag), meta: { tags: ['a', 'b'] } };
    assert.deepEqual(row, expected, `record ${i}`);
    // Key order too: a rename keeps its place, an added field comes last in its object.
    assert.equal(JSON.stringify(row), JSON.stringify(expected));
  });
  assert.ok(seen.every((n) => n > 100), `records per version: ${seen.join(', ')}`);
});

test('schema --records --as protobuf --at: a drifted message keeps its fields\' numbers, gives an added field the next and reserves a removed one', async (t) => {
  const dir = tempDir(t);
  const scenario = join(dir, 'kinds.yaml');
  writeFileSync(scenario, KINDS);
  const drift = 'faults.drift=[{at: "+1m", change: rename, field: page.title, to: page.name}, {at: "+1m", change: remove, field: user.id}, {at: "+1m", change: add, field: page.v, value: 1}, {at: "+1m", change: add, field: extra, value: x}]';
  const result = await runInProcess(['schema', '--records', '-s', scenario, '--as', 'protobuf', '--at', '+1m', '--set', drift]);
  assert.equal(result.code, 0, result.stderr);
  const body = result.stdout.slice(result.stdout.indexOf('message Kinds {'));
  assert.equal(
    body,
    `message Kinds {
  int64 t = 1; // epoch milliseconds
  int64 sent = 2; // epoch milliseconds
  message Page {
    string url = 1;
    string name = 2;
    int64 v = 3;
  }
  Page page = 3;
  double price = 5;
  bool flag = 6;
  string extra = 7;
  reserved 4;
}
`,
  );
});

const SET = (drift: string): string[] => ['--set', `faults.drift=[${drift}]`];
const BAD_INPUT: Record<string, BadGenerate> = {
  'a drift naming an unknown field suggests the nearest': {
    args: SET('{at: "+2m", change: rename, field: prodct, to: item}'),
    error: `clickgen: scenarios/gift-shop.yaml (--set faults.drift=[{at: "+2m", change: rename, field: prodct, to: item}]): faults.drift[0].field: no field "prodct" in the records at this point (did you mean "product"?); fields are ${GIFT_SHOP.join(', ')}`,
  },
  'a drift naming a field an earlier drift removed': {
    files: { 's.yaml': 'extends: gift-shop\nfaults:\n  drift:\n    - { at: +1m, change: remove, field: keyword }\n    - { at: +2m, change: rename, field: keyword, to: terms }\n' },
    args: ['-s', 's.yaml'],
    error: /^clickgen: s\.yaml:5:\d+: faults\.drift\[1\]\.field: no field "keyword" in the records at this point; fields are /,
  },
  'an unknown change kind': {
    files: { 's.yaml': 'extends: gift-shop\nfaults:\n  drift:\n    - { at: +1m, change: morph, field: keyword }\n' },
    args: ['-s', 's.yaml'],
    error: 'clickgen: s.yaml:4:26: faults.drift[0].change: change must be one of add, rename, remove, type',
  },
  'a type change to an unsupported type': {
    args: SET('{at: "+2m", change: type, field: user_id, to: date}'),
    error: 'clickgen: scenarios/gift-shop.yaml (--set faults.drift=[{at: "+2m", change: type, field: user_id, to: date}]): faults.drift[0].to: must be one of "string", "int", "decimal"',
  },
  'a type change the field\'s type cannot make': {
    args: SET('{at: "+2m", change: type, field: product, to: int}'),
    error: 'clickgen: scenarios/gift-shop.yaml: faults.drift[0].to: product is a string, which drift cannot turn into an int; it cannot change type',
  },
  'a drift time after the run': {
    args: SET('{at: "+7m", change: remove, field: product}'),
    error: 'clickgen: scenarios/gift-shop.yaml: faults.drift[0].at: +7m (2024-01-01T00:07:00.000Z) is outside the run: the run is 2024-01-01T00:00:00.000Z to 2024-01-01T00:06:00.000Z; a drift time is after the start and before the end',
  },
  'a drift time before the run': {
    args: SET('{at: "2023-12-31T23:00:00Z", change: remove, field: product}'),
    error: 'clickgen: scenarios/gift-shop.yaml: faults.drift[0].at: 2023-12-31T23:00:00Z (2023-12-31T23:00:00.000Z) is outside the run: the run is 2024-01-01T00:00:00.000Z to 2024-01-01T00:06:00.000Z; a drift time is after the start and before the end',
  },
  'a drift time that is no time': {
    args: SET('{at: "soon", change: remove, field: product}'),
    error: `clickgen: scenarios/gift-shop.yaml (--set faults.drift=[{at: "soon", change: remove, field: product}]): faults.drift[0].at: soon: not a drift time; give an ISO 8601 event time (2024-01-01T00:10:00Z) or +DURATION after the run's start (+10m, +PT1H)`,
  },
  'drifts out of time order': {
    args: SET('{at: "+3m", change: remove, field: product}, {at: "+2m", change: remove, field: keyword}'),
    error: 'clickgen: scenarios/gift-shop.yaml: faults.drift[1].at: +2m is before the drift above it (2024-01-01T00:03:00.000Z); list drifts in time order',
  },
  'a rename to an existing field': {
    args: SET('{at: "+2m", change: rename, field: product, to: keyword}'),
    error: 'clickgen: scenarios/gift-shop.yaml (--set faults.drift=[{at: "+2m", change: rename, field: product, to: keyword}]): faults.drift[0].to: "keyword" is already a field; rename to a free name',
  },
  'an added field that exists': {
    args: SET('{at: "+2m", change: add, field: keyword, value: 1}'),
    error: 'clickgen: scenarios/gift-shop.yaml (--set faults.drift=[{at: "+2m", change: add, field: keyword, value: 1}]): faults.drift[0].field: "keyword" is already a field; an added field needs a free name',
  },
  'drift with CSV': {
    args: [...SET('{at: "+2m", change: remove, field: product}'), '--format', 'csv'],
    error: 'clickgen: --format csv with faults.drift: a CSV file has one header row, and with late delivery records of both shapes interleave; drift works with NDJSON, line templates (-f) and Kafka with a schema registry (format=avro|protobuf|json-schema)',
  },
  'drift with an Avro container file': {
    args: [...SET('{at: "+2m", change: remove, field: product}'), '--format', 'avro', '-o', 'out/events.avro'],
    error: 'clickgen: --format avro with faults.drift: an Avro container file holds one schema, and with late delivery records of both shapes interleave; drift works with NDJSON, line templates (-f) and Kafka with a schema registry (format=avro|protobuf|json-schema)',
  },
  'drift with Parquet': {
    args: [...SET('{at: "+2m", change: remove, field: product}'), '--format', 'parquet', '-o', 'out/events.parquet'],
    error: 'clickgen: --format parquet with faults.drift: a Parquet file holds one schema, and with late delivery records of both shapes interleave; drift works with NDJSON, line templates (-f) and Kafka with a schema registry (format=avro|protobuf|json-schema)',
  },
};

badGenerateTests(['-s', 'gift-shop', '--start', START, '--duration', '6m'], BAD_INPUT);

test('bad input: serve with a drifting scenario says drift is written by generate, exit 2', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'drifting.yaml'), 'extends: gift-shop\nfaults:\n  drift:\n    - { at: +1m, change: remove, field: keyword }\n');
  const result = await clickgen(['serve', '-s', 'drifting.yaml', '--port', '0'], { cwd: dir });
  assert.equal(result.code, 2, result.stderr);
  assert.deepEqual(stderrLines(result), [
    "clickgen: --scenario drifting.yaml: faults.drift is written by generate (to files, stdout and Kafka); serve streams the scenario's own records, so leave faults.drift out",
  ]);
});
