import * as zlib from 'node:zlib';
import type snappy from 'snappyjs';
import { UsageError } from '../../errors.js';
import { lazyPackage } from '../lazy-package.js';

const snappyjs = lazyPackage<typeof snappy>('snappyjs');

/** Compresses one block of an Avro container file. */
export type BlockCodec = (data: Uint8Array) => Uint8Array;

/**
 * Node's zstd (zlib, from Node 22.15 and 23.8 on); undefined on older Node, Node 20 among them.
 * Read through a string key: @types/node describes the newest Node, the runtime may be older.
 */
const zstdCompressSync = (zlib as unknown as Record<string, ((data: Uint8Array, options: object) => Uint8Array) | undefined>)['zstdCompressSync'];
/** zstd's default level, named so the files do not change if Node's default ever does. */
const ZSTD_LEVEL = 3;
/** zstd parameter numbers (ZSTD_c_compressionLevel, ZSTD_c_contentSizeFlag, ZSTD_c_checksumFlag), fixed by zstd's API. */
const ZSTD_PARAMS = { level: 100, contentSize: 200, checksum: 201 } as const;

/**
 * The Avro codecs clickgen writes: `null`, `deflate` (raw RFC 1951, Node's zlib),
 * `snappy` (snappyjs, followed by the CRC-32 of the uncompressed block, big-endian, as the
 * Avro specification asks) and `zstandard` (each block one zstd frame, Node's zlib where
 * the running Node has zstd: docs/decisions.md, "Avro zstandard").
 */
export const AVRO_CODECS = ['deflate', 'snappy', 'zstandard', 'null'] as const;
export type AvroCodecName = (typeof AVRO_CODECS)[number];

/** Whether this Node can write zstandard blocks. */
export const hasZstd = zstdCompressSync !== undefined;

export function parseAvroCodec(flag: string, text: string): AvroCodecName {
  // `zstd` is the name users type; `zstandard` the one the specification puts in the file.
  const name = text === 'zstd' ? 'zstandard' : text;
  if (!(AVRO_CODECS as readonly string[]).includes(name)) throw new UsageError('BAD_FLAG', `${flag} ${text}: not an Avro codec; use one of deflate, snappy, zstd, null`);
  if (name === 'zstandard' && !hasZstd) {
    throw new UsageError('BAD_FLAG', `${flag} ${text}: this Node (${process.version}) has no zstd; it needs Node 22.15 or later, or use deflate or snappy`);
  }
  return name as AvroCodecName;
}

export function blockCodec(name: AvroCodecName): BlockCodec {
  switch (name) {
    case 'null':
      return (data) => data;
    case 'deflate':
      return (data) => zlib.deflateRawSync(data, { level: 6 });
    case 'snappy':
      return (data) => {
        const compressed = snappyjs().compress(data);
        const out = new Uint8Array(compressed.length + 4);
        out.set(compressed);
        new DataView(out.buffer).setUint32(compressed.length, zlib.crc32(data));
        return out;
      };
    case 'zstandard': {
      const compress = zstdCompressSync;
      if (compress === undefined) throw new Error('zstandard blocks need a Node with zstd (parseAvroCodec refuses them elsewhere)');
      // The frame records the block's size, so readers that size their buffer from it (Java's) read it in one go.
      const options = { params: { [ZSTD_PARAMS.level]: ZSTD_LEVEL, [ZSTD_PARAMS.checksum]: 0, [ZSTD_PARAMS.contentSize]: 1 } };
      return (data) => compress(data, options);
    }
  }
}
