/**
 * ASCII texts copied eight bytes at a time. A text column copies each interned value's bytes
 * into its buffer; `TypedArray#set` costs about 170 instructions a call whatever the length,
 * while most values are a dozen bytes (docs/benchmarks.md, "Text columns copied in words, row
 * groups in reused buffers and in pieces"). A text's bytes are kept as doubles and written
 * with a DataView: a double whose bytes are ASCII is never a NaN (that needs a byte of 0xF0 or
 * more), so no bit pattern is changed on the way.
 */

/** `text`'s bytes as 8-byte words (the last one padded with zeros), or null when it is not ASCII. */
export function asciiWords(text: string): Float64Array | null {
  const bytes = new Uint8Array(Math.ceil(text.length / 8) * 8);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) return null;
    bytes[i] = code;
  }
  // Read little-endian, as writeWords writes them: the same bytes on any machine.
  const view = new DataView(bytes.buffer);
  return Float64Array.from({ length: bytes.length / 8 }, (_, k) => view.getFloat64(8 * k, true));
}

/**
 * Writes `words` at `at` in `view` and returns where the text of `length` bytes ends. It
 * writes up to 7 bytes past that end (the last word's padding): the view needs that room,
 * and the bytes are overwritten by the next value or are past the column's data.
 */
export function writeWords(view: DataView, at: number, words: Float64Array, length: number): number {
  // A literal `true`: an argument read from a variable is converted to a boolean on every write.
  for (let k = 0; k < words.length; k++) view.setFloat64(at + 8 * k, words[k], true);
  return at + length;
}
