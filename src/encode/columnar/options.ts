/** The choices of the columnar formats, apart from their writers (which load only when used). */
export type ColumnarFormatName = 'parquet' | 'arrow';

export type ParquetCompression = 'zstd' | 'snappy' | 'none';
export const PARQUET_COMPRESSIONS: readonly ParquetCompression[] = ['zstd', 'snappy', 'none'];

export interface ColumnarOptions {
  readonly format: ColumnarFormatName;
  /** Rows per Parquet row group or Arrow record batch. */
  readonly rowGroupRows: number;
  readonly compression: ParquetCompression;
}
