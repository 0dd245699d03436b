/** The commands a newcomer reads before writing a scenario: scenarios show, describe, generate --sample. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinNames, parseScenarioText } from '../../src/scenario/load.js';
import { runClickgen } from '../helpers/cli-run.js';
import { REPO } from '../helpers/cli.js';

test('scenarios show NAME prints the built-in file itself, which validates as a copy', async () => {
  for (const name of builtinNames()) {
    const result = await runClickgen(['scenarios', 'show', name]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, readFileSync(join(REPO, 'scenarios', `${name}.yaml`), 'utf8'));
  }
  const copy = (await runClickgen(['scenarios', 'show', 'gift-shop'])).stdout;
  assert.deepEqual(parseScenarioText(copy, 'my-shop.yaml').warnings, []);
});

test('scenarios show with an unknown name: one line with a suggestion and the names, exit 2', async () => {
  const result = await runClickgen(['scenarios', 'show', 'gift-shp']);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, `clickgen: scenarios show gift-shp: unknown scenario (did you mean "gift-shop"?); built-in scenarios are ${builtinNames().join(', ')}\n`);
});

test('describe -s NAME lists every output field with its type, an example, and when it is null or absent', async () => {
  const result = await runClickgen(['describe', '-s', 'shop']);
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  assert.match(lines[0], /^scenarios\/shop\.yaml: 20 fields, measured on 20,000 events \(seed 42\)$/);
  const row = (field: string): string => lines.find((line) => line.startsWith(`${field} `)) ?? '';
  assert.match(row('event_type'), /^event_type +string +"[a-z_]+" +always set$/);
  assert.match(row('price'), /^price +number +[\d.]+ +only on add_to_cart, product_view, remove_from_cart$/);
  assert.match(row('order_id'), /^order_id +string +"ORD-[0-9a-f-]+(\.\.\.)?"? +only on purchase$/);
  assert.match(row('referrer'), /^referrer +string +"https:[^"]+" +null in \d+\.\d%$/);
  // Every column of the CSV output is described, in the same order.
  const csv = await runClickgen(['generate', '-s', 'shop', '-n', '1', '--format', 'csv', '-q']);
  assert.deepEqual(lines.slice(2).map((line) => line.split(' ')[0]), csv.stdout.split('\n')[0].split(','));
});

test('generate --sample N prints the same first N events as the NDJSON of that run, indented', async () => {
  const run = ['generate', '-s', 'travel', '--seed', '5', '--start', '2024-02-01'];
  const sample = await runClickgen([...run, '--sample', '3']);
  const ndjson = await runClickgen([...run, '-n', '3', '-q']);
  assert.equal(sample.code, 0, sample.stderr);
  assert.match(sample.stdout, /^\{\n {2}"/);
  const events = sample.stdout.trimEnd().split(/\n(?=\{)/).map((text) => JSON.parse(text) as unknown);
  assert.deepEqual(events, ndjson.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown));
});

test('--sample with an output choice or a count is bad input, naming both flags', async () => {
  for (const [flag, ...value] of [['-o', 'x.ndjson'], ['-n', '5'], ['--format', 'csv'], ['--realtime']]) {
    const result = await runClickgen(['generate', '--sample', '2', flag, ...value]);
    assert.equal(result.code, 2, flag);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, new RegExp(`^clickgen: --sample and ${flag}: --sample prints a few indented events on stdout; leave out ${flag}, or --sample for a run\\n$`));
  }
  const zero = await runClickgen(['generate', '--sample', '0']);
  assert.equal(zero.code, 2);
  assert.match(zero.stderr, /^clickgen: --sample 0: /);
});

test('a mistyped scenario name gets a suggestion; validate names its own argument, not --scenario', async () => {
  const typo = await runClickgen(['generate', '-s', 'gift-shp', '-n', '1']);
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /^clickgen: --scenario gift-shp: unknown scenario \(did you mean "gift-shop"\?\); built-in scenarios are /);
  const missing = await runClickgen(['validate', 'nosuch.yaml']);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, 'clickgen: nosuch.yaml: no such file\n');
});

test('the line template of generate --help (examples/line-format.txt) runs from the clone root on the default scenario, one line per event', async () => {
  const help = await runClickgen(['generate', '--help']);
  assert.match(help.stdout, /\$ clickgen generate -f examples\/line-format\.txt -n 10/);
  const result = await runClickgen(['generate', '-f', join(REPO, 'examples', 'line-format.txt'), '-n', '10', '--seed', '1', '--start', '2024-01-01', '-q']);
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 10);
  for (const line of lines) assert.match(line, /^\d{4}-\d\d-\d\dT[\d:.]+Z [a-z_]+ user=\S+ session=[0-9a-f-]{36} page=\S+ product=\S* price=[\d.]*$/);
});
