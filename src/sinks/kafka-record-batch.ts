/**
 * Kafka record batches (message format v2), encoded byte by byte straight from the sink's
 * contiguous record bytes: one growing buffer per partition, no object per record. The
 * codec and the CRC come from the client library (kafka-client.ts), so this file stays pure
 * and loads nothing.
 *
 * Batch layout (all big-endian): baseOffset int64, batchLength int32, partitionLeaderEpoch
 * int32, magic int8 (2), crc uint32 (CRC-32C of everything after it), attributes int16,
 * lastOffsetDelta int32, firstTimestamp int64, maxTimestamp int64, producerId int64,
 * producerEpoch int16, baseSequence int32, record count int32, then the records, compressed
 * as a whole when the attributes name a codec. Each record: length varint, attributes int8,
 * timestampDelta varlong, offsetDelta varint, key length varint (-1 = none) and bytes, value
 * length varint and bytes, header count varint (0). Varints are zigzag-encoded.
 *
 * A builder gathers its records after room for the header, so a batch without compression is
 * the builder's own buffer with the header written in (no copy), and a compressed one is the
 * compressor's output, which leaves the same room (kafka-compressor.ts).
 */

export interface BatchCodec {
  /** The compression bits of the batch attributes: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd. */
  readonly attributes: number;
  crc32c(bytes: Buffer): number;
}

/** The idempotent producer's identity and the sequence number of the batch's first record. */
export interface ProducerStamp {
  readonly producerId: bigint;
  readonly producerEpoch: number;
  readonly baseSequence: number;
}

/** What a producer without idempotence writes, as the Java client does. */
export const NO_PRODUCER: ProducerStamp = { producerId: -1n, producerEpoch: -1, baseSequence: -1 };

/** Sequence numbers are int32 and wrap to 0 after 2^31 - 1, as the broker expects. */
export function advanceSequence(sequence: number, records: number): number {
  return (sequence + records) % 0x8000_0000;
}

/** Bytes before a batch's records: its header. */
export const BATCH_HEADER_BYTES = 61;
const CRC_AT = 17;
const ATTRIBUTES_AT = 21;
const PRODUCER_ID_AT = 43;
const RECORD_COUNT_AT = 57;
const MAGIC = 2;
/** The broker sets the leader epoch; producers send -1. */
const NO_PARTITION_LEADER_EPOCH = -1;
/** Small, since a topic can have thousands of partitions; a builder grows to what its partition gathers. */
const INITIAL_BYTES = 4 * 1024;
/** A record's fixed part at most: length 5, attributes 1, timestamp delta 10, offset delta 5, key and value lengths 5 each, header count 1. */
const RECORD_FRAMING_MAX = 32;

/** A partition's records taken from its builder, to be framed as one record batch. */
export interface GatheredRecords {
  /** Room for the header, then the records: a buffer of its own (its memory may be handed to another thread). */
  readonly framed: Buffer;
  readonly count: number;
  readonly firstTimestamp: number;
  readonly maxTimestamp: number;
}

/** Gathers the records of one partition until `take` hands them over to become a record batch. */
export class RecordBatchBuilder {
  // Never from the shared pool: the buffer is handed over whole, and may be moved to a worker thread.
  private buffer = Buffer.allocUnsafeSlow(INITIAL_BYTES);
  private length = BATCH_HEADER_BYTES;
  private count = 0;
  private firstTimestamp = 0;
  private maxTimestamp = 0;
  private values = 0;

  get records(): number {
    return this.count;
  }

  /** Bytes of the values gathered, for delivery accounting. */
  get valueBytes(): number {
    return this.values;
  }

  /**
   * Appends one record whose value is `source[start, end)` and whose key is the first
   * `keyLength` bytes of `key` (all of it by default); `timestamp` is whole milliseconds.
   */
  append(key: Uint8Array | undefined, source: Uint8Array, start: number, end: number, timestamp: number, keyLength = key === undefined ? -1 : key.length): void {
    const valueLength = end - start;
    this.reserve(RECORD_FRAMING_MAX + Math.max(keyLength, 0) + valueLength);
    if (this.count === 0) {
      this.firstTimestamp = timestamp;
      this.maxTimestamp = timestamp;
    } else if (timestamp > this.maxTimestamp) {
      this.maxTimestamp = timestamp;
    }
    const timestampDelta = timestamp - this.firstTimestamp;
    const bodyLength =
      1 +
      varlongSize(timestampDelta) +
      varintSize(zigzag(this.count)) +
      varintSize(zigzag(keyLength)) +
      Math.max(keyLength, 0) +
      varintSize(zigzag(valueLength)) +
      valueLength +
      1;
    const buffer = this.buffer;
    let at = writeVarint(buffer, this.length, zigzag(bodyLength));
    buffer[at++] = 0;
    at = writeVarlong(buffer, at, timestampDelta);
    at = writeVarint(buffer, at, zigzag(this.count));
    at = writeVarint(buffer, at, zigzag(keyLength));
    if (key !== undefined) {
      // Keys are short (ids): a loop costs less than `set` and needs no view of the key's bytes.
      for (let i = 0; i < keyLength; i++) buffer[at + i] = key[i];
      at += keyLength;
    }
    at = writeVarint(buffer, at, zigzag(valueLength));
    buffer.set(source.subarray(start, end), at);
    at += valueLength;
    buffer[at++] = 0;
    this.length = at;
    this.count++;
    this.values += valueLength;
  }

  /** Hands over the gathered records with their buffer; the builder starts empty in a new one of the same size. */
  take(): GatheredRecords {
    const gathered = { framed: this.buffer.subarray(0, this.length), count: this.count, firstTimestamp: this.firstTimestamp, maxTimestamp: this.maxTimestamp };
    this.buffer = Buffer.allocUnsafeSlow(this.buffer.length);
    this.clear();
    return gathered;
  }

  /** Drops the gathered records. */
  clear(): void {
    this.length = BATCH_HEADER_BYTES;
    this.count = 0;
    this.values = 0;
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}

/**
 * Writes the header of a record batch into `batch`: the gathered records' room for it, followed
 * by their records, as they are (attributes 0) or compressed by `codec`. Returns `batch`.
 */
export function frameRecordBatch(batch: Buffer, gathered: Omit<GatheredRecords, 'framed'>, codec: BatchCodec, stamp: ProducerStamp): Buffer {
  batch.writeBigInt64BE(0n, 0);
  batch.writeInt32BE(batch.length - 12, 8);
  batch.writeInt32BE(NO_PARTITION_LEADER_EPOCH, 12);
  batch.writeInt8(MAGIC, 16);
  batch.writeInt16BE(codec.attributes, ATTRIBUTES_AT);
  batch.writeInt32BE(gathered.count - 1, 23);
  batch.writeBigInt64BE(BigInt(gathered.firstTimestamp), 27);
  batch.writeBigInt64BE(BigInt(gathered.maxTimestamp), 35);
  batch.writeInt32BE(gathered.count, RECORD_COUNT_AT);
  stampProducer(batch, stamp, codec);
  return batch;
}

/**
 * Writes the producer id, epoch and base sequence into a finished batch and renews its CRC:
 * after the producer is initialised again, unacknowledged batches are resent re-stamped.
 */
export function stampProducer(batch: Buffer, stamp: ProducerStamp, codec: Pick<BatchCodec, 'crc32c'>): void {
  batch.writeBigInt64BE(stamp.producerId, PRODUCER_ID_AT);
  batch.writeInt16BE(stamp.producerEpoch, PRODUCER_ID_AT + 8);
  batch.writeInt32BE(stamp.baseSequence, PRODUCER_ID_AT + 10);
  batch.writeUInt32BE(codec.crc32c(batch.subarray(ATTRIBUTES_AT)), CRC_AT);
}

/** The sequence number of a finished batch's last record. */
export function lastSequenceOf(batch: Buffer): number {
  return advanceSequence(batch.readInt32BE(PRODUCER_ID_AT + 10), batch.readInt32BE(RECORD_COUNT_AT) - 1);
}

/** Zigzag of a 32-bit integer, as an unsigned number. */
function zigzag(value: number): number {
  return ((value << 1) ^ (value >> 31)) >>> 0;
}

function varintSize(unsigned: number): number {
  return unsigned < 0x80 ? 1 : unsigned < 0x4000 ? 2 : unsigned < 0x20_0000 ? 3 : unsigned < 0x1000_0000 ? 4 : 5;
}

function writeVarint(buffer: Buffer, at: number, unsigned: number): number {
  while (unsigned >= 0x80) {
    buffer[at++] = (unsigned & 0x7f) | 0x80;
    unsigned >>>= 7;
  }
  buffer[at++] = unsigned;
  return at;
}

/** Timestamp deltas fit 32 bits unless a batch spans more than 12 days; beyond, exact up to 2^53. */
const SMALL_DELTA = 0x4000_0000;

function zigzagLong(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

function varlongSize(value: number): number {
  if (value > -SMALL_DELTA && value < SMALL_DELTA) return varintSize(zigzag(value));
  let unsigned = zigzagLong(value);
  let size = 1;
  while (unsigned >= 0x80) {
    unsigned = Math.floor(unsigned / 0x80);
    size++;
  }
  return size;
}

function writeVarlong(buffer: Buffer, at: number, value: number): number {
  if (value > -SMALL_DELTA && value < SMALL_DELTA) return writeVarint(buffer, at, zigzag(value));
  let unsigned = zigzagLong(value);
  while (unsigned >= 0x80) {
    buffer[at++] = (unsigned % 0x80) | 0x80;
    unsigned = Math.floor(unsigned / 0x80);
  }
  buffer[at++] = unsigned;
  return at;
}
