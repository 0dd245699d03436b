/**
 * The Kafka sink's compression thread (kafka-compressor.ts): takes the gathered records of a
 * request's batches, compresses each batch's records and hands back buffers that keep the
 * room for the header in front. The codecs are the ones the client library uses for its own
 * batches (its compression table, which loads the whole client when imported): lz4 frames and
 * snappy from @platformatic/wasm-utils, gzip and zstd from zlib.
 */
import { parentPort } from 'node:worker_threads';
import * as zlib from 'node:zlib';
import { lz4Compress, snappyCompress } from '@platformatic/wasm-utils';
import { BATCH_HEADER_BYTES } from './kafka-record-batch.js';
import type { CompressRequest, CompressReply, CompressingCodec } from './kafka-compressor.js';

const CODECS: Record<CompressingCodec, (records: Buffer) => Buffer> = {
  gzip: (records) => zlib.gzipSync(records),
  snappy: (records) => snappyCompress(records),
  lz4: (records) => lz4Compress(records),
  // Checked before the thread starts: Node.js 22.15 or newer.
  zstd: (records) => (zlib as unknown as { zstdCompressSync(bytes: Buffer): Buffer }).zstdCompressSync(records),
};

const port = parentPort!;

port.on('message', ({ codec, framed }: CompressRequest) => {
  let reply: CompressReply;
  try {
    const compress = CODECS[codec];
    const compressed = framed.map((gathered) => {
      const records = Buffer.from(gathered.buffer, gathered.byteOffset + BATCH_HEADER_BYTES, gathered.length - BATCH_HEADER_BYTES);
      const payload = compress(records);
      const batch = Buffer.allocUnsafeSlow(BATCH_HEADER_BYTES + payload.length);
      payload.copy(batch, BATCH_HEADER_BYTES);
      return batch;
    });
    reply = { framed: compressed };
  } catch (error) {
    reply = { error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply, 'framed' in reply ? reply.framed.map((batch) => batch.buffer as ArrayBuffer) : []);
});
