import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventView, OutputSchema } from '../../src/engine/event.js';
import { Sym } from '../../src/engine/sym.js';
import { ClickgenError } from '../../src/errors.js';
import { createJinjaEncoder } from '../../src/encode/jinja-template.js';

const names = ['time', 'uri_query', 'response_time_microseconds', 'http_user_agent', 'dest_port', 'status', 'missing'];
const schema: OutputSchema = {
  fields: names.map((name, index) => (name === 'time' ? { index, name, path: [name], time: 'iso' as const } : { index, name, path: [name] })),
  layouts: [{ id: 0, columns: [0, 1, 2, 3, 4, 5, 6] }],
  indexOf: (name) => names.indexOf(name),
};

async function render(body: string, values: unknown[], env: Record<string, string> = {}, header?: string): Promise<string> {
  const encoder = await createJinjaEncoder(schema, { name: 't', body, ...(header === undefined ? {} : { header }) }, env);
  const event = { time: 0, type: new Sym('e'), session: 0, layout: schema.layouts[0], values } as EventView;
  const out = new Uint8Array(4096);
  const head = encoder.header();
  return (head === null ? '' : Buffer.from(head).toString('utf8')) + Buffer.from(out.subarray(0, encoder.encode(event, out, 0))).toString('utf8');
}

const T = Date.UTC(2024, 0, 3, 12, 0, 0, 500);
const row = [T, '', 12345, 'Mozilla/5.0 (X11; Linux)', new Sym('443'), 200, undefined];

test('the template features the Imply presets use', async () => {
  assert.equal(await render("{{ time.strftime('%d/%b/%Y:%H:%M:%S') }} {{ time.strftime('%b %d %H:%M:%S') }}", row), '03/Jan/2024:12:00:00 Jan 03 12:00:00\n');
  assert.equal(await render('{{ time.timestamp()|int }}', row), '1704283200\n');
  assert.equal(await render('{{ (response_time_microseconds / 1000)|int }}', row), '12\n');
  assert.equal(await render("{{ http_user_agent|replace(' ', '+') }}", row), 'Mozilla/5.0+(X11;+Linux)\n');
  assert.equal(await render('{% if uri_query %}?{{ uri_query }}{% endif %}/', row), '/\n');
  assert.equal(await render('{% if uri_query %}{{ uri_query }}{% else %}-{% endif %}', [T, 'a=1']), 'a=1\n');
  assert.equal(await render("{% if dest_port == '443' %}https{% else %}-{% endif %}", row), 'https\n');
  assert.equal(await render("{% if status == 'ANSWERED' %}x{% else %}0{% endif %}", row), '0\n');
  assert.equal(await render('{{ status }},{{ missing }},"{{ nothing }}"', row), '200,,""\n');
});

test('a time printed bare is str(datetime); one trailing newline of the body is dropped', async () => {
  assert.equal(await render('{{ time }}\n', row), '2024-01-03 12:00:00.500000+00:00\n');
});

test('the header is written once, as is (not rendered)', async () => {
  assert.equal(await render('{{ status }}', row, {}, '#Fields: {{ not rendered }}'), '#Fields: {{ not rendered }}\n200\n');
});

test('env.NAME and env.get read the environment passed in; an unset env.NAME is refused up front', async () => {
  assert.equal(await render("{{ env.HOST }} {{ env.get('NOPE', 'dflt') }}", row, { HOST: 'h1' }), 'h1 dflt\n');
  await assert.rejects(render('{{ env.INDEX }}', row), (e: ClickgenError) => e.code === 'IMPLY_CONFIG' && /environment variable INDEX is not set/.test(e.message));
});

test('a template that does not parse is an IMPLY_CONFIG error; one that fails on a record is a run error', async () => {
  await assert.rejects(render('{% if %}', row), (e: ClickgenError) => e.code === 'IMPLY_CONFIG' && e.exitCode === 2 && /templates\.t: not a valid template/.test(e.message));
  await assert.rejects(render('{{ missing.strftime("%Y") }}', row), (e: ClickgenError) => e.code === 'TEMPLATE_RENDER' && e.exitCode === 1);
});
