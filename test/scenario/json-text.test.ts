/** The `json` source writes its text without building the value: the text must be JSON.stringify's. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileScenario } from '../../src/scenario/compile.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { parsedEvents } from '../scenarios/scenario-run.js';

const START = Date.UTC(2024, 0, 1, 12, 30, 15, 250);

// Values that draw nothing, so the object and its text see the same values.
const PLAIN = [
  '{ object: {',
  '  schema: "iglu:com.example/thing/jsonschema/1-0-0", version: 1, none: { const: null }, skipped: { absent: true },',
  '  kind: { match: state, cases: { home: { const: null }, away: { absent: true } }, default: other },',
  '  b: { ref: event.index },',
  '  nested: { object: { visit: { ref: session.number }, when: { time: epoch-ms }, text: "quote \\" and \\\\ and é" } },',
  '  list: { array: [ { const: null }, { absent: true }, { ref: event.first }, { object: { k: v } }, { const: [1, 2] }, { match: state, cases: { home: { number: { type: constant, value: 1.5 } } }, default: { ref: event.index } } ] },',
  '  empty: { array: [] },',
  '  after_absent: { object: { maybe: { match: state, cases: { away: { absent: true } }, default: x }, fixed: y, also: 2 } },',
  '  gone: { absent: true },',
  '} }',
].join(' ');
// Integer keys come first in a JavaScript object, whatever their place in the scenario.
const INTEGER_KEYS = PLAIN.replace('b: { ref: event.index },', '"10": ten, b: { ref: event.index }, "2": two,');

test('a json value is the JSON text of the same value written as an object', () => {
  const loaded = parseScenarioText(
    `name: json-text
states: { home: { next: { home: 0.5, away: 0.4 }, dwell: { type: constant, value: 1 } }, away: { next: { home: 0.5 }, dwell: { type: constant, value: 2 } } }
fields:
  value: ${PLAIN}
  text: { json: ${PLAIN} }
  encoded: { json: ${PLAIN}, base64: true }
  keyed: ${INTEGER_KEYS}
  keyed_text: { json: ${INTEGER_KEYS} }
`,
    'json-text.yaml',
  );
  const events = parsedEvents(compileScenario(loaded.scenario, 5), START, 300);
  for (const event of events) {
    assert.equal(event.text, JSON.stringify(event.value));
    assert.equal(event.keyed_text, JSON.stringify(event.keyed));
    assert.match(event.keyed_text, /^\{"2":"two","10":"ten",/);
    assert.equal(Buffer.from(event.encoded as string, 'base64url').toString('utf8'), event.text);
  }
  assert.ok(events.some((e) => (e.value as { kind?: unknown }).kind === null));
  assert.ok(events.some((e) => !('kind' in (e.value as object))));
});
