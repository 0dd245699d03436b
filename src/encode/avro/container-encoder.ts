import { createHash } from 'node:crypto';
import type avro from 'avsc';
import type { EventView, OutputSchema } from '../../engine/event.js';
import type { Encoder } from '../types.js';
import { blockCodec, type AvroCodecName, type BlockCodec } from './codecs.js';
import { AvroOutput, AvroRecordWriter } from './record-writer.js';
import { lazyPackage } from '../lazy-package.js';

const avsc = lazyPackage<typeof avro>('avsc');

let HEADER_TYPE: avro.Type | undefined;
/** The header of an Avro object container file, as the specification defines it (made on first use, as avsc is loaded). */
const headerType = (): avro.Type => (HEADER_TYPE ??= avsc().Type.forSchema({
  type: 'record',
  name: 'org.apache.avro.file.Header',
  fields: [
    { name: 'magic', type: { type: 'fixed', name: 'Magic', size: 4 } },
    { name: 'meta', type: { type: 'map', values: 'bytes' } },
    { name: 'sync', type: { type: 'fixed', name: 'Sync', size: 16 } },
  ],
}));
const MAGIC = Buffer.from([0x4f, 0x62, 0x6a, 0x01]);

/** A block is closed once its records take this many bytes before compression (the Java writer's default sync interval is 64 KiB). */
const BLOCK_BYTES = 64 * 1024;
/** Room for a block's record count and byte size (two longs). */
const BLOCK_PREFIX = 20;

export interface AvroContainerOptions {
  readonly codec: AvroCodecName;
  /** The file's 16-byte sync marker: derived from the seed, so a run's bytes are the same each time. */
  readonly sync: Uint8Array;
  /** The Avro schema records are written with (the derived one, or the user's). */
  readonly avroSchema: Record<string, unknown>;
}

/**
 * Avro object container files: a header with the schema, codec and sync marker, then
 * blocks of records. Records are written into the current block; the event that fills a
 * block writes the whole block (count, size, compressed records, sync marker) as its
 * bytes, and the block that is left at the end is the trailer. Blocks close at a record
 * count fixed by the records alone, so the file does not depend on batch sizes.
 */
export class AvroContainerEncoder implements Encoder {
  readonly format = 'avro';
  private readonly writer: AvroRecordWriter;
  private readonly compress: BlockCodec;
  /** The records of the current block. */
  private readonly block = new AvroOutput();
  private blockCount = 0;

  constructor(
    output: OutputSchema,
    private readonly options: AvroContainerOptions,
  ) {
    this.writer = new AvroRecordWriter(avsc().Type.forSchema(options.avroSchema as avro.Schema) as avro.types.RecordType, output);
    this.compress = blockCodec(options.codec);
  }

  header(): Uint8Array {
    const meta = {
      'avro.schema': Buffer.from(JSON.stringify(this.options.avroSchema)),
      'avro.codec': Buffer.from(this.options.codec),
    };
    return headerType().toBuffer({ magic: MAGIC, meta, sync: Buffer.from(this.options.sync) });
  }

  encode(event: EventView, out: Uint8Array, offset: number): number {
    const block = this.block;
    const before = block.pos;
    this.writer.write(block, event);
    this.blockCount++;
    if (block.pos < BLOCK_BYTES) return offset;
    const end = this.writeBlock(out, offset);
    if (end < 0) {
      // No room: take the record back out; it is encoded again into the next buffer.
      block.pos = before;
      this.blockCount--;
    }
    return end;
  }

  /** The last block, with the records after the last full one; empty when there are none. */
  trailer(): Uint8Array | null {
    if (this.blockCount === 0) return null;
    // A compressor may grow incompressible data by a few bytes: room to spare.
    const out = new Uint8Array(this.block.pos * 2 + BLOCK_PREFIX + 1024);
    return out.subarray(0, this.writeBlock(out, 0));
  }

  /** Writes the current block to `out` at `offset` and starts a new one; -1 (keeping the block) when it does not fit. */
  private writeBlock(out: Uint8Array, offset: number): number {
    const data = this.compress(this.block.bytes.subarray(0, this.block.pos));
    if (offset + BLOCK_PREFIX + data.length + 16 > out.length) return -1;
    let o = writeLong(out, offset, this.blockCount);
    o = writeLong(out, o, data.length);
    out.set(data, o);
    out.set(this.options.sync, o + data.length);
    this.block.pos = 0;
    this.blockCount = 0;
    return o + data.length + 16;
  }
}

/** An Avro long: zig-zag, then base-128 varint. */
function writeLong(out: Uint8Array, offset: number, n: number): number {
  let z = n >= 0 ? n * 2 : -n * 2 - 1;
  let o = offset;
  while (z >= 0x80) {
    out[o++] = (z % 0x80) | 0x80;
    z = Math.floor(z / 0x80);
  }
  out[o++] = z;
  return o;
}

/** The sync marker of a run: 16 bytes of a hash of the seed and scenario, not of the clock. */
export function syncMarker(seed: number, scenario: string): Uint8Array {
  return createHash('sha256').update(`clickgen avro sync\0${scenario}\0${seed}`).digest().subarray(0, 16);
}
