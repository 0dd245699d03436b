import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenarioText } from '../../src/scenario/load.js';
import { CART_SCENARIO } from './cart-scenario.js';

/** The scenario with one piece of text replaced; fails if the piece is not there. */
function variant(from: string, to: string): string {
  assert.ok(CART_SCENARIO.includes(from), `no "${from}" in the test scenario`);
  return CART_SCENARIO.replace(from, to);
}

test('the test scenario with a cart is valid, with no warnings', () => {
  assert.deepEqual(parseScenarioText(CART_SCENARIO, 'c.yaml').warnings, []);
});

test('cart mistakes are refused with the file, line, path and what to write instead', () => {
  const cases: [string, string, string][] = [
    ['cart: { add: item }', 'cart: { add: thing }', 'c.yaml:19:18: states.put.cart.add: "thing" is not a session variable; cart: { add } puts a variable\'s value in the cart, so set it first (session.vars or a state\'s set)\nc.yaml:22:21: states.take.cart.remove: the cart holds values of "thing" (states.put.cart); every cart add and remove names that one variable'],
    ['cart: { add: item }', 'cart: { add: iten }', 'c.yaml:19:18: states.put.cart.add: "iten" is not a session variable (did you mean "item"?); cart: { add } puts a variable\'s value in the cart, so set it first (session.vars or a state\'s set)\nc.yaml:22:21: states.take.cart.remove: the cart holds values of "iten" (states.put.cart); every cart add and remove names that one variable'],
    ['cart: { remove: item }', 'cart: { remove: other }', 'c.yaml:22:21: states.take.cart.remove: the cart holds values of "item" (states.put.cart); every cart add and remove names that one variable'],
    ['take: { p: 0.15, when: cart_not_empty }', 'take: 0.15', 'c.yaml:15:13: states.look.next.take: leads to take, which takes an item out of the cart; write { p: 0.15, when: cart_not_empty } so it happens only while the cart has items'],
    ['take: { p: 0.15, when: cart_not_empty }', 'take: { p: 0.15, when: cart_empty }', 'c.yaml:15:13: states.look.next.take: leads to take, which takes an item out of the cart; write { p: 0.15, when: cart_not_empty } so it happens only while the cart has items'],
    ['cart: { add: item }', 'cart: clear', 'c.yaml:22:11: states.take.cart: nothing is ever added to the cart: put items in with cart: { add: VARIABLE } in some state'],
    ['when: cart_not_empty }\n      pay', 'when: full }\n      pay', 'c.yaml:15:30: states.look.next.take.when: must be one of "cart_empty", "cart_not_empty"'],
    ['cart: clear', 'cart: empty', 'c.yaml:30:11: states.done.cart: must be clear, { add: VARIABLE } or { remove: VARIABLE }'],
    ['cart: { add: item }', 'cart: { push: item }', 'c.yaml:19:11: states.put.cart: must be clear, { add: VARIABLE } or { remove: VARIABLE }'],
    ['put: 0.4', 'put: often', 'c.yaml:14:12: states.look.next.put: must be a probability from 0 to 1, or { p: probability, when: cart_empty | cart_not_empty }'],
    ['take: { p: 0.15,', 'take: { p: 1.5,', 'c.yaml:15:18: states.look.next.take.p: must be between 0 and 1'],
  ];
  for (const [from, to, message] of cases) {
    assert.throws(() => parseScenarioText(variant(from, to), 'c.yaml'), (error: Error) => {
      assert.equal(error.message, message);
      return true;
    });
  }
});

test('a session cannot start by taking from its empty cart', () => {
  const text = variant('states:\n  look:', 'initial: take\nstates:\n  look:');
  assert.throws(() => parseScenarioText(text, 'c.yaml'), /states\.take\.cart: the first state of a session cannot take an item out of the cart: the cart starts empty/);
});

test('guards without any cart are a warning: the cart is always empty', () => {
  const text = `name: g
states:
  a:
    next: { b: { p: 0.5, when: cart_empty } }
  b: {}
fields:
  t: { time: iso }
`;
  assert.deepEqual(parseScenarioText(text, 'g.yaml').warnings, ['g.yaml:4:32: states.a.next.b.when: no state adds to the cart, so it is always empty']);
});
