import { test } from 'node:test';
import assert from 'node:assert/strict';
import { strftime } from '../../src/encode/strftime.js';

const T = Date.UTC(2024, 0, 3, 14, 5, 9, 250); // Wednesday

test('the directives the Imply presets and format files use', () => {
  assert.equal(strftime(T, '%d/%b/%Y:%H:%M:%S'), '03/Jan/2024:14:05:09');
  assert.equal(strftime(T, '%d/%b/%Y:%H:%M:%S %z'), '03/Jan/2024:14:05:09 +0000');
  assert.equal(strftime(T, '%Y-%m-%d'), '2024-01-03');
  assert.equal(strftime(T, '%H:%M:%S'), '14:05:09');
  assert.equal(strftime(T, '%Y-%m-%d %H:%M:%S'), '2024-01-03 14:05:09');
  assert.equal(strftime(T, '%b %d %H:%M:%S'), 'Jan 03 14:05:09');
  assert.equal(strftime(T, '%s'), '1704290709');
});

test('the rest of C strftime, in the C locale', () => {
  assert.equal(strftime(T, '%a %A %B %j %I %p %y %e %f %Z %% %u %w'), 'Wed Wednesday January 003 02 PM 24  3 250000 UTC % 3 3');
  assert.equal(strftime(T, '%c'), 'Wed Jan  3 14:05:09 2024');
  assert.equal(strftime(T, '%F %T %D %R'), '2024-01-03 14:05:09 01/03/24 14:05');
  assert.equal(strftime(Date.UTC(2021, 0, 3), '%G-W%V-%u %U %W'), '2020-W53-7 01 00');
  assert.equal(strftime(T, '%Q and a trailing %'), '%Q and a trailing %');
});
