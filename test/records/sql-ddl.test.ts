import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { builtinNames, loadScenario } from '../../src/scenario/load.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { deriveRecordSchema } from '../../src/records/derive.js';
import { toSqlDdl } from '../../src/records/ddl.js';
import { generateBytes, parseLines } from '../helpers/generate.js';

const dir = mkdtempSync(join(tmpdir(), 'clickgen-sql-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const EVENTS = 2000;

/**
 * DuckDB accepts the CREATE TABLE of every built-in scenario and loads its NDJSON into it
 * (NOT NULL, struct and list columns included): each column holds as many non-null values
 * as the records have, and numbers add up to the same totals.
 */
for (const name of builtinNames()) {
  test(`${name}: DuckDB creates the table from the sql schema and loads ${EVENTS} records into it`, async () => {
    const loaded = loadScenario(name);
    const schema = deriveRecordSchema(compileScenario(loaded.scenario, 3, loaded.source));
    const { bytes } = await generateBytes(name, { seed: 3, count: EVENTS });
    const file = join(dir, `${name}.ndjson`);
    writeFileSync(file, bytes);
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    try {
      await connection.run(toSqlDdl(schema));
      await connection.run(`COPY "${name}" FROM '${file}' (FORMAT json)`);
      const records = parseLines(bytes);
      for (const field of schema.fields) {
        const rows = (await connection.runAndReadAll(`SELECT count("${field.name}") FROM "${name}"`)).getRows();
        const expected = records.filter((r) => r[field.name] !== undefined && r[field.name] !== null).length;
        assert.equal(Number(rows[0][0]), expected, `non-null ${field.name}`);
        if (field.type.kind === 'decimal' || field.type.kind === 'int') {
          const sum = (await connection.runAndReadAll(`SELECT coalesce(sum("${field.name}"), 0)::DOUBLE FROM "${name}"`)).getRows()[0][0] as number;
          const total = records.reduce((a, r) => a + (typeof r[field.name] === 'number' ? (r[field.name] as number) : 0), 0);
          assert.ok(Math.abs(sum - total) <= 1e-6 * Math.max(1, Math.abs(total)), `sum of ${field.name}: ${sum} vs ${total}`);
        }
      }
    } finally {
      connection.closeSync();
      db.closeSync();
    }
  });
}
