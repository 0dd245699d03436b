/**
 * Objects that carry their shape (scenario/value-shape.ts) are written by JSON writers from
 * the shape's pieces, not from their keys: the bytes must still be JSON.stringify's of the
 * object itself, whatever members are constant, nested, absent or null.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { writeJsonValue } from '../../src/encode/json-value.js';
import type { FieldValue } from '../../src/engine/event.js';
import { SymTable } from '../../src/engine/sym.js';
import { ConstantShape, ObjectShape, SHAPE, withShape, type ShapeMember } from '../../src/scenario/value-shape.js';

/** A member as an `object` source compiles it, with the value it has on one event. */
type MemberSpec =
  | { readonly key: string; readonly kind: 'constant'; readonly value: unknown }
  | { readonly key: string; readonly kind: 'nested'; readonly members: readonly MemberSpec[] }
  | { readonly key: string; readonly kind: 'varies'; readonly value: unknown };

const syms = new SymTable();
// Integer keys are not plain: objects with them get no shape and are written key by key.
const key = fc.oneof(fc.constantFrom('key', 'value', 'int_value', 'a"b', 'é', '', '0', '10', 'x y'), fc.string({ maxLength: 6 }));
const leaf = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(undefined, null, syms.get('SKU-1'), syms.get('q"uote'), 1.5, -0, NaN),
);

const { members } = fc.letrec<{ members: MemberSpec[]; member: MemberSpec }>((tie) => ({
  members: fc.uniqueArray(tie('member'), { maxLength: 5, selector: (m) => m.key }),
  member: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ key, kind: fc.constant('constant' as const), value: leaf }),
    fc.record({ key, kind: fc.constant('varies' as const), value: leaf }),
    fc.record({ key, kind: fc.constant('nested' as const), members: tie('members') }),
  ),
}));

const plain = (k: string): boolean => k !== '__proto__' && !/^(0|[1-9][0-9]*)$/.test(k);

/** The shape of objects of these members, as compile-values.ts makes it: undefined when a key is not plain. */
function shapeOf(specs: readonly MemberSpec[]): ObjectShape | undefined {
  return ObjectShape.of(
    specs.map((m): ShapeMember => {
      if (m.kind === 'constant') return { key: m.key, constant: { value: m.value as FieldValue } };
      if (m.kind === 'nested') return { key: m.key, shape: shapeOf(m.members) };
      return { key: m.key };
    }),
  );
}

/** The object its evaluator builds: members in order, absent ones left out, nested objects with their own shapes. */
function build(specs: readonly MemberSpec[]): object {
  const out: Record<string, unknown> = {};
  for (const m of specs) {
    const value = m.kind === 'nested' ? build(m.members) : m.value;
    if (value !== undefined) out[m.key] = value;
  }
  const shape = shapeOf(specs);
  return shape === undefined ? out : withShape(out, shape);
}

function written(value: unknown, size = 1 << 16): string | null {
  const out = new Uint8Array(size);
  const end = writeJsonValue(value, out, 0, out.length);
  return end < 0 ? null : Buffer.from(out.subarray(0, end)).toString('utf8');
}

test('an object written by its shape is what JSON.stringify writes of it, whatever its members', () => {
  fc.assert(
    fc.property(members, (specs) => {
      const value = build(specs);
      assert.equal(written(value), JSON.stringify(value));
      assert.equal(written([value, value]), JSON.stringify([value, value]));
      // The shape is used when there is one: the writer does not fall back to the keys.
      assert.equal(SHAPE in value, specs.every((m) => plain(m.key)));
    }),
    { numRuns: 3000 },
  );
});

test('an object written by its shape fits or is refused, at any size', () => {
  fc.assert(
    fc.property(members, fc.nat(120), (specs, size) => {
      const value = build(specs);
      const text = JSON.stringify(value);
      const result = written(value, size);
      if (Buffer.byteLength(text) > size) assert.equal(result, null);
      else if (result !== null) assert.equal(result, text);
    }),
    { numRuns: 2000 },
  );
});

test('nested constants, keys and braces are merged into one piece between members that vary', () => {
  const shape = shapeOf([
    { key: 'key', kind: 'constant', value: syms.get('ga_session_number') },
    { key: 'value', kind: 'nested', members: [{ key: 'int_value', kind: 'varies', value: 3 }] },
  ])!;
  assert.deepEqual(
    shape.steps.map((s) => [s.path, Buffer.from(s.first).toString()]),
    [
      [['value', 'int_value'], '{"key":"ga_session_number","value":{"int_value":'],
      [null, ''],
    ],
  );
  assert.equal(Buffer.from(shape.steps[1].absentFirst).toString(), '}}');
});

test('a constant object or list carries its JSON, which is written as it is', () => {
  const value = withShape({ a: [1, 'x'], b: null, c: syms.get('é') }, new ConstantShape({ a: [1, 'x'], b: null, c: syms.get('é') }));
  assert.equal(written(value), JSON.stringify(value));
  assert.equal(written({ outer: value }), JSON.stringify({ outer: value }));
});
