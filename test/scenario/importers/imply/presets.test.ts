import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { Engine } from '../../../../src/engine/engine.js';
import { ImplyFormatFileEncoder } from '../../../../src/encode/imply-format-file.js';
import { createJinjaEncoder } from '../../../../src/encode/jinja-template.js';
import type { Encoder } from '../../../../src/encode/types.js';
import { generateRecords, importConfig, START, type Imported } from '../../../helpers/imply.js';

const PRESETS = 'test/fixtures/imply/presets';
const LEGACY = 'test/fixtures/imply/legacy';

function emittersOf(file: string): Map<string, string[]> {
  const config = JSON.parse(readFileSync(file, 'utf8')) as { emitters: { name: string; dimensions: { name: string; percent_missing?: number }[] }[] };
  return new Map(config.emitters.map((e) => [e.name, e.dimensions.map((d) => d.name)]));
}

function render(imported: Imported, encoder: Encoder, count: number): string {
  const engine = new Engine(imported.compiled, { start: START, count });
  const out = Buffer.alloc(1 << 20);
  let text = new TextDecoder().decode(encoder.header() ?? new Uint8Array());
  for (let e = engine.next(); e !== null; e = engine.next()) {
    const end = encoder.encode(e, out, 0);
    assert.ok(end > 0);
    text += out.subarray(0, end).toString('utf8');
  }
  return text;
}

const presets = readdirSync(PRESETS).filter((f) => f.endsWith('.json'));

test('all seven preset configs are fixtures', () => {
  assert.deepEqual(presets.sort(), ['ecommerce.json', 'ecommerce_furniture.json', 'ecommerce_lighting.json', 'endpoint_network.json', 'pbx_calls.json', 'ssh_auth.json', 'vpc_flow_logs.json']);
});

for (const file of presets) {
  test(`preset ${file}: runs unchanged; each record has exactly its emitter's fields, in order`, () => {
    const emitters = emittersOf(`${PRESETS}/${file}`);
    const imported = importConfig(readFileSync(`${PRESETS}/${file}`, 'utf8'), { seed: 3, maxWorkers: 20 });
    assert.equal(imported.imported.format, 'typed');
    const records = generateRecords(imported, 2000);
    assert.equal(records.length, 2000);
    const seen = new Set<string>();
    for (const r of records) {
      seen.add(r.type);
      assert.deepEqual(Object.keys(r.fields), emitters.get(r.type), `${file}: ${r.type}`);
      for (const v of Object.values(r.fields)) assert.notEqual(v, undefined);
    }
    assert.deepEqual([...seen].sort(), [...emitters.keys()].sort());
  });

  test(`preset ${file}: every template renders every record, no undefined or empty placeholder left`, async () => {
    const imported = importConfig(readFileSync(`${PRESETS}/${file}`, 'utf8'), { seed: 3, maxWorkers: 20 });
    assert.ok(imported.imported.templates.size > 0);
    for (const [name, template] of imported.imported.templates) {
      const encoder = await createJinjaEncoder(imported.compiled.schema, { name, ...template }, {});
      const text = render(imported, encoder, 300);
      const lines = text.trimEnd().split('\n');
      assert.equal(lines.length, 300 + (template.header === undefined ? 0 : 1), name);
      assert.doesNotMatch(text, /undefined|NaN|\[object |\{\{|\{%/, `${file} ${name}`);
      if (template.header !== undefined) assert.equal(lines[0], template.header);
    }
  });
}

test('template outputs match the shapes of the original\'s samples', async () => {
  const cases: [string, string, RegExp][] = [
    ['ecommerce.json', 'access_combined', /^\d+\.\d+\.\d+\.\d+ - \S+ \[\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "[A-Z]+ \/\S* HTTP\/[\d.]+" \d{3} \d+ "[^"]*" "[^"]+"$/],
    ['vpc_flow_logs.json', 'aws:cloudwatchlogs:vpcflow', /^2 \d{12} eni-[0-9a-f]+ [\d.]+ [\d.]+ \d+ \d+ \d+ \d+ \d+ \d{10} \d{10} (ACCEPT|REJECT) OK$/],
    ['ssh_auth.json', 'linux_secure', /^[A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d \S+ sshd\[\d+\]: (\S.* for \S+ from [\d.]+ port \d+ ssh2|pam_unix\(sshd:session\): .* for user \S+)$/],
    ['pbx_calls.json', 'asterisk_cdr', /^"[^"]*","\d+","\d+","default","\d+","SIP\/\d+","[^"]*","Dial","[^"]*","\d{4}-\d\d-\d\d \d\d:\d\d:\d\d","[^"]+","[^"]+",\d+,\d+,"[A-Z ]+","DOCUMENTATION"$/],
    ['endpoint_network.json', 'WindowsFirewallLog', /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (ALLOW|DROP) (TCP|UDP|ICMP) [\d.]+ [\d.]+ \d+ \d+ \d+ - - - - - - (RECEIVE|SEND) -$/],
  ];
  for (const [file, name, shape] of cases) {
    const imported = importConfig(readFileSync(`${PRESETS}/${file}`, 'utf8'), { seed: 5, maxWorkers: 20 });
    const encoder = await createJinjaEncoder(imported.compiled.schema, { name, ...imported.imported.templates.get(name)! }, {});
    for (const line of render(imported, encoder, 200).trimEnd().split('\n')) assert.match(line, shape, `${file} ${name}: ${line}`);
  }
});

test('older-format configs run, and their shipped format files render them', () => {
  const pairs: [string, string, RegExp][] = [
    ['apache_access_json.json', 'apache_access_json.txt', /^\{"time":"\d{10}","bytes_in":"\d+",.*"user":"[^"]*"\}$/],
    ['vpc_flow_logs.json', 'vpc_flow_logs.txt', /^2 \d{12} eni-\w+ [\d.]+ [\d.]+ \d+ \d+ \d+ \d+ \d+ \d{10} \d{10} \w+ \w+$/],
    ['apache_access_combined.json', 'tsv_apache_access_combined.txt', /^[\d.]+ - \S+ \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "\w+ \S+ HTTP\/[\d.]+" \d+ \d+ "[^"]*" "[^"]*"$/],
    ['apache_access_json.json', 'hec_apache_access_json.txt', /^\{"source":"web","sourcetype":"apache:access:json","index":"main","host":"[\d.]+","time":\d{10},"event":\{.*\}\}$/],
  ];
  for (const [config, format, shape] of pairs) {
    const imported = importConfig(readFileSync(`${LEGACY}/${config}`, 'utf8'), { seed: 2, maxWorkers: 20 });
    assert.equal(imported.imported.format, 'legacy');
    const encoder = new ImplyFormatFileEncoder(imported.compiled.schema, readFileSync(`test/fixtures/imply/formats/${format}`, 'utf8'), format, {
      emitters: imported.imported.emitters,
      floatFields: imported.imported.floatFields,
      env: { TARGET_SOURCE: 'web', TARGET_INDEX: 'main' },
    });
    for (const line of render(imported, encoder, 200).trimEnd().split('\n')) assert.match(line, shape, `${config} + ${format}: ${line}`);
  }
  const social = generateRecords(readFileSync(`${LEGACY}/social_posts.json`, 'utf8'), 500, { maxWorkers: 5 });
  assert.equal(social.length, 500);
});
