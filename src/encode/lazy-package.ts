import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS package loaded on its first use instead of at start-up. avsc, protobufjs and
 * snappyjs together hold about 13 MB of memory once loaded, which every run that writes no
 * Avro or Protobuf (every `serve`, with its slow-client memory bound) would otherwise pay.
 */
export function lazyPackage<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
