import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Sym } from '../../src/engine/sym.js';
import { pyDateTime, pyFloatRepr, pyJsonDumps, pyJsonString, pyStr } from '../../src/encode/python-text.js';

test('float repr matches Python for known values', () => {
  // Values and Python 3.11 repr() of them.
  const cases: [number, string][] = [
    [5, '5.0'],
    [0, '0.0'],
    [-0, '-0.0'],
    [3.6788408630429643, '3.6788408630429643'],
    [0.1, '0.1'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1.5e-7, '1.5e-07'],
    [1e16, '1e+16'],
    [1.234e16, '1.234e+16'],
    [9999999999999998, '9999999999999998.0'],
    [123456789.125, '123456789.125'],
    [-2.5, '-2.5'],
    [1e22, '1e+22'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
  ];
  for (const [x, repr] of cases) assert.equal(pyFloatRepr(x), repr, String(x));
});

test('float repr round-trips and uses Python\'s notation rule (property)', () => {
  fc.assert(
    fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
      const text = pyFloatRepr(x);
      assert.equal(Number(text), x);
      const exponent = x === 0 ? 0 : Math.floor(Math.log10(Math.abs(x)));
      if (/e/.test(text)) assert.ok(exponent < -4 || exponent >= 15, text);
      else assert.match(text, /^-?\d+\.\d+$/);
    }),
    { numRuns: 5000 },
  );
});

test('datetime isoformat and str: microseconds only when not zero', () => {
  assert.equal(pyDateTime(Date.UTC(2024, 0, 1, 0, 0, 4, 94), 'T'), '2024-01-01T00:00:04.094000+00:00');
  assert.equal(pyDateTime(Date.UTC(2024, 0, 1, 0, 0, 5), 'T'), '2024-01-01T00:00:05+00:00');
  assert.equal(pyDateTime(Date.UTC(2024, 0, 1, 0, 0, 1), ' '), '2024-01-01 00:00:01+00:00');
});

test('str() of values: None, booleans, floats, containers', () => {
  assert.equal(pyStr(null), 'None');
  assert.equal(pyStr(true), 'True');
  assert.equal(pyStr(5, true), '5.0');
  assert.equal(pyStr(5), '5');
  assert.equal(pyStr(new Sym('x')), 'x');
  assert.equal(pyStr({ a: 1, b: [null, "it's"], c: 'q' }), `{'a': 1, 'b': [None, "it's"], 'c': 'q'}`);
});

test('json.dumps: separators with spaces, non-ASCII escaped as \\uXXXX', () => {
  assert.equal(pyJsonDumps({ a: [1, 'é'], b: { c: null } }), '{"a": [1, "\\u00e9"], "b": {"c": null}}');
  assert.equal(pyJsonString('tab\there "q" \u007f 😀'), '"tab\\there \\"q\\" \\u007f \\ud83d\\ude00"');
});
