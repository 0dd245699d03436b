/**
 * One measured `inspect` of a file in a fresh process, so peak RSS belongs to this run alone.
 * Usage: inspect-child.ts FILE
 * Prints one JSON line: events, bytes, seconds, maxRssMB.
 */
import { createReadStream, statSync } from 'node:fs';
import { inspectStream } from '../src/inspect/inspect-stream.js';

const file = process.argv[2];
const began = performance.now();
const report = await inspectStream(createReadStream(file), { name: file });
const seconds = (performance.now() - began) / 1000;
console.log(JSON.stringify({ events: report.events, bytes: statSync(file).size, seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
