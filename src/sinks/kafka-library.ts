/**
 * The Kafka client library, loaded through this module: the built CLI loads it as one bundled
 * file (dist/kafka-library.js, scripts/build-cli.mjs) instead of its hundred-odd modules, which
 * saved 120-140 ms of every run to Kafka.
 */
export * from '@platformatic/kafka';
