import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenarioText } from '../../src/scenario/load.js';

const scenario = (delivery: string): string => `name: d
states:
  a: {}
delivery:
${delivery}
fields:
  t: { time: iso }
`;

test('a valid delivery section passes', () => {
  assert.deepEqual(parseScenarioText(scenario('  late_rate: 0.05\n  late_delay: { type: uniform, min: 10, max: 120 }'), 'd.yaml').warnings, []);
});

test('delivery mistakes name the line, the path and what is valid', () => {
  const cases: [string, string][] = [
    ['  late_rate: 0.05\n  late_delay: { type: uniform, min: -5, max: 10 }', 'd.yaml:6:15: delivery.late_delay: delays are seconds after the event and cannot be negative; this one starts at -5'],
    ['  late_rate: 0.05\n  late_delay: { type: constant, value: 3 }\n  on_time_delay: { type: normal, mean: -1, stddev: 1 }', 'd.yaml:7:18: delivery.on_time_delay: delays are seconds after the event and cannot be negative; this one starts at -1'],
    ['  late_rate: 0.05\n  late_delay: { type: uniform, min: 30, max: 10 }', 'd.yaml:6:37: delivery.late_delay.min: min 30 is greater than max 10'],
    ['  late_rate: 0.05\n  late_delay: { type: uniform, min: 10, max: 10 }', 'd.yaml:6:46: delivery.late_delay.max: min and max are both 10; for a fixed value write { type: constant, value: 10 }'],
    ['  late_rate: 1.5\n  late_delay: { type: constant, value: 3 }', 'd.yaml:5:14: delivery.late_rate: must be between 0 and 1'],
    ['  late_rate: 0.1', 'd.yaml:5:3: delivery.late_delay: is required (a mapping)'],
    ['  late_rate: 0.1\n  late_delay: { type: constant, value: 3 }\n  processing: now', 'd.yaml:7:3: delivery: unknown key "processing"'],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseScenarioText(scenario(text), 'd.yaml'), (error: Error) => {
      assert.equal(error.message, message);
      return true;
    });
  }
});
