/** Slots in Sym.encoded: each dialect caches its own encoding of interned values. */
export const Dialect = {
  json: 0,
  csv: 1,
  tsv: 2,
  text: 3,
  /** JSON as Python's json.dumps writes it: non-ASCII escaped. */
  pythonJson: 4,
  /** The text's UTF-8 bytes, unquoted: Arrow and Parquet string columns. */
  utf8: 5,
} as const;
