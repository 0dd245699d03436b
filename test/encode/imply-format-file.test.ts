import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { EventView, OutputSchema } from '../../src/engine/event.js';
import { Sym } from '../../src/engine/sym.js';
import { ClickgenError } from '../../src/errors.js';
import { ImplyFormatFileEncoder, parsePlaceholders } from '../../src/encode/imply-format-file.js';
import { decodePythonEscapes } from '../../src/encode/python-escapes.js';

const names = ['time', 'user', 'score', 'request', 'flag', 'gone'];
const schema: OutputSchema = {
  fields: names.map((name, index) => (name === 'time' ? { index, name, path: [name], time: 'iso' as const } : { index, name, path: [name] })),
  layouts: [{ id: 0, columns: [0, 1, 2, 3, 4, 5] }],
  indexOf: (name) => names.indexOf(name),
};
const context = { emitters: new Map([['e', names]]), floatFields: new Set(['score']), env: { HOST: 'web01' } as Record<string, string | undefined> };
const values = [Date.UTC(2024, 0, 3, 14, 5, 9), new Sym('ann'), 5, { path: '/x', query: null }, true, undefined];

function render(format: string, env = context.env): string {
  const encoder = new ImplyFormatFileEncoder(schema, format, 'f.txt', { ...context, env });
  const event = { time: 0, type: new Sym('e'), session: 0, layout: schema.layouts[0], values } as EventView;
  const out = new Uint8Array(4096);
  return Buffer.from(out.subarray(0, encoder.encode(event, out, 0))).toString('utf8');
}

function usageError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ClickgenError);
    assert.equal(error.exitCode, 2);
    return error.message;
  }
  return assert.fail('expected a usage error');
}

test('{{name}}, {{ name }} and the older {name} are placeholders; missing values are empty', () => {
  assert.equal(render('{{user}}|{{ user }}|{user}|{{gone}}'), 'ann|ann|ann|\n');
});

test('{{time|STRFTIME}} formats a time; a bare time is str(datetime); a format on a non-time is ignored', () => {
  assert.equal(render('[{{time|%d/%b/%Y:%H:%M:%S %z}}] {{time|%s}} {{time}} {{user|%Y}}'), '[03/Jan/2024:14:05:09 +0000] 1704290709 2024-01-03 14:05:09+00:00 ann\n');
});

test('values as Python prints them: floats, booleans, dicts; dotted names walk into objects', () => {
  assert.equal(render('{{score}} {{flag}} {{request.path}} {{request}}'), "5.0 True /x {'path': '/x', 'query': None}\n");
});

test('\\t and other Python escapes; surrounding whitespace of the file dropped; UTF-8 kept', () => {
  assert.equal(render('  {{user}}\\t{{score}}\\n\\u00e9 café\\q  \n'), 'ann\t5.0\né café\\q\n');
});

test('%NAME% takes an environment variable; an unset one is a clear error', () => {
  assert.equal(render('{"host":"%HOST%","u":"{{user}}"}'), '{"host":"web01","u":"ann"}\n');
  const message = usageError(() => render('%HOST% %INDEX% %SOURCE%'));
  assert.match(message, /^-f f\.txt: environment variables INDEX, SOURCE are not set \(the file uses %INDEX%, %SOURCE%\)/);
  // strftime codes inside a placeholder are never read as variables.
  assert.equal(render('{{time|%H%M%S}}'), '140509\n');
});

test('unknown placeholders are an error naming them and the fields the emitter has', () => {
  const message = usageError(() => render('{__time}\\t{username}\\t{{post_title}}'));
  assert.equal(message, '-f f.txt: unknown fields {__time}, {username}, {{post_title}}: this format file was written for another config; emitter "e" has time, user, score, request, flag, gone');
});

test('a broken escape is reported with its position', () => {
  assert.match(usageError(() => render('{{user}}\\x4')), /-f f\.txt: broken \\x escape at position 9: it needs 2 hex digits/);
});

test('escape decoding: any text without backslashes is unchanged; doubled backslashes become one (property)', () => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      const plain = s.replaceAll('\\', '');
      assert.equal(decodePythonEscapes(plain), plain);
      assert.equal(decodePythonEscapes(s.replaceAll('\\', '\\\\')), s);
    }),
  );
});

test('placeholder parsing: literal text around placeholders is kept exactly (property)', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.string().filter((s) => !s.includes('{') && !s.includes('}')), fc.constantFrom('a', 'b_c', 'x.y'))), (parts) => {
      const text = parts.map(([lit, name]) => `${lit}{{${name}}}`).join('');
      const pieces = parsePlaceholders(text);
      assert.deepEqual(pieces.filter((p) => p.name !== undefined).map((p) => p.name), parts.map(([, n]) => n));
      assert.equal(pieces.map((p) => p.literal).join(''), parts.map(([l]) => l).join(''));
    }),
  );
});
