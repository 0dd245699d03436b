import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describe } from '../../src/sinks/kafka-errors.js';

test('the reasons of a failure join into one clause each, without a full stop before the separator', () => {
  assert.equal(
    describe([{ message: 'Connection to 127.0.0.1:1 failed.' }, { message: 'connect ECONNREFUSED 127.0.0.1:1' }, { message: 'Connection to 127.0.0.1:1 failed.' }]),
    'Connection to 127.0.0.1:1 failed; connect ECONNREFUSED 127.0.0.1:1',
  );
  assert.equal(describe([]), 'unknown error');
});
