import { loadArrow } from '../../encode/columnar/arrow.js';
import type { ColumnarOutput } from '../../sinks/part-file.js';
import { columnarPartFiles, type ColumnarFiles } from './columnar-part-file.js';
import { ColumnarStreamSink } from './columnar-stream-sink.js';

/**
 * What the file and stdout sinks need to write Parquet or Arrow: a factory of columnar
 * files and a wrapper for stdout. The sinks take these as given (they know bytes, not
 * columns); the columns are built here, in the pipeline, from each record's row.
 */
export async function columnarOutput(options: ColumnarFiles): Promise<ColumnarOutput> {
  await loadArrow();
  return { format: options.format, partFiles: columnarPartFiles(options), stdoutSink: (stdout) => new ColumnarStreamSink(stdout, options) };
}
