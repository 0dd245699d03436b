/** Slots in Sym.encoded: each dialect caches its own encoding of interned values. */
export const Dialect = {
  json: 0,
  csv: 1,
  tsv: 2,
  text: 3,
  /** JSON as Python's json.dumps writes it: non-ASCII escaped. */
  pythonJson: 4,
  /** Avro binary: the length and the UTF-8 bytes of a string. */
  avro: 5,
  /** The text's UTF-8 bytes, unquoted: Arrow and Parquet string columns. */
  utf8: 6,
} as const;
