/**
 * DuckDB (@duckdb/node-api, its engine shipped in the npm package) as the independent
 * reader of the Parquet files clickgen writes.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

let connection: Promise<DuckDBConnection> | undefined;

function connect(): Promise<DuckDBConnection> {
  return (connection ??= DuckDBInstance.create(':memory:').then((db) => db.connect()));
}

/** Rows of a query as plain JS values (timestamps as Date, BIGINT as bigint, structs as objects). */
export async function query(sql: string): Promise<Record<string, unknown>[]> {
  const reader = await (await connect()).runAndReadAll(sql);
  return reader.getRowObjectsJS();
}

/** Each column's DuckDB type as DuckDB prints it (`TIMESTAMP WITH TIME ZONE`, `STRUCT(...)`). */
export async function columnTypes(sql: string): Promise<Record<string, string>> {
  const rows = await query(`DESCRIBE ${sql}`);
  return Object.fromEntries(rows.map((r) => [r.column_name as string, r.column_type as string]));
}

/** A path as a SQL string literal. */
export function literal(path: string): string {
  return `'${path.replaceAll("'", "''")}'`;
}
