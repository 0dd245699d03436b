/** Templates made of interned values are kept as interned texts; anything else renders as before. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Sym, SymTable } from '../../src/engine/sym.js';
import { TemplateMemo } from '../../src/scenario/template-memo.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { parsedEvents } from '../scenarios/scenario-run.js';

test('a text made of interned values is kept once, as the interned Sym of that text', () => {
  const syms = new SymTable();
  const memo = new TemplateMemo(syms, 2);
  const values = [syms.get('shoes'), syms.get('SKU-1')];
  assert.equal(memo.find(values), undefined);
  const kept = memo.keep(values, '/shoes/SKU-1');
  assert.ok(kept instanceof Sym && kept.index >= 0);
  assert.equal(kept, syms.get('/shoes/SKU-1'));
  assert.equal(memo.find([syms.get('shoes'), syms.get('SKU-1')]), kept);
  assert.equal(memo.find([syms.get('shoes'), syms.get('SKU-2')]), undefined, 'another value is another text');
});

test('values made per session, numbers and plain strings are not kept', () => {
  const syms = new SymTable();
  const memo = new TemplateMemo(syms, 1);
  for (const value of [new Sym('session-42'), 42, 'text', null]) {
    assert.equal(memo.keep([value], `/x/${String(value)}`), `/x/${String(value)}`);
    assert.equal(memo.find([value]), undefined);
  }
});

test('templates render the same text with or without the memo, for any catalog of texts', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 1000 }), (texts, seed) => {
      const rows = texts.map((t) => `      - { name: ${JSON.stringify(t)} }`).join('\n');
      const yaml = `name: memo\ncatalogs:\n  things:\n    rows:\n${rows}\nstates: { home: { next: { home: 0.9 }, dwell: { type: exponential, mean: 3 }, set: { thing: { pick: things } } } }\nfields:\n  page: { template: "/t/{thing.name}/{thing.name}" }\n  name: { ref: thing.name }\n`;
      const events = parsedEvents(compileScenario(parseScenarioText(yaml, 'memo.yaml').scenario, seed), Date.UTC(2024, 0, 1), 300);
      for (const e of events) assert.equal(e.page, `/t/${e.name as string}/${e.name as string}`);
    }),
    { numRuns: 25 },
  );
});

test('a full memo that mostly misses stops looking; one that mostly hits keeps its texts', () => {
  const syms = new SymTable();
  const values = Array.from({ length: 9000 }, (_, i) => syms.get(`v${i}`));
  const missing = new TemplateMemo(syms, 1);
  for (const v of values) if (missing.find([v]) === undefined) missing.keep([v], `/${v.text}`);
  assert.equal(missing.find([values[0]]), undefined, 'switched off: every lookup so far missed');
  const hitting = new TemplateMemo(syms, 1);
  for (const v of values) for (let again = 0; again < 3; again++) if (hitting.find([v]) === undefined) hitting.keep([v], `/${v.text}`);
  assert.equal(hitting.find([values[0]]), syms.get('/v0'), 'still on: two of three lookups hit');
  assert.equal(hitting.find([values[8999]]), undefined, 'full: no more texts kept');
});
