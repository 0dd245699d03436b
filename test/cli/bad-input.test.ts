/**
 * Bad input to `clickgen generate`: one line on stderr that names the input, the place
 * and what is valid; exit code 2; nothing on stdout; and nothing half-written: every
 * case asks for file output, and afterwards the directory holds only what the test put
 * there (no output file, no temporary file, no directory created).
 */
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinNames } from '../../src/scenario/load.js';
import { clickgen, listTree, START, stderrLines, tempDir, type CliOptions } from '../helpers/cli.js';
import { FORMATS } from '../../src/encode/create-encoder.js';

const GIFT_SHOP_FIELDS = '__time, user_id, event_type, client_ip, client_device, client_lang, client_country, referrer, keyword, product, session_id';

interface Case {
  /** Files to create first, relative to the working directory (a trailing / makes a directory). */
  readonly files?: Readonly<Record<string, string>>;
  readonly args: readonly string[];
  /** The one line expected on stderr, exactly or as a pattern. */
  readonly error: string | RegExp;
  readonly options?: (dir: string) => CliOptions;
  readonly prepare?: (dir: string) => void;
}

/** Runs the case in a fresh directory and checks the contract of bad input. */
async function expectRejected(t: TestContext, c: Case): Promise<void> {
  const dir = tempDir(t);
  for (const [name, content] of Object.entries(c.files ?? {})) {
    if (name.endsWith('/')) mkdirSync(join(dir, name), { recursive: true });
    else writeFileSync(join(dir, name), content);
  }
  c.prepare?.(dir);
  const before = listTree(dir);
  const result = await clickgen(['generate', '-s', 'gift-shop', '--start', START, ...c.args], { cwd: dir, ...c.options?.(dir) });
  assert.equal(result.code, 2, `exit code; stderr: ${result.stderr}`);
  assert.equal(result.stdout, '', 'nothing on stdout');
  const lines = stderrLines(result);
  assert.equal(lines.length, 1, `one line on stderr, got:\n${result.stderr}`);
  if (typeof c.error === 'string') assert.equal(lines[0], c.error);
  else assert.match(lines[0], c.error);
  assert.deepEqual(listTree(dir), before, 'no output or temporary file is left behind');
}

const OUT = ['-o', 'out/events.ndjson'];

const SMALL_STATES = `states:
  a:
    next: { b: 0.5 }
  b: {}
fields:
  t: { time: iso }
`;

/** A small funnel that timeline and experiment cases add to. */
const SALE = 'name: sale\nstates:\n  view:\n    next: { cart: 0.5 }\n  cart:\n    next: { purchase: 0.6 }\n  purchase: {}\nfields:\n  t: { time: iso }\n';

const cases: Record<string, Case> = {
  'an unknown scenario name lists the built-ins': {
    args: ['-s', 'nope', ...OUT],
    error: `clickgen: --scenario nope: unknown scenario; built-in scenarios are ${builtinNames().join(', ')}, or give a .yaml/.json file`,
  },
  'a scenario file that does not exist': {
    args: ['-s', 'missing.yaml', ...OUT],
    error: 'clickgen: --scenario missing.yaml: no such file',
  },
  'a scenario that is not valid YAML, with line and column': {
    files: { 'broken.yaml': 'name: broken\nstates:\n  a: { next: { b: 1 }\nfields: {}\n' },
    args: ['-s', 'broken.yaml', ...OUT],
    error: /^clickgen: broken\.yaml:4:1: not valid YAML or JSON: \S/,
  },
  'a scenario that is not valid JSON, with line and column': {
    files: { 'broken.json': '{"name": "x",\n "states": {"a" {}}}\n' },
    args: ['-s', 'broken.json', ...OUT],
    error: 'clickgen: broken.json:2:17: not valid YAML or JSON: Missing , or : between flow map items',
  },
  'a scenario value that breaks the schema names its path': {
    files: { 'schema.yaml': `name: schema\narrivals:\n  rate: -1\n${SMALL_STATES}` },
    args: ['-s', 'schema.yaml', ...OUT],
    error: 'clickgen: schema.yaml:3:9: arrivals.rate: must be greater than 0',
  },
  'a value of the wrong type says what it got': {
    files: { 'type.yaml': 'name: type\nstates:\n  a:\n    dwell: { type: exponential, mean: abc }\nfields:\n  t: { time: iso }\n' },
    args: ['-s', 'type.yaml', ...OUT],
    error: 'clickgen: type.yaml:4:39: states.a.dwell.mean: must be number, got string "abc"',
  },
  "a --set of a param's misspelt name: the param suggested, the params listed": {
    args: ['-s', 'cart', '--set', 'NUM_USER=20', '-n', '1', '-o', 'out.ndjson'],
    error: /^clickgen: scenarios\/cart\.yaml \(--set NUM_USER=20\): \(top level\): unknown key "NUM_USER" \(did you mean "NUM_USERS"\?\); the scenario's params are [A-Z_, ]*\bNUM_USERS\b/,
  },
  'an unknown key in the scenario': {
    files: { 'key.yaml': `name: key\ncolour: red\n${SMALL_STATES}` },
    args: ['-s', 'key.yaml', ...OUT],
    error: 'clickgen: key.yaml:2:1: (top level): unknown key "colour"',
  },
  'a mistyped top-level key, at its own line, with a suggestion': {
    files: { 'typo.yaml': `name: typo\nfeilds:\n  x: 1\n${SMALL_STATES}` },
    args: ['-s', 'typo.yaml', ...OUT],
    error: 'clickgen: typo.yaml:2:1: (top level): unknown key "feilds" (did you mean "fields"?)',
  },
  'a mistyped key in a nested mapping, at its own line, with a suggestion from that mapping': {
    files: { 'nested.yaml': 'name: nested\narrivals:\n  rtae: 5\nstates:\n  a: {}\nfields:\n  t: { time: iso }\n' },
    args: ['-s', 'nested.yaml', ...OUT],
    error: 'clickgen: nested.yaml:3:3: arrivals: unknown key "rtae" (did you mean "rate"?)',
  },
  'a mistyped key of a state, with a suggestion': {
    files: { 'state-key.yaml': 'name: state-key\nstates:\n  a:\n    dwelll: { type: constant, value: 1 }\nfields:\n  t: { time: iso }\n' },
    args: ['-s', 'state-key.yaml', ...OUT],
    error: 'clickgen: state-key.yaml:4:5: states.a: unknown key "dwelll" (did you mean "dwell"?)',
  },
  'a pick weighted by a mistyped catalog column, at its line, with a suggestion': {
    files: {
      'column.yaml': 'name: column\ncatalogs:\n  cities:\n    rows:\n      - { city: Oslo, population: 700000 }\nstates:\n  a: {}\nfields:\n  t: { time: iso }\n  city: { pick: cities, weight: populaton }\n',
    },
    args: ['-s', 'column.yaml', ...OUT],
    error: 'clickgen: column.yaml:10:33: fields.city.weight: catalog cities has no column "populaton" (did you mean "population"?); columns are city, population',
  },
  'a reference to a mistyped column of a catalog row, at its line, with a suggestion': {
    files: {
      'ref-column.yaml': 'name: ref-column\ncatalogs:\n  cities:\n    rows:\n      - { city: Oslo, population: 700000 }\nsession:\n  vars:\n    geo: { pick: cities }\nstates:\n  a: {}\nfields:\n  t: { time: iso }\n  city: { ref: geo.ctiy }\n',
    },
    args: ['-s', 'ref-column.yaml', ...OUT],
    error: 'clickgen: ref-column.yaml:13:16: fields.city.ref: catalog cities has no column "ctiy" (did you mean "city"?); columns are city, population',
  },
  'a mistyped value source kind, at its key, with a suggestion': {
    files: { 'kind.yaml': 'name: kind\nstates:\n  a: {}\nfields:\n  t: { time: iso }\n  c: { choise: [a, b] }\n' },
    args: ['-s', 'kind.yaml', ...OUT],
    error: 'clickgen: kind.yaml:6:8: fields.c: unknown value source "choise" (did you mean "choice"?); use a literal, or a mapping with one of const, choice, number, ref, template, uuid, counter, ip, time, string, pick, match, one_of, object, list, array, hash, date, json, cart_items, absent',
  },
  'a mistyped catalog name in a pick, with a suggestion': {
    files: { 'pick.yaml': 'name: pick\ncatalogs:\n  cities:\n    rows:\n      - { city: Oslo }\nstates:\n  a: {}\nfields:\n  t: { time: iso }\n  c: { pick: citis }\n' },
    args: ['-s', 'pick.yaml', ...OUT],
    error: 'clickgen: pick.yaml:10:14: fields.c.pick: unknown catalog "citis" (did you mean "cities"?); catalogs are cities',
  },
  'a mistyped built-in reference, with a suggestion': {
    files: { 'ref.yaml': 'name: ref\nstates:\n  a: {}\nfields:\n  t: { time: iso }\n  c: { ref: sesion.id }\n' },
    args: ['-s', 'ref.yaml', ...OUT],
    error:
      'clickgen: ref.yaml:6:13: fields.c.ref: unknown reference "sesion.id" (did you mean "session.id"?); use a variable (none defined), a catalog column of one (product.price), or user.id, user.segment, session.id, session.start, event.type, event.time, event.index, event.processing_time, cart.size, cart.sum.COLUMN',
  },
  'a mistyped distribution type in a dwell, with a suggestion': {
    files: { 'dwell-type.yaml': 'name: dwell-type\nstates:\n  a: { dwell: { type: unifrom, min: 1, max: 5 } }\nfields:\n  t: { time: iso }\n' },
    args: ['-s', 'dwell-type.yaml', ...OUT],
    error: 'clickgen: dwell-type.yaml:3:23: states.a.dwell.type: must be one of constant, uniform, normal, lognormal, exponential, weibull, pareto, zipf (did you mean "uniform"?)',
  },
  'a mistyped key in a dwell distribution says what a dwell may be, with a suggestion': {
    files: { 'dwell-key.yaml': 'name: dwell-key\nstates:\n  a: { dwell: { type: uniform, min: 1, maxx: 5 } }\nfields:\n  t: { time: iso }\n' },
    args: ['-s', 'dwell-key.yaml', ...OUT],
    error:
      'clickgen: dwell-key.yaml:3:15: states.a.dwell: unknown key "maxx" for type uniform (did you mean "max"?); uniform takes min, max',
  },
  'an abbreviated distribution type, with the one type it begins': {
    files: { 'dwell-abbr.yaml': 'name: dwell-abbr\nstates:\n  a: { dwell: { type: expo, mean: 5 } }\nfields:\n  t: { time: iso }\n' },
    args: ['-s', 'dwell-abbr.yaml', ...OUT],
    error: 'clickgen: dwell-abbr.yaml:3:23: states.a.dwell.type: must be one of constant, uniform, normal, lognormal, exponential, weibull, pareto, zipf (did you mean "exponential"?)',
  },
  "a parameter of another distribution names the type's own": {
    files: { 'dwell-mu.yaml': 'name: dwell-mu\nstates:\n  a: { dwell: { type: exponential, mu: 5 } }\nfields:\n  t: { time: iso }\n' },
    args: ['-s', 'dwell-mu.yaml', ...OUT],
    error: 'clickgen: dwell-mu.yaml:3:15: states.a.dwell: unknown key "mu" for type exponential; exponential takes mean',
  },
  'a mistyped initial state, with a suggestion': {
    files: { 'initial.yaml': 'name: initial\ninitial: aa\n' + SMALL_STATES },
    args: ['-s', 'initial.yaml', ...OUT],
    error: 'clickgen: initial.yaml:2:10: initial: unknown state "aa" (did you mean "a"?); states are a, b',
  },
  'an hourly curve of the wrong length says how long it must be': {
    files: { 'hours.yaml': 'name: hours\narrivals: { hourly: [1, 2] }\n' + SMALL_STATES },
    args: ['-s', 'hours.yaml', ...OUT],
    error: 'clickgen: hours.yaml:2:21: arrivals.hourly: must have exactly 24 items, got 2',
  },
  'a scenario without a name says what the name must be': {
    files: { 'nameless.yaml': SMALL_STATES },
    args: ['-s', 'nameless.yaml', ...OUT],
    error: 'clickgen: nameless.yaml:1:1: name: is required (text)',
  },
  'a ${PARAM} unquoted inside { }: the syntax error says to quote it': {
    files: { 'param.yaml': "name: param\nparams: { P: 0.5 }\nstates:\n  a: { next: { b: ${P} } }\n  b: {}\nfields:\n  t: { time: iso }\n" },
    args: ['-s', 'param.yaml', ...OUT],
    error: "clickgen: param.yaml:4:20: not valid YAML or JSON: Unexpected flow-map-start at node end; a ${PARAM} inside { } or [ ] needs quotes: '${PARAM}'",
  },
  'transition probabilities over 1': {
    files: { 'probs.yaml': 'name: probs\nstates:\n  a:\n    next: { b: 0.6, c: 0.55 }\n  b: {}\n  c: {}\nfields:\n  t: { time: iso }\n' },
    args: ['-s', 'probs.yaml', ...OUT],
    error: 'clickgen: probs.yaml:4:11: states.a.next: probabilities sum to 1.15; they must sum to at most 1 (the rest ends the session), or give relative weights as next_weights',
  },
  'a transition to an unknown state': {
    files: { 'target.yaml': 'name: target\nstates:\n  a:\n    next: { zz: 0.5 }\n  b: {}\nfields:\n  t: { time: iso }\n' },
    args: ['-s', 'target.yaml', ...OUT],
    error: 'clickgen: target.yaml:4:17: states.a.next.zz: transition to unknown state "zz"; states are a, b, or end',
  },
  'a --set that mistypes a state: one line with the nearest name, not also the sum the typo pushed over 1': {
    args: ['-s', 'shop', '--set', 'states.home.next.serch=0.5', ...OUT],
    error: /^clickgen: scenarios\/shop\.yaml \(--set states\.home\.next\.serch=0\.5\): states\.home\.next\.serch: transition to unknown state "serch" \(did you mean "search"\?\); states are [a-z_, ]+, or end$/,
  },
  'a silent state a session can never leave (the run would hang)': {
    files: { 'trap.yaml': 'name: trap\nstates:\n  a:\n    next: { b: 1 }\n  b:\n    event: null\n    dwell: { type: constant, value: 0 }\n    next: { b: 1 }\nfields:\n  t: { time: iso }\n' },
    args: ['-s', 'trap.yaml', '--duration', '1m', ...OUT],
    error:
      'clickgen: trap.yaml:6:5: states.b: is silent (event: null) and every path from it stays in silent states: a session here would never emit or end; let one of them end the session or lead to a state with an event',
  },
  'a scenario whose sessions can never emit an event (the run would hang)': {
    files: { 'mute.yaml': 'name: mute\nstates:\n  a:\n    event: null\n    next: { b: 0.5 }\n  b:\n    event: null\nfields:\n  t: { time: iso }\n' },
    args: ['-s', 'mute.yaml', '-n', '5', ...OUT],
    error: 'clickgen: mute.yaml:3:3: states: no state reachable from the initial state "a" has an event (all are event: null), so no session would ever emit one',
  },
  ...Object.fromEntries(
    ['0', '-5', 'abc', '1.5'].map((n) => [`-n ${n}`, { args: ['-n', n, ...OUT], error: `clickgen: -n ${n}: must be a positive integer, e.g. -n 1000` }]),
  ),
  ...Object.fromEntries(
    ['yesterday', '2024-13-01', '2024-02-30', '2024-01-01T25:00:00Z', '01/02/2024'].map((start) => [
      `--start ${start}`,
      { args: ['--start', start, ...OUT], error: `clickgen: --start ${start}: not an ISO 8601 date-time; e.g. --start 2024-01-01T00:00:00Z or --start 2024-01-01` },
    ]),
  ),
  ...Object.fromEntries(
    ['5x', 'PT', 'P1DT', '-5m', 'soon'].map((d) => [
      `--duration ${d}`,
      { args: ['--duration', d, ...OUT], error: `clickgen: --duration ${d}: not a duration; use ISO 8601 (PT1H, P7D, P1DT12H) or shorthand (90s, 15m, 2h, 7d)` },
    ]),
  ),
  ...Object.fromEntries(
    ['0s', 'PT0S', '0.0001ms'].map((d) => [
      `--duration ${d} (a duration, but empty)`,
      { args: ['--duration', d, ...OUT], error: `clickgen: --duration ${d}: must be longer than 0 (at least 1ms), e.g. 90s or PT1H` },
    ]),
  ),
  ...Object.fromEntries(
    ['abc', '0', '5XB', '-1h', '0MB', '1.5'].map((roll) => [
      `--roll ${roll}`,
      {
        args: ['--roll', roll, '-o', 'lake/dt={date}/part-{seq}.ndjson'],
        error: `clickgen: --roll ${roll}: must be a size (256MB, 64MiB, 1GB), an event-time span (1h, 15m, PT1H) or a number of events (1000000)`,
      },
    ]),
  ),
  '--roll to one file': {
    args: ['--roll', '1000', ...OUT],
    error: "clickgen: --roll: writes numbered files, not out/events.ndjson; give -o a file template with {seq}, e.g. -o 'lake/dt={date}/part-{seq}.ndjson'",
  },
  '--roll to stdout': {
    args: ['--roll', '1000'],
    error: "clickgen: --roll: writes numbered files, not stdout; give -o a file template with {seq}, e.g. -o 'lake/dt={date}/part-{seq}.ndjson'",
  },
  '--roll with a template that has no {seq}': {
    args: ['--roll', '1h', '-o', 'lake/dt={date}/events.ndjson'],
    error: 'clickgen: --roll: -o lake/dt={date}/events.ndjson has no {seq} to number the rolled files; add one, e.g. part-{seq}.ndjson',
  },
  'a width on a time placeholder': {
    args: ['-o', 'lake/hour={hour:3}/part-{seq}.ndjson'],
    error: 'clickgen: -o lake/hour={hour:3}/part-{seq}.ndjson: {hour} takes no width; time parts have fixed widths',
  },
  '--format parquet to Kafka': {
    args: ['--format', 'parquet', '-o', 'kafka://127.0.0.1:1/events'],
    error: 'clickgen: --format parquet: writes files or stdout, not kafka://127.0.0.1:1/events; send ndjson, csv or tsv there',
  },
  '--compression without --format parquet': {
    args: ['--compression', 'zstd', ...OUT],
    error: 'clickgen: --compression zstd: compresses Parquet only; add --format parquet',
  },
  '--compression with --format avro points to --avro-codec': {
    args: ['--format', 'avro', '--compression', 'snappy', '-o', 'out/e.avro'],
    error: "clickgen: --compression snappy: compresses Parquet only; Avro's blocks take --avro-codec snappy",
  },
  ...Object.fromEntries(
    [
      ['-o out/e.parquet.gz', ['-o', 'out/e.parquet.gz'], 'clickgen: -o out/e.parquet.gz: gzip around a whole Parquet file leaves one no Parquet reader opens (its pages compress with --compression); leave out .gz'],
      ['--format avro -o out/e.avro.gz', ['--format', 'avro', '-o', 'out/e.avro.gz'], 'clickgen: -o out/e.avro.gz: gzip around a whole Avro file leaves one no Avro reader opens (its blocks compress with --avro-codec); leave out .gz'],
      ["-o 'lake/{date}.arrow.gz'", ['-o', 'lake/{date}.arrow.gz'], 'clickgen: -o lake/{date}.arrow.gz: gzip around a whole Arrow file leaves one no Arrow reader opens (clickgen writes Arrow IPC uncompressed); leave out .gz'],
    ].map(([name, args, error]) => [`a container format to a .gz name (${name as string})`, { args: args as string[], error: error as string }]),
  ),
  '--no-header with NDJSON': {
    args: ['--no-header', ...OUT],
    error: 'clickgen: --no-header: only CSV and TSV have a header line to leave out, and this run writes ndjson; add --format csv or tsv, or leave out --no-header',
  },
  '--no-header with a Parquet file named so': {
    args: ['--no-header', '-o', 'out/e.parquet'],
    error: 'clickgen: --no-header: only CSV and TSV have a header line to leave out, and this run writes parquet; add --format csv or tsv, or leave out --no-header',
  },
  'an unknown --compression': {
    args: ['--format', 'parquet', '--compression', 'lz4', '-o', 'out/e.parquet'],
    error: 'clickgen: --compression lz4: must be one of zstd, snappy, none',
  },
  ...Object.fromEntries(
    ['0', 'abc', '20000000'].map((rows) => [
      `--row-group-size ${rows}`,
      { args: ['--format', 'parquet', '--row-group-size', rows, '-o', 'out/e.parquet'], error: `clickgen: --row-group-size ${rows}: must be a whole number from 1 to 10,000,000` },
    ]),
  ),
  '--row-group-size without a columnar format': {
    args: ['--row-group-size', '1000', ...OUT],
    error: 'clickgen: --row-group-size 1000: applies to --format parquet or arrow',
  },
  '--roll with Parquet and no {seq}': {
    args: ['--format', 'parquet', '--roll', '1h', '-o', 'lake/dt={date}/e.parquet'],
    error: 'clickgen: --roll: -o lake/dt={date}/e.parquet has no {seq} to number the rolled files; add one, e.g. part-{seq}.ndjson',
  },
  'an unknown --format': {
    args: ['--format', 'xml', ...OUT],
    error: `clickgen: --format xml: must be one of ${FORMATS.join(', ')}`,
  },
  'a format file naming a field the scenario does not produce': {
    files: { 'line.txt': '{user_id} {colour}\n' },
    args: ['-f', 'line.txt', ...OUT],
    error: `clickgen: line.txt: unknown field {colour}; the scenario's fields are ${GIFT_SHOP_FIELDS}`,
  },
  'a format file that does not exist': {
    args: ['-f', 'missing.txt', ...OUT],
    error: 'clickgen: -f missing.txt: cannot read the format file (ENOENT)',
  },
  'a format file and --format together': {
    files: { 'line.txt': '{user_id}\n' },
    args: ['-f', 'line.txt', '--format', 'csv', ...OUT],
    error: 'clickgen: -f and --format: give one of them; -f writes lines from the format file',
  },
  '--seed that is not a whole number': {
    args: ['--seed', 'x', ...OUT],
    error: 'clickgen: --seed x: must be a whole number from 0 to 9007199254740991',
  },
  '--max-sessions 0': {
    args: ['-m', '0', ...OUT],
    error: 'clickgen: --max-sessions 0: must be a positive integer, e.g. --max-sessions 1000',
  },
  'an output path under a regular file': {
    files: { afile: '' },
    args: ['-o', 'afile/events.ndjson'],
    error: 'clickgen: -o afile/events.ndjson: cannot write there (ENOTDIR); choose a writable directory',
  },
  'an output path in a read-only directory': {
    files: { 'ro/': '' },
    prepare: (dir) => {
      // Writable by nobody but its owner; the run below is another user when the tests run as root.
      chmodSync(dir, 0o755);
      chmodSync(join(dir, 'ro'), 0o555);
    },
    options: () => (process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}),
    args: ['-o', 'ro/events.ndjson'],
    error: 'clickgen: -o ro/events.ndjson: cannot write there (EACCES); choose a writable directory',
  },
  'an output path that is a directory': {
    files: { 'adir/': '' },
    args: ['-o', 'adir'],
    error: "clickgen: -o adir: is a directory; give a file in it (adir/events.ndjson) or a path template ('adir/{date}/part-{seq}.ndjson')",
  },
  'split output under a regular file': {
    files: { afile: '' },
    args: ['-n', '50', '-o', 'afile/{event_type}.ndjson'],
    error: /^clickgen: -o afile\/[a-z_]+\.ndjson: cannot write there \(ENOTDIR\); choose a writable directory$/,
  },
  'split output into a read-only directory': {
    files: { 'ro/': '' },
    prepare: (dir) => {
      chmodSync(dir, 0o755);
      chmodSync(join(dir, 'ro'), 0o555);
    },
    options: () => (process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}),
    args: ['-n', '50', '-o', 'ro/{event_type}.ndjson'],
    error: /^clickgen: -o ro\/[a-z_]+\.ndjson: cannot write there \(EACCES\); choose a writable directory$/,
  },
  'split output by a field the scenario does not produce': {
    args: ['-o', 'out/{colour}.ndjson'],
    error: `clickgen: -o out/{colour}.ndjson: unknown field {colour}; the scenario's fields are ${GIFT_SHOP_FIELDS}`,
  },
  'a --set into a state the scenario does not have: the nearest state suggested, the states listed': {
    args: ['--set', 'states.hom.next.search=0.5', '-n', '3', '-o', 'out.ndjson'],
    error: /^clickgen: --set states\.hom\.next\.search=0\.5: no state "hom" \(did you mean "home"\?\); the scenario's states are [a-z_, ]*\bhome\b/,
  },
  'a duration that ends the run after the last date a timestamp can hold': {
    args: ['--start', '9999-01-01', '--duration', '100000000w', '-n', '3', '-o', 'out.ndjson'],
    error: "clickgen: --duration 100000000w: ends the run after +275760-09-13T00:00:00.000Z, the last date a timestamp can hold; give a shorter duration or an earlier --start",
  },
  "a Kafka key of a field the scenario does not produce: named as the URL's parameter, with a suggestion": {
    args: ['-n', '5', '-o', 'kafka://127.0.0.1:1/topic?key=user_i'],
    error: `clickgen: -o key=user_i: unknown field {user_i} (did you mean "user_id"?); the scenario's fields are ${GIFT_SHOP_FIELDS}`,
  },
  // Node's recursive mkdir spins forever, deaf to signals, where nothing can be made (/proc).
  'an output path where no directory can be made': {
    options: () => ({ timeoutMs: 20_000 }),
    args: ['-n', '10', '-o', '/proc/nope/x.ndjson'],
    error: /^clickgen: -o \/proc\/nope\/x\.ndjson: cannot write there \((ENOENT|EACCES)\); choose a writable directory$/,
  },
  'a summary path where no directory can be made': {
    options: () => ({ timeoutMs: 20_000 }),
    args: ['-n', '10', '--summary', '/proc/nope/s.json', ...OUT],
    error: /^clickgen: --summary \/proc\/nope\/s\.json: cannot write there \((ENOENT|EACCES)\)$/,
  },
  'a URL of a scheme clickgen does not write to lists the ones it does (no directory "http:")': {
    args: ['-o', 'http://host/x'],
    error: 'clickgen: -o http://host/x: clickgen cannot write to http:// URLs; it writes to kafka:// redis:// rediss:// tcp://, - (stdout) or a file path',
  },
  'an s3:// URL': {
    args: ['-o', 's3://bucket/key.ndjson'],
    error: /^clickgen: -o s3:\/\/bucket\/key\.ndjson: clickgen cannot write to s3:\/\/ URLs; it writes to kafka:\/\/ /,
  },
  'an unknown scheme': {
    args: ['-o', 'nosuchscheme://x'],
    error: /^clickgen: -o nosuchscheme:\/\/x: clickgen cannot write to nosuchscheme:\/\/ URLs/,
  },
  'an empty -o': {
    args: ['-o', ''],
    error: "clickgen: -o '': empty; give - for stdout, a file path, or a URL: kafka:// redis:// rediss:// tcp://",
  },
  'a YAML alias bomb': {
    files: { 'bomb.yaml': ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)].join('\n') },
    args: ['-s', 'bomb.yaml', ...OUT],
    error: 'clickgen: bomb.yaml: its YAML aliases (*name) expand to too many nodes; write the values out, or use fewer nested aliases',
  },
  'a summary path under a regular file fails before any output is written': {
    files: { afile: '' },
    args: ['--summary', 'afile/summary.json', ...OUT],
    error: 'clickgen: --summary afile/summary.json: cannot write there (ENOTDIR)',
  },
  '--summary naming the file the records go to (the summary would replace them)': {
    args: ['-n', '10', '--summary', './out/events.ndjson', ...OUT],
    error: 'clickgen: --summary ./out/events.ndjson: the same file as -o out/events.ndjson, whose records the summary would replace; give the summary a file of its own',
  },
  '--summary through a link to the file the records go to': {
    files: { 'events.ndjson': 'earlier run\n' },
    prepare: (dir) => symlinkSync(join(dir, 'events.ndjson'), join(dir, 'key.json')),
    args: ['-n', '10', '--summary', 'key.json', '-o', 'events.ndjson'],
    error: 'clickgen: --summary key.json: the same file as -o events.ndjson, whose records the summary would replace; give the summary a file of its own',
  },
  '--watermark without --summary (only the answer key says what a watermark drops)': {
    args: ['-n', '1', '--watermark', '30s', ...OUT],
    error: 'clickgen: --watermark 30s: needs --summary (what each watermark drops is written in the answer key); add --summary FILE, or leave out --watermark',
  },
  '--summary-window without --summary (only the answer key has per-window counts)': {
    args: ['--duration', '1m', '--summary-window', '1m', ...OUT],
    error: 'clickgen: --summary-window 1m: needs --summary (the per-window counts are written in the answer key); add --summary FILE, or leave out --summary-window',
  },
  '--watermark with --sample': {
    args: ['--sample', '3', '--watermark', '30s'],
    error: 'clickgen: --sample and --watermark: --sample prints a few indented events on stdout; leave out --watermark, or --sample for a run',
  },
  '--sample with an unknown scenario (named by its flag, though the sample runs through simulate())': {
    args: ['--sample', '1', '-s', 'gift-shoop'],
    error: 'clickgen: --scenario gift-shoop: unknown scenario (did you mean "gift-shop"?); built-in scenarios are ' + builtinNames().join(', ') + ', or give a .yaml/.json file',
  },
  '--sample with --set of an unknown key': {
    args: ['--sample', '1', '-s', 'gift-shop', '--set', 'arrivals.ratee=2'],
    error: 'clickgen: scenarios/gift-shop.yaml (--set arrivals.ratee=2): arrivals: unknown key "ratee" (did you mean "rate"?)',
  },
  "a segment's set into a state the scenario does not have (the segment would change nothing)": {
    files: { 'seg.yaml': "name: seg\npopulation:\n  users: 10\n  segments:\n    buyer: { weight: 0.3, set: { 'states.bb.next.a': 0.5 } }\n    other: { weight: 0.7 }\n" + SMALL_STATES },
    args: ['-s', 'seg.yaml', ...OUT],
    error: 'clickgen: seg.yaml: population.segments.buyer.set: states.bb.next.a: no state "bb" (did you mean "b"?); the scenario\'s states are a, b',
  },
  '--set without =': {
    args: ['--set', 'arrivals.rate', ...OUT],
    error: "clickgen: --set arrivals.rate: expected path=value, e.g. --set arrivals.rate=20 or --set 'states.home.next.search=0.9'",
  },
  '--set with a value that is not YAML': {
    args: ['--set', 'arrivals.rate=[1', ...OUT],
    error: 'clickgen: --set arrivals.rate=[1: the value is not valid YAML',
  },
  '--set inside a value that is not a mapping': {
    args: ['--set', 'name.first=x', ...OUT],
    error: 'clickgen: --set name.first=x: name.first is inside a value that is not a mapping',
  },
  '--set with a path that does not parse': {
    args: ['--set', 'states..home=1', ...OUT],
    error: "clickgen: --set states..home=1: expected path=value, e.g. --set arrivals.rate=20 or --set 'states.home.next.search=0.9'",
  },
  '--set with a value that breaks the schema names the flag': {
    args: ['--set', 'arrivals.rate=-3', ...OUT],
    error: 'clickgen: scenarios/gift-shop.yaml (--set arrivals.rate=-3): arrivals.rate: must be greater than 0',
  },
  'a session timeout that is not a positive number of seconds': {
    args: ['--set', 'session.timeout=0', ...OUT],
    error: 'clickgen: scenarios/gift-shop.yaml (--set session.timeout=0): session.timeout: must be greater than 0',
  },
  'a session timeout that is not a number': {
    args: ['--set', 'session.timeout=30m', ...OUT],
    error: /^clickgen: scenarios\/gift-shop\.yaml \(--set session\.timeout=30m\): session\.timeout: .*number/,
  },
  '--set with an unknown key': {
    args: ['--set', 'arrivals.colour=red', ...OUT],
    error: 'clickgen: scenarios/gift-shop.yaml (--set arrivals.colour=red): arrivals: unknown key "colour"',
  },
  '--set that pushes probabilities over 1': {
    args: ['--set', 'states.home.next.search=0.99', ...OUT],
    error: 'clickgen: scenarios/gift-shop.yaml:52:11: states.home.next: probabilities sum to 1.04; they must sum to at most 1 (the rest ends the session), or give relative weights as next_weights',
  },
  'a scenario whose sessions always end before their first event (the run would never reach -n)': {
    files: { 'silent.yaml': readFileSync(new URL('../fixtures/silent.yaml', import.meta.url), 'utf8') },
    args: ['-s', 'silent.yaml', '-n', '10', ...OUT],
    error: 'clickgen: scenario silent: 1,000,000 sessions in a row ended without an event; make a state with an event reachable before the session ends (session length, transitions, dwell times)',
  },
  'a timeline window with a negative multiplier, at its line': {
    files: { 'sale.yaml': SALE + 'timeline:\n  - { from: +1m, to: +2m, rate: -1 }\n' },
    args: ['-s', 'sale.yaml', ...OUT],
    error: 'clickgen: sale.yaml:11:33: timeline[0].rate: must be at least 0',
  },
  'two ramps that overlap (one given by date, one after the start)': {
    files: { 'sale.yaml': SALE + 'timeline:\n  - { from: +1m, to: +3m, ramp: [1, 2] }\n  - { from: 2024-01-01T00:02:00Z, to: +4m, ramp: [2, 1] }\n' },
    args: ['-s', 'sale.yaml', ...OUT],
    error: 'clickgen: sale.yaml: timeline[1]: a ramp overlaps the ramp timeline[0] (2024-01-01T00:02:00.000Z to 2024-01-01T00:03:00.000Z); ramps may follow each other but not overlap',
  },
  "a timeline window before the run's start": {
    files: { 'sale.yaml': SALE + 'timeline:\n  - { from: 2023-12-31T23:00:00Z, to: +1m, rate: 2 }\n' },
    args: ['-s', 'sale.yaml', ...OUT],
    error: "clickgen: sale.yaml: timeline[0].from: 2023-12-31T23:00:00.000Z is before the run's start 2024-01-01T00:00:00.000Z; a window lies within the run (give --start, or from as +DURATION after the start)",
  },
  'a timeline window past the end of a run with a duration': {
    files: { 'sale.yaml': SALE + 'timeline:\n  - { from: +30m, to: +2h, rate: 2 }\n' },
    args: ['-s', 'sale.yaml', '--duration', '1h', ...OUT],
    error: "clickgen: sale.yaml: timeline[0].to: 2024-01-01T02:00:00.000Z is after the run's end 2024-01-01T01:00:00.000Z; a window lies within the run (a longer --duration, or an earlier to)",
  },
  'a timeline window that ends before it starts': {
    files: { 'sale.yaml': SALE + 'timeline:\n  - { from: +30m, to: +10m, rate: 2 }\n' },
    args: ['-s', 'sale.yaml', ...OUT],
    error: 'clickgen: sale.yaml:11:23: timeline[0].to: +10m is not after from (+30m); a window ends after it starts',
  },
  'a timeline window time that is neither an offset nor a date-time': {
    files: { 'sale.yaml': SALE + 'timeline:\n  - { from: 2h, to: +3h, rate: 2 }\n' },
    args: ['-s', 'sale.yaml', ...OUT],
    error: "clickgen: sale.yaml:11:13: timeline[0].from: \"2h\" is neither + and a duration after the run's start (+2h, +90m, +PT1H30M) nor an ISO 8601 date-time (2024-01-01T12:00:00Z)",
  },
  'a timeline window with two changes': {
    files: { 'sale.yaml': SALE + 'timeline:\n  - { from: +1m, to: +2m, rate: 2, outage: true }\n' },
    args: ['-s', 'sale.yaml', ...OUT],
    error: 'clickgen: sale.yaml:11:5: timeline[0]: has rate and outage: give one change per window, one of rate, ramp, outage, transitions (windows may overlap)',
  },
  'an outage of a mistyped event type, with a suggestion': {
    files: { 'sale.yaml': SALE + 'timeline:\n  - { from: +1m, to: +2m, outage: [purchse] }\n' },
    args: ['-s', 'sale.yaml', ...OUT],
    error: 'clickgen: sale.yaml:11:36: timeline[0].outage[0]: unknown event type "purchse" (did you mean "purchase"?); event types are view, cart, purchase',
  },
  'a behaviour change of a mistyped state, with a suggestion': {
    files: { 'sale.yaml': SALE + 'timeline:\n  - { from: +1m, to: +2m, transitions: { crat: { purchase: 1.2 } } }\n' },
    args: ['-s', 'sale.yaml', ...OUT],
    error: 'clickgen: sale.yaml:11:48: timeline[0].transitions.crat: unknown state "crat" (did you mean "cart"?); states are view, cart, purchase',
  },
  'a behaviour change of a transition the state does not have, with a suggestion': {
    files: { 'sale.yaml': SALE + 'timeline:\n  - { from: +1m, to: +2m, transitions: { cart: { purchas: 1.2 } } }\n' },
    args: ['-s', 'sale.yaml', ...OUT],
    error: 'clickgen: sale.yaml:11:59: timeline[0].transitions.cart.purchas: state cart does not lead to "purchas" (did you mean "purchase"?); its outcomes are purchase, end',
  },
  "an experiment's effect that pushes a probability past 1": {
    files: { 'sale.yaml': SALE + 'experiments:\n  e:\n    arms:\n      a: { share: 0.5 }\n      b: { share: 0.5, transitions: { cart: { purchase: 2 } } }\n' },
    args: ['-s', 'sale.yaml', ...OUT],
    error: 'clickgen: sale.yaml:14:45: experiments.e.arms.b.transitions.cart: the factors push the probabilities past 1 (purchase 0.6 × 2 = 1.2); at most 1 in all',
  },
  "an experiment whose arms' shares do not add up to 1": {
    files: { 'sale.yaml': SALE + 'experiments:\n  e:\n    arms:\n      a: { share: 0.5 }\n      b: { share: 0.4 }\n' },
    args: ['-s', 'sale.yaml', ...OUT],
    error: 'clickgen: sale.yaml:13:7: experiments.e.arms: shares add up to 0.9; every user is in one arm, so they must add up to 1',
  },
  'a behaviour window and an arm whose factors together push a probability past 1': {
    files: { 'sale.yaml': SALE + 'timeline:\n  - { from: +1m, to: +3m, transitions: { cart: { purchase: 1.5 } } }\nexperiments:\n  e:\n    arms:\n      a: { share: 0.5 }\n      b: { share: 0.5, transitions: { cart: { purchase: 1.5 } } }\n' },
    args: ['-s', 'sale.yaml', ...OUT],
    error: 'clickgen: sale.yaml: timeline[0] with experiments.e.arms.b: states.cart: the factors push the probabilities past 1 (purchase 0.6 × 2.25 = 1.35); at most 1 in all',
  },
  "an experiment's mistyped goal, with a suggestion": {
    files: { 'sale.yaml': SALE + 'experiments:\n  e:\n    goal: purchace\n    arms:\n      a: { share: 0.5 }\n      b: { share: 0.5 }\n' },
    args: ['-s', 'sale.yaml', ...OUT],
    error: 'clickgen: sale.yaml:12:11: experiments.e.goal: unknown event type "purchace" (did you mean "purchase"?); event types are view, cart, purchase',
  },
};

describe('bad input: one line, exit code 2, nothing written', { concurrency: 3 }, () => {
  for (const [name, c] of Object.entries(cases)) test(name, (t) => expectRejected(t, c));
});

test('an unreachable state is a warning: the run still succeeds', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'reach.yaml'), 'name: reach\nstates:\n  a:\n    next: { a: 0.5 }\n  b: {}\nfields:\n  t: { time: iso }\n');
  const result = await clickgen(['generate', '-s', 'reach.yaml', '-n', '3', '--start', START, '-o', 'out.ndjson'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  const lines = stderrLines(result);
  assert.equal(lines[0], 'clickgen: warning: reach.yaml:5:6: states.b: state is unreachable from the initial state');
  assert.match(lines[1], /^clickgen: 3 events, /);
  assert.equal(lines.length, 2);
  assert.deepEqual(listTree(dir), ['out.ndjson', 'reach.yaml']);
});

test('several schema problems: one line each, all reported', async (t) => {
  const dir = tempDir(t);
  writeFileSync(
    join(dir, 'many.yaml'),
    'name: many\narrivals:\n  rate: 0\nstates:\n  a:\n    dwell: { type: normal, mean: 1, stddev: -2 }\nfields:\n  t: { time: isoish }\n',
  );
  const result = await clickgen(['generate', '-s', 'many.yaml', '--start', START, '-o', 'out.ndjson'], { cwd: dir });
  assert.equal(result.code, 2);
  assert.deepEqual(stderrLines(result), [
    'clickgen: many.yaml:3:9: arrivals.rate: must be greater than 0',
    'clickgen: many.yaml:6:45: states.a.dwell.stddev: must be at least 0',
    'clickgen: many.yaml:8:14: fields.t.time: must be one of "iso", "iso-seconds", "iso-local", "epoch-ms", "epoch-s", "sql"',
  ]);
  assert.deepEqual(listTree(dir), ['many.yaml']);
});

test('a full disk while running: one line with the path, the reason and how far the run got; exit 1', async (t) => {
  const dir = tempDir(t);
  const result = await clickgen(['generate', '-n', '100000', '--start', START, '-o', '/dev/full'], { cwd: dir });
  assert.equal(result.code, 1);
  assert.deepEqual(stderrLines(result).length, 1, result.stderr);
  assert.match(result.stderr, /^clickgen: -o \/dev\/full: cannot write \(ENOSPC: no space left on device\) \([\d,]+ events, [\d,]+ bytes handed to the output before\)\n$/);
});

test('the --debug flag that internal errors point to is in --help', async () => {
  assert.match((await clickgen(['--help'])).stdout, /--debug +with any command: print the stack trace of an/);
});
