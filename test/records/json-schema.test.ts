import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { builtinNames, loadScenario } from '../../src/scenario/load.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { deriveRecordSchema } from '../../src/records/derive.js';
import { toJsonSchema } from '../../src/records/json-schema.js';
import { generateBytes } from '../helpers/generate.js';

const EVENTS = 100_000;

/**
 * Every record of every built-in scenario is valid against the JSON Schema derived from
 * it, with ajv (an independent validator): types, enums, formats (uuid, ipv4, date-time),
 * required fields and no field the schema does not name.
 */
for (const name of builtinNames()) {
  test(`${name}: ${EVENTS.toLocaleString('en-US')} generated records validate against the derived JSON Schema`, async () => {
    const loaded = loadScenario(name);
    const schema = toJsonSchema(deriveRecordSchema(compileScenario(loaded.scenario, 7, loaded.source)));
    const ajv = new Ajv2020({ allErrors: false, strict: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const { bytes } = await generateBytes(name, { seed: 7, count: EVENTS });
    const lines = bytes.toString('utf8').split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, EVENTS);
    for (let i = 0; i < lines.length; i++) {
      if (!validate(JSON.parse(lines[i]))) assert.fail(`record ${i + 1}: ${ajv.errorsText(validate.errors)}\n${lines[i]}`);
    }
  });
}

test('a record with a field of the wrong type, an unknown field or a value outside an enum is rejected', () => {
  const loaded = loadScenario('gift-shop');
  const ajv = new Ajv2020({ strict: true });
  addFormats.default(ajv);
  const validate = ajv.compile(toJsonSchema(deriveRecordSchema(compileScenario(loaded.scenario, 1, loaded.source))));
  const good = {
    __time: '2024-01-01T00:00:00.000',
    user_id: 12,
    event_type: 'login',
    client_ip: '127.0.0.1',
    client_device: 'mobile',
    client_lang: 'English',
    client_country: 'India',
    referrer: 'amazon.com',
    keyword: null,
    product: null,
    session_id: '0b0c3f55-5f4a-4d41-8a84-3c8b8f2a1e11',
  };
  assert.equal(validate(good), true, ajv.errorsText(validate.errors));
  assert.equal(validate({ ...good, user_id: 'u12' }), false);
  assert.equal(validate({ ...good, extra: 1 }), false);
  assert.equal(validate({ ...good, event_type: 'teleport' }), false);
  assert.equal(validate({ ...good, __time: '2024-01-01T00:00:00.000Z' }), false);
  const withoutSession: Record<string, unknown> = { ...good };
  delete withoutSession.session_id;
  assert.equal(validate(withoutSession), false);
});
