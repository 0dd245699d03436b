/**
 * shop-snowplow-enriched as the enriched stream's TSV line: read back with Snowplow's
 * JavaScript Analytics SDK (an independent reader that checks the 131 fields and their
 * types), its contexts and self-describing events against their Iglu schemas' rules, and
 * field for field against the tracker payloads it is enriched from.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import sdk from 'snowplow-analytics-sdk';
import { checkSelfDescribing, type SelfDescribing } from '../fixtures/snowplow/validate.js';
import { generateBytes, parseLines, TEST_START } from '../helpers/generate.js';
import { funnelOf, readShop, readSnowplow } from './vocabulary-funnel.js';

const SPAN = { seed: 4, end: TEST_START + 12 * 3_600_000 };
const tsv = (await generateBytes('shop-snowplow-enriched', { ...SPAN, format: 'tsv', header: false })).bytes.toString('utf8');
const lines = tsv.split('\n');
assert.equal(lines.pop(), '', 'the output ends with a newline');
const payloads = parseLines((await generateBytes('shop-snowplow', SPAN)).bytes);
const sql = (ms: string | undefined): string | undefined => (ms === undefined ? undefined : new Date(Number(ms)).toISOString().replace('T', ' ').slice(0, -1));

test('shop-snowplow-enriched: every line has the 131 fields and the Analytics SDK reads it', () => {
  assert.ok(lines.length > 1000, `${lines.length} lines`);
  for (const line of lines) {
    assert.equal(line.split('\t').length, 131);
    const event = sdk.transform(line) as unknown as Record<string, unknown>;
    assert.equal(event.platform, 'web');
    assert.match(event.collector_tstamp as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  }
});

test('shop-snowplow-enriched: contexts and unstruct_event follow their Iglu schemas', () => {
  const seen = new Set<string>();
  for (const line of lines) {
    const cells = line.split('\t');
    checkSelfDescribing(JSON.parse(cells[52]) as SelfDescribing, 'contexts', seen);
    if (cells[58] !== '') checkSelfDescribing(JSON.parse(cells[58]) as SelfDescribing, 'unstruct_event', seen);
  }
  assert.equal(seen.size, 9);
});

test('shop-snowplow-enriched: each line is the enrichment of the same tracker payload', () => {
  assert.equal(lines.length, payloads.length);
  lines.forEach((line, i) => {
    const c = line.split('\t');
    const p = payloads[i] as Record<string, string | undefined>;
    const cell = (v: string | undefined): string => v ?? '';
    assert.deepEqual(
      [c[0], c[1], c[4], c[5], c[6], c[9], c[12], c[15], c[16], c[29], c[31], c[52], c[53], c[54], c[55], c[58], c[77], c[83], c[100], c[105], c[123]],
      [p.aid, p.p, sql(p.dtm), { pv: 'page_view', se: 'struct', ue: 'unstruct' }[p.e!], p.eid, p.tv, cell(p.uid), p.duid, p.vid, p.url, cell(p.refr), p.co, cell(p.se_ca), cell(p.se_ac), cell(p.se_la), cell(p.ue_pr), p.ua, p.lang, p.tz, p.cs, p.sid],
      `line ${i + 1}`,
    );
    // collector_tstamp - (dvce_sent_tstamp - dvce_created_tstamp) is derived_tstamp, as the enricher derives it.
    const ms = (k: number): number => Date.parse(`${c[k].replace(' ', 'T')}Z`);
    assert.equal(ms(124), ms(3) - (ms(119) - ms(4)));
    assert.equal(sql(p.stm), c[119]);
  });
});

test('shop-snowplow-enriched: the funnel measured in the enriched events is shop\'s', async () => {
  const shop = parseLines((await generateBytes('shop', SPAN)).bytes);
  const asPayload = lines.map((line) => {
    const c = line.split('\t');
    return { e: { page_view: 'pv', struct: 'se', unstruct: 'ue' }[c[5]], sid: c[123], co: c[52], ue_pr: c[58] };
  });
  assert.deepEqual(funnelOf(asPayload, readSnowplow), funnelOf(shop, readShop));
});
