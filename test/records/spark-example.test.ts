import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadScenario } from '../../src/scenario/load.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { deriveRecordSchema } from '../../src/records/derive.js';
import { toSparkDdl } from '../../src/records/ddl.js';
import { packageRoot } from '../../src/package-root.js';

/**
 * The Spark example of docs/server.md reads the TCP stream of the server's default
 * scenario (ecommerce): its schema must be the one clickgen derives, and the columns it
 * groups by must be fields the records have, or every row reads NULL.
 */
test('docs/server.md: the Spark example uses the derived schema of the ecommerce records', () => {
  const doc = readFileSync(`${packageRoot()}/docs/server.md`, 'utf8');
  const python = /```python\n([\s\S]*?)```/.exec(doc.slice(doc.indexOf("## TCP for Spark's socket source")));
  assert.ok(python, 'no python example after the TCP section heading');
  const ddl = /^schema = "(.*)"$/m.exec(python[1]);
  assert.ok(ddl, 'the example sets schema = "..." (a DDL string)');
  const loaded = loadScenario('ecommerce');
  const records = deriveRecordSchema(compileScenario(loaded.scenario, 1, loaded.source));
  assert.equal(ddl[1], toSparkDdl(records));
  const fieldNames = records.fields.map((f) => f.name);
  const documented = [...ddl[1].matchAll(/`([^`]+)` /g)].map((m) => m[1]);
  assert.deepEqual(documented, fieldNames);
  for (const used of python[1].matchAll(/groupBy\("([^"]+)"\)/g)) assert.ok(fieldNames.includes(used[1]), `groupBy("${used[1]}") names no field of ecommerce`);
});
