import { crc32, deflateRawSync } from 'node:zlib';
import type snappy from 'snappyjs';
import { UsageError } from '../../errors.js';
import { lazyPackage } from '../lazy-package.js';

const snappyjs = lazyPackage<typeof snappy>('snappyjs');

/** Compresses one block of an Avro container file. */
export type BlockCodec = (data: Uint8Array) => Uint8Array;

/**
 * The Avro codecs clickgen writes: `null`, `deflate` (raw RFC 1951, Node's zlib) and
 * `snappy` (snappyjs, followed by the CRC-32 of the uncompressed block, big-endian, as the
 * Avro specification asks). zstd is left out: Node 20 has no zstd, and its npm packages
 * are native bindings or a large Emscripten build.
 */
export const AVRO_CODECS = ['deflate', 'snappy', 'null'] as const;
export type AvroCodecName = (typeof AVRO_CODECS)[number];

export function parseAvroCodec(flag: string, text: string): AvroCodecName {
  if ((AVRO_CODECS as readonly string[]).includes(text)) return text as AvroCodecName;
  throw new UsageError('BAD_FLAG', `${flag} ${text}: not an Avro codec; use one of ${AVRO_CODECS.join(', ')}`);
}

export function blockCodec(name: AvroCodecName): BlockCodec {
  switch (name) {
    case 'null':
      return (data) => data;
    case 'deflate':
      return (data) => deflateRawSync(data, { level: 6 });
    case 'snappy':
      return (data) => {
        const compressed = snappyjs().compress(data);
        const out = new Uint8Array(compressed.length + 4);
        out.set(compressed);
        new DataView(out.buffer).setUint32(compressed.length, crc32(data));
        return out;
      };
  }
}
