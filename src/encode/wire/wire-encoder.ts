import type avro from 'avsc';
import type protobuf from 'protobufjs';
import type { EventView, OutputSchema } from '../../engine/event.js';
import type { RecordSchema } from '../../records/record-type.js';
import { AvroOutput, AvroRecordWriter } from '../avro/record-writer.js';
import { NdjsonEncoder } from '../ndjson.js';
import { RecordValues } from '../record-values.js';
import type { Encoder } from '../types.js';
import { lazyPackage } from '../lazy-package.js';
import { firstMessage } from './user-proto.js';

const avsc = lazyPackage<typeof avro>('avsc');
const protobufjs = lazyPackage<typeof protobuf>('protobufjs');

export type WirePayloadFormat = 'avro' | 'protobuf' | 'json-schema';

/** Writes one record's payload at `offset`; returns the end, or -1 when it does not fit. */
type Payload = (event: EventView, out: Uint8Array, offset: number) => number;

/** Magic byte, schema id, and for Protobuf the message-index list `[0]` (the first message), written as one 0. */
const FRAME_BYTES = { avro: 5, 'json-schema': 5, protobuf: 6 } as const;

/**
 * Records in the Confluent wire format: a zero magic byte, the schema's registry id
 * (4 bytes, big-endian), for Protobuf the index of the message in its file, then the
 * payload (Avro binary, Protobuf binary, or JSON text). Each record ends with '\n' like
 * every encoder's records; the Kafka sink drops that last byte.
 */
export class WireEncoder implements Encoder {
  readonly format: string;
  private readonly payload: Payload;
  private readonly frame: Uint8Array;
  /** JSON text comes from the NDJSON encoder with its newline; binary payloads get one here. */
  private readonly addNewline: boolean;

  constructor(output: OutputSchema, records: RecordSchema, format: WirePayloadFormat, schemaId: number, schemaText: string) {
    this.format = `${format}+registry`;
    this.addNewline = format !== 'json-schema';
    this.frame = new Uint8Array(FRAME_BYTES[format]);
    new DataView(this.frame.buffer).setUint32(1, schemaId);
    this.payload = format === 'json-schema' ? jsonPayload(output) : format === 'avro' ? avroPayload(output, schemaText) : protobufPayload(output, records, schemaText);
  }

  header(): null {
    return null;
  }

  encode(event: EventView, out: Uint8Array, offset: number): number {
    const frame = this.frame;
    if (offset + frame.length + 1 > out.length) return -1;
    out.set(frame, offset);
    const end = this.payload(event, out, offset + frame.length);
    if (end < 0 || !this.addNewline) return end;
    if (end >= out.length) return -1;
    out[end] = 10;
    return end + 1;
  }
}

function jsonPayload(output: OutputSchema): Payload {
  const ndjson = new NdjsonEncoder(output);
  return (event, out, offset) => ndjson.encode(event, out, offset);
}

/** `schemaText`: the registered Avro schema, derived or the user's (checked to hold the records). */
function avroPayload(output: OutputSchema, schemaText: string): Payload {
  const writer = new AvroRecordWriter(avsc().Type.forSchema(JSON.parse(schemaText) as avro.Schema) as avro.types.RecordType, output);
  const scratch = new AvroOutput();
  return (event, out, offset) => {
    scratch.pos = 0;
    writer.write(scratch, event);
    if (offset + scratch.pos > out.length) return -1;
    out.set(scratch.bytes.subarray(0, scratch.pos), offset);
    return offset + scratch.pos;
  };
}

function protobufPayload(output: OutputSchema, records: RecordSchema, schemaText: string): Payload {
  const root = protobufjs().parse(schemaText, { keepCase: true }).root;
  const message = firstMessage(root)!;
  const values = new RecordValues(output, records);
  return (event, out, offset) => {
    const bytes = message.encode(values.read(event.layout, event.values)).finish();
    if (offset + bytes.length > out.length) return -1;
    out.set(bytes, offset);
    return offset + bytes.length;
  };
}
