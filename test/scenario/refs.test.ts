import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseTemplate, type TemplatePart } from '../../src/scenario/refs.js';

const refName = fc.stringMatching(/^[A-Za-z_][\w.-]{0,12}$/);
/** Literal text, braces included: they are written doubled. */
const literal = fc.string({ maxLength: 10, unit: fc.constantFrom('a', ' ', '{', '}', ':', '/', 'é', '\t', '0') });

interface Placeholder {
  readonly literal: string;
  readonly ref: string;
  readonly width?: number;
  /** How the width is written: `{n:4}` or `{n:04}`. */
  readonly zero: boolean;
}

const placeholder: fc.Arbitrary<Placeholder> = fc.record(
  { literal, ref: refName, width: fc.integer({ min: 1, max: 20 }), zero: fc.boolean() },
  { requiredKeys: ['literal', 'ref', 'zero'] },
);

function escapeBraces(text: string): string {
  return text.replaceAll('{', '{{').replaceAll('}', '}}');
}

function render(parts: readonly Placeholder[], tail: string): string {
  let out = '';
  for (const p of parts) out += `${escapeBraces(p.literal)}{${p.ref}${p.width === undefined ? '' : `:${p.zero ? '0' : ''}${p.width}`}}`;
  return out + escapeBraces(tail);
}

test('placeholders and literals round-trip through parseTemplate', () => {
  fc.assert(
    fc.property(fc.array(placeholder, { maxLength: 5 }), literal, (parts, tail) => {
      const expected: TemplatePart[] = parts.map((p) => (p.width === undefined ? { literal: p.literal, ref: p.ref } : { literal: p.literal, ref: p.ref, width: p.width }));
      if (tail !== '' || parts.length === 0) expected.push({ literal: tail });
      assert.deepEqual(parseTemplate(render(parts, tail)), expected);
    }),
    { numRuns: 2000 },
  );
});

test('parseTemplate never throws: parts, or a message naming the problem', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), (text) => {
      const result = parseTemplate(text);
      if (typeof result === 'string') assert.match(result, /unclosed "\{"|is not a placeholder|unmatched "\}"/);
      else assert.ok(result.length > 0);
    }),
    { numRuns: 3000 },
  );
});

test('parseTemplate: the errors users see', () => {
  assert.equal(parseTemplate('a{b'), 'unclosed "{" at position 1');
  assert.equal(parseTemplate('a}b'), 'unmatched "}" at position 1; write "}}" for a literal brace');
  assert.equal(parseTemplate('{1x}'), '"{1x}" is not a placeholder; write {name} or {name:04}');
  assert.equal(parseTemplate('{a:b}'), '"{a:b}" is not a placeholder; write {name} or {name:04}');
  assert.deepEqual(parseTemplate('USER_{index:04}'), [{ literal: 'USER_', ref: 'index', width: 4 }]);
  assert.deepEqual(parseTemplate('{ user.id }'), [{ literal: '', ref: 'user.id' }]);
  assert.deepEqual(parseTemplate(''), [{ literal: '' }]);
});
