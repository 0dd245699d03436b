import type { Encoder } from '../types.js';

/**
 * The pipeline's encoder for Parquet and Arrow. Columnar formats are written a row group
 * at a time, not a record at a time, so a record has no bytes of its own: each batch
 * carries the records' rows (RecordBatch.rows, asked for by the sink's `wantsRows`), and
 * the sink builds the columns and encodes full groups (sinks/columnar-part-file.ts).
 */
export class RowsOnlyEncoder implements Encoder {
  constructor(readonly format: 'parquet' | 'arrow') {}

  header(): null {
    return null;
  }

  encode(_event: unknown, _out: Uint8Array, offset: number): number {
    return offset;
  }
}
