import { parseAvroCodec } from '../encode/avro/codecs.js';
import type { AvroFileOptions } from '../encode/avro/create-avro-encoder.js';
import { UsageError } from '../errors.js';

export interface AvroFlags {
  readonly avroCodec?: string;
  readonly avroSchema?: string;
}

/** `--avro-codec` and `--avro-schema`, which only `--format avro` takes. */
export function avroOptionsFromFlags(flags: AvroFlags, format: string | undefined): { avro?: AvroFileOptions } {
  if (format !== 'avro') {
    for (const [flag, given] of [['--avro-codec', flags.avroCodec], ['--avro-schema', flags.avroSchema]] as const) {
      if (given !== undefined) throw new UsageError('BAD_FLAG', `${flag} ${given}: only with --format avro`);
    }
    return {};
  }
  return { avro: { codec: flags.avroCodec === undefined ? undefined : parseAvroCodec('--avro-codec', flags.avroCodec), schemaFile: flags.avroSchema } };
}

/** Where a container file (one header, blocks, one end) can go: one file or stdout, not a network sink or one file per value. */
export function checkContainerTarget(target: string | undefined, format: string, formatGiven = `--format ${format}`): void {
  if (target === undefined || target === '-') return;
  const url = /^([a-z][a-z0-9+.-]*):\/\//i.exec(target);
  const split = /\{[^{}]+\}/.test(target.replaceAll('{{', '').replaceAll('}}', ''));
  if (url === null && !split) return;
  const what = url !== null ? `${url[1]} output` : 'one file per value';
  const kafka = url?.[1].toLowerCase() === 'kafka' ? ` (Kafka takes ${format} records in the Confluent wire format: -o 'kafka://HOST:PORT/TOPIC?format=${format}&registry=URL')` : '';
  const named = formatGiven === `-o ${target}` ? formatGiven : `${formatGiven} -o ${target}`;
  throw new UsageError('BAD_FLAG', `${named}: ${format} writes one container file (a header, blocks, an end) to one file or stdout, not to ${what}${kafka}`);
}
