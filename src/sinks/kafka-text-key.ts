/**
 * A record's key given as text (the default: UTF-8), encoded into one reused buffer, from which
 * the sink works out its partition and appends it to the batch. No Buffer is made and no cache
 * is looked up per record: with shop's keys (session ids, a new one every few records) a cache
 * of keys cost more per record than encoding the key again.
 */
export class TextKey {
  private buffer = Buffer.allocUnsafe(64);

  /** The bytes of the key last loaded (its first `load(...)` bytes). */
  get bytes(): Buffer {
    return this.buffer;
  }

  /** Encodes `text` as UTF-8; returns its length in bytes. */
  load(text: string): number {
    const length = text.length;
    // A UTF-16 code unit takes at most 3 bytes of UTF-8.
    if (length * 3 > this.buffer.length) this.buffer = Buffer.allocUnsafe(length * 3);
    const buffer = this.buffer;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code > 0x7f) return buffer.write(text, 0, 'utf8');
      buffer[i] = code;
    }
    return length;
  }
}
