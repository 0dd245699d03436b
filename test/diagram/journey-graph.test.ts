import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { toDot } from '../../src/diagram/dot.js';
import { journeyGraph } from '../../src/diagram/journey-graph.js';
import { toMermaid } from '../../src/diagram/mermaid.js';
import { toSvg } from '../../src/diagram/svg.js';
import { loadScenario, validateRaw } from '../../src/scenario/load.js';

test('cart: guards, cart actions, the end and late delivery are in the graph', () => {
  const graph = journeyGraph(loadScenario('cart').scenario);
  const edge = (from: string, to: string | null) => graph.edges.find((e) => e.from === from && e.to === to);
  assert.deepEqual(edge('view', 'checkout'), { from: 'view', to: 'checkout', p: [0.04], guard: 'cart_not_empty' });
  // The 9% the file leaves unassigned ends the session.
  assert.ok(Math.abs(edge('view', null)!.p[0] - 0.09) < 1e-9);
  assert.equal(graph.states.find((s) => s.name === 'add_to_cart')!.cart, '+ cart product');
  // lognormal(mu 2.7, sigma 0.8): mean exp(2.7 + 0.32)
  assert.ok(Math.abs(graph.states.find((s) => s.name === 'view')!.meanDwell! - Math.exp(2.7 + 0.32)) < 1e-9);
  assert.equal(graph.lateDelivery, 'late delivery, 5% of events arrive 10-120 s late, out of order');
  const mermaid = toMermaid(graph);
  assert.match(mermaid, /^ {2}view --> checkout : 4% · after 20 s \[cart not empty\]$/m);
  assert.match(mermaid, /^ {2}view --> \[\*\] : 9% · after 20 s$/m);
  assert.match(toDot(graph), /-> s3 \[label="4% · after 20 s \[cart not empty\]", style=dashed\]/);
});

test('ecommerce: each segment keeps its own probabilities, in the legend order', () => {
  const graph = journeyGraph(loadScenario('ecommerce').scenario);
  assert.deepEqual(graph.segments.map((s) => s.name), ['casual', 'regular', 'power', 'premium']);
  const startToView = graph.edges.find((e) => e.from === 'start' && e.to === 'view')!;
  assert.deepEqual(startToView.p, [0.6, 0.5, 0.4, 0.35]);
  assert.match(toMermaid(graph), /start --> view : 60% \| 50% \| 40% \| 35% · after 0 s/);
  assert.match(toMermaid(graph), /segments \(share of users\) casual 40%, regular 35%, power 20%, premium 5%/);
});

test('next_weights are drawn as the probabilities they become', () => {
  const graph = journeyGraph(loadScenario('user-behavior').scenario);
  for (const state of graph.states) {
    const out = graph.edges.filter((e) => e.from === state.name);
    if (out.length === 0) continue;
    const total = out.reduce((sum, e) => sum + e.p[0], 0);
    assert.ok(Math.abs(total - 1) < 1e-9, `${state.name}: ${total}`);
  }
});

const stateName = fc.oneof(fc.constantFrom('home', 'a b', 'x:y', 'q"uote', 'semi;colon', 'hash#1', 'end_', 'ünï', '1st'), fc.string({ minLength: 1, maxLength: 6 }));

test('any journey: every state is drawn, probabilities out of each state sum to 1, and Graphviz lays it out', async () => {
  let drawn = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.uniqueArray(stateName, { minLength: 1, maxLength: 6, selector: (s) => s.trim() }).filter((names) => names.every((n) => n !== 'end' && n.trim() === n && n !== '')),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 36, maxLength: 36 }),
      async (names, weights) => {
        const states: Record<string, unknown> = {};
        names.forEach((name, i) => {
          const next: Record<string, number> = {};
          let left = 1;
          names.forEach((target, j) => {
            const p = Math.floor(weights[i * 6 + j] * left * 100) / 100;
            if (p > 0) next[target] = p;
            left -= p;
          });
          states[name] = { event: name, next };
        });
        let scenario;
        try {
          scenario = validateRaw({ name: 'random', states, fields: { t: { ref: 'event.type' } } }, 'random').scenario;
        } catch {
          return; // a name the format rejects
        }
        const graph = journeyGraph(scenario);
        for (const name of names) {
          const total = graph.edges.filter((e) => e.from === name).reduce((sum, e) => sum + e.p[0], 0);
          assert.ok(Math.abs(total - 1) < 1e-9);
        }
        const mermaid = toMermaid(graph);
        assert.equal(mermaid.split('\n').filter((l) => l.includes(' --> ')).length, graph.edges.length + 1);
        const svg = await toSvg(graph);
        assert.equal((svg.match(/<g id="node\d+" class="node">/g) ?? []).length, names.length + 2);
        drawn++;
      },
    ),
    { numRuns: 60 },
  );
  // Most random journeys are valid scenarios: the property is not checked on a handful.
  assert.ok(drawn >= 30, `only ${drawn} of 60 journeys were valid`);
});
