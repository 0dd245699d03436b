/**
 * A Kafka record's timestamp is the payload's event time as written: scenarios that write it
 * to the second (travel, user-behavior) get whole-second timestamps, not the milliseconds the
 * simulation had underneath. Read back with kcat, not the sink's client.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/main.js';
import { ensureKafkaBroker, readTopic } from '../helpers/kafka.js';

const setup = await ensureKafkaBroker();
after(() => setup.broker?.release());

for (const scenario of ['travel', 'user-behavior']) {
  test(`${scenario}: every record timestamp equals the payload's iso-seconds timestamp`, { skip: setup.skip }, async () => {
    const topic = `written-time-${scenario}-${process.pid}`;
    const stderr = new PassThrough();
    let errors = '';
    stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const args = ['generate', '-s', scenario, '-n', '2000', '--start', '2026-01-01T00:00:00Z', '-q', '-o', `kafka://${setup.broker!.bootstrap}/${topic}`];
    const code = await runCli(args, { stdout: new PassThrough(), stderr, env: {}, now: () => 0 });
    assert.equal(code, 0, errors);
    const records = await readTopic(setup.broker!.bootstrap, topic);
    assert.equal(records.length, 2000);
    const off = records.filter((record) => record.timestamp !== Date.parse((JSON.parse(record.value) as { timestamp: string }).timestamp));
    assert.equal(off.length, 0, `${off.length} records off, e.g. timestamp ${off[0]?.timestamp} for ${off[0]?.value.slice(0, 200)}`);
  });
}
