import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { UsageError } from '../../src/errors.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { evaluateExpression, expandParams } from '../../src/scenario/params.js';

const scenario = (head: string, body = ''): string => `name: p
${head}
states:
  home:
    next: { home: 0.5 }
${body}
fields:
  t: { time: iso }
`;

test('a whole ${NAME} becomes the param value with its type; inside text it is written as text', () => {
  const loaded = parseScenarioText(
    `name: p
params: { USERS: 250, RATE: 0.5, LABEL: shop, ON: true }
population:
  users: \${USERS}
  id: "u{index}-\${LABEL}"
arrivals: { rate: "\${RATE}" }
description: "\${ON} and \${USERS} users"
states:
  home:
    next:
      home: \${RATE}
fields:
  t: { time: iso }
`,
    'p.yaml',
  );
  const s = loaded.scenario;
  assert.equal(s.population.users, 250);
  assert.equal(s.population.id, 'u{index}-shop');
  assert.equal(s.arrivals.rate, 0.5);
  assert.equal(s.description, 'true and 250 users');
  assert.equal(s.states.home.next!.home, 0.5);
  assert.deepEqual(s.params, { USERS: 250, RATE: 0.5, LABEL: 'shop', ON: true });
  assert.deepEqual(loaded.warnings, []);
});

test('arithmetic over numeric params follows the usual precedence', () => {
  const params = new Map<string, number | string | boolean>([
    ['A', 10],
    ['B', 4],
    ['C', 0.3],
  ]);
  assert.equal(evaluateExpression('A / B', params), 2.5);
  assert.equal(evaluateExpression('A - B * 2', params), 2);
  assert.equal(evaluateExpression('(A - B) * 2', params), 12);
  assert.equal(evaluateExpression('-A + 1', params), -9);
  assert.equal(evaluateExpression('1 - C', params), 0.7);
  assert.equal(evaluateExpression(' 2.5e1 / .5 ', params), 50);
  assert.equal(evaluateExpression('A / (B * (1 + C * (1 + 0.1)))', params), 10 / (4 * (1 + 0.3 * 1.1)));
});

test('expressions agree with JavaScript arithmetic on random trees (property)', () => {
  const values = { X: 3, Y: 0.25 };
  const params = new Map<string, number | string | boolean>(Object.entries(values));
  interface Node {
    readonly text: string;
    readonly value: number;
  }
  const apply = (a: number, op: string, b: number): number => (op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : a / b);
  const leaf = fc.oneof(
    fc.integer({ min: 0, max: 1000 }).map((n): Node => ({ text: String(n), value: n })),
    fc.constantFrom<Node>({ text: 'X', value: values.X }, { text: 'Y', value: values.Y }),
  );
  const { tree } = fc.letrec<{ tree: Node }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(tie('tree'), fc.constantFrom('+', '-', '*', '/'), tie('tree')).map(([a, op, b]): Node => ({ text: `(${a.text} ${op} ${b.text})`, value: apply(a.value, op, b.value) })),
      tie('tree').map((a): Node => ({ text: `(-${a.text})`, value: -a.value })),
    ),
  }));
  fc.assert(
    fc.property(tree, ({ text, value }) => {
      const actual = evaluateExpression(text, params);
      if (Number.isFinite(value)) assert.ok(typeof actual === 'number' && Math.abs(actual - value) <= 1e-9 * Math.max(1, Math.abs(value)), `${text}: ${JSON.stringify(actual)} vs ${value}`);
      else assert.ok(typeof actual === 'object', `${text} should be refused as not finite`);
    }),
  );
});

test('--set NAME=value changes a declared param, and so does --set params.NAME=value', () => {
  const text = scenario('params: { USERS: 10 }\npopulation: { users: "${USERS}" }');
  assert.equal(parseScenarioText(text, 'p.yaml', ['USERS=42']).scenario.population.users, 42);
  assert.equal(parseScenarioText(text, 'p.yaml', ['params.USERS=43']).scenario.population.users, 43);
  // The value is checked where the param is used.
  assert.throws(() => parseScenarioText(text, 'p.yaml', ['USERS=abc']), /p\.yaml:3:22 \(--set USERS=abc\): population\.users: must be number, got string "abc"/);
  // A name that is not a param is a scenario key, which the schema then checks.
  assert.throws(() => parseScenarioText(text, 'p.yaml', ['USER=42']), /unknown key "USER"/);
});

test('an unknown param is one line naming the file, line, path and the params there are', () => {
  const text = scenario('params: { USERS: 10 }\npopulation: { users: "${USER}" }');
  assert.throws(
    () => parseScenarioText(text, 'p.yaml'),
    (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.code, 'SCENARIO_INVALID');
      assert.equal(error.message, 'p.yaml:3:22: population.users: ${USER}: unknown param "USER"; params are USERS');
      return true;
    },
  );
});

test('bad params and bad expressions are refused with what is wrong', () => {
  const cases: [string, RegExp][] = [
    ['params: { RATE: fast }\narrivals: { rate: "${RATE * 2}" }', /arrivals\.rate: \$\{RATE \* 2\}: param RATE is "fast", not a number/],
    ['params: { A: 1 }\narrivals: { rate: "${A / 0}" }', /is not a finite number \(division by zero\?\)/],
    ['params: { A: 1 }\narrivals: { rate: "${A +}" }', /ends early/],
    ['params: { A: 1 }\narrivals: { rate: "${(A}" }', /has a "\(" without its "\)"/],
    ['params: { A: 1 }\narrivals: { rate: "${A % 2}" }', /"% 2" is not a number, a param name or one of/],
    ['params: { A: 1 }\narrivals: { rate: "${}" }', /is empty/],
    ['params: { 9A: 1 }', /params\["9A"\]: is not a param name/],
    ['params: { A: "${B}", B: 1 }', /params\.A: a param value cannot use/],
    ['params: { A: [1, 2] }', /params\.A: must be a number, a string or a boolean/],
    ['arrivals: { rate: "${RATE}" }', /unknown param "RATE"; the scenario declares no params/],
  ];
  for (const [head, pattern] of cases) assert.throws(() => parseScenarioText(scenario(head), 'p.yaml'), pattern, head);
});

test('a param no value uses is a warning; expanding twice changes nothing', () => {
  const loaded = parseScenarioText(scenario('params: { USED: 2, SPARE: 1 }\narrivals: { rate: "${USED}" }'), 'p.yaml');
  assert.deepEqual(loaded.warnings, ['p.yaml:2:27: params.SPARE: is never used (write ${SPARE} where it applies)']);
  const once = expandParams({ params: { A: 'x' }, name: 'n-${A}', list: ['${A}', { deep: '${A}' }] });
  assert.deepEqual(once.value, { params: { A: 'x' }, name: 'n-x', list: ['x', { deep: 'x' }] });
  assert.deepEqual(expandParams(once.value).value, once.value);
});
