// The monitor page's modules (tiles.js, replay.js) without a browser: the RFC 6962 test tree, tile paths and entry
// bundles as ledger-core writes them, a tiled log in memory, and batch histories honest and not.
// Run by ConsoleVerifierVectorsTest: node --test --experimental-default-type=module monitor.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hex, leafHash } from '../../main/resources/static/console/js/proof.js';
import {
  WIDTH, decodeEntryBundle, encodeIndex, merkleRoot, readEntries, readHashTree, tilePath, tilesOf,
} from '../../main/resources/static/console/js/tiles.js';
import { replayBatch } from '../../main/resources/static/console/js/replay.js';
import { firstViolation } from './violations.mjs';

const fromHex = (text) => Uint8Array.from(text.match(/../g) ?? [], (pair) => parseInt(pair, 16));
const encoder = new TextEncoder();

test('merkleRoot gives the RFC 6962 test tree roots of sizes 0 to 8', async () => {
  const tree = JSON.parse(readFileSync(join(process.env.VECTORS_DIR, 'rfc6962-tree.json'), 'utf8'));
  const leaves = await Promise.all(tree.leafInputs.map((input) => leafHash(fromHex(input))));
  for (let size = 0; size <= 8; size++) {
    assert.equal(hex(await merkleRoot(leaves.slice(0, size))), tree.roots[size], `size ${size}`);
  }
});

test('tile paths and entry bundles as c2sp tlog-tiles and ledger-core write them', () => {
  assert.equal(encodeIndex(1234067), 'x001/x234/067');
  assert.equal(encodeIndex(5), '005');
  assert.equal(tilePath(0, 1000, 256), 'tile/0/x001/000');
  assert.equal(tilePath('entries', 2, 17), 'tile/entries/002.p/17');
  assert.deepEqual(tilesOf(513), [{ index: 0, width: 256 }, { index: 1, width: 256 }, { index: 2, width: 1 }]);
  const bundle = Uint8Array.from([0, 2, 0x61, 0x62, 0, 0, 1, 0, ...new Uint8Array(256)]);
  assert.deepEqual(decodeEntryBundle(bundle).map((entry) => entry.length), [2, 0, 256]);
  assert.throws(() => decodeEntryBundle(Uint8Array.from([0, 3, 0x61])), /claims 3 bytes, only 1/);
  assert.throws(() => decodeEntryBundle(Uint8Array.from([0, 1, 0x61, 0])), /inside the length of entry 1/);
});

/** A log of `size` entries served as tiles from memory: level 0, level 1 and the entry bundles. */
async function tiledLog(size) {
  const entries = Array.from({ length: size }, (_, i) => encoder.encode(`{"entry":${i}}`));
  const leaves = await Promise.all(entries.map(leafHash));
  const level1 = [];
  for (let i = 0; i + WIDTH <= size; i += WIDTH) {
    level1.push(await merkleRoot(leaves.slice(i, i + WIDTH)));
  }
  const tiles = new Map();
  const join32 = (hashes) => Uint8Array.from(hashes.flatMap((hash) => [...hash]));
  for (const { index, width } of tilesOf(size)) {
    const slice = entries.slice(index * WIDTH, index * WIDTH + width);
    tiles.set(tilePath(0, index, width), join32(leaves.slice(index * WIDTH, index * WIDTH + width)));
    tiles.set(tilePath('entries', index, width),
      Uint8Array.from(slice.flatMap((entry) => [entry.length >> 8, entry.length & 0xff, ...entry])));
  }
  for (const { index, width } of tilesOf(level1.length)) {
    tiles.set(tilePath(1, index, width), join32(level1.slice(index * WIDTH, index * WIDTH + width)));
  }
  const fetchTile = async (path) => {
    if (!tiles.has(path)) {
      throw new Error(`no tile ${path}`);
    }
    return tiles.get(path);
  };
  return { root: await merkleRoot(leaves), tiles, fetchTile };
}

test('a tree read through its tiles has the root of its leaves; a forged upper tile or entry is named', async () => {
  const log = await tiledLog(600);
  const tree = await readHashTree(600, log.fetchTile);
  assert.equal(hex(tree.root), hex(log.root));
  assert.equal(tree.tiles, 4, 'three level-0 tiles and one partial level-1 tile of width 2');
  assert.equal((await readEntries(tree.leafHashes, log.fetchTile)).length, 600);

  log.tiles.get('tile/1/000.p/2')[40] ^= 1;
  await assert.rejects(readHashTree(600, log.fetchTile), /tile tile\/1\/000.p\/2 hash 1 is/);
  log.tiles.get('tile/1/000.p/2')[40] ^= 1;
  log.tiles.get('tile/entries/002.p/88')[5] ^= 1;
  await assert.rejects(readEntries(tree.leafHashes, log.fetchTile), /entry 512: SHA-256/);
});

const BATCH = 'b-1';
let counter = 0;
const event = (type, sequence, payload) => ({
  eventId: `e-${++counter}`, type, aggregateId: BATCH, sequence, payload: { batchId: BATCH, ...payload },
});
const honest = () => [
  { eventId: 'other', type: 'AccountOpened', aggregateId: 'acc', sequence: 0, payload: { accountId: 'acc' } },
  event('CreditsIssued', 0, { quantity: 100, toAccount: 'dev', serialBlocks: [{ first: 1, last: 100 }] }),
  event('CreditsTransferred', 1, { from: 'dev', to: 'corp', quantity: 30, serialBlocks: [{ first: 1, last: 30 }] }),
  event('CreditsRetired', 2, { account: 'corp', quantity: 10, serialBlocks: [{ first: 1, last: 10 }] }),
  event('CreditsCancelled', 3, { account: 'dev', quantity: 5, serialBlocks: [{ first: 31, last: 35 }] }),
  event('BatchFrozen', 4, { reason: 'audit' }),
  event('BatchUnfrozen', 5, { reason: 'done' }),
];

test('an honest batch history replays to its totals', () => {
  assert.deepEqual(replayBatch(BATCH, honest()),
    { issued: 100, held: 85, retired: 10, cancelled: 5, invalidated: 0, expired: 0, status: 'ACTIVE', events: 6 });
  assert.equal(replayBatch(BATCH, honest().slice(0, 6)).status, 'FROZEN');
});

const violation = (events) => firstViolation(BATCH, events);

test('a buffer contribution and a reversal compensated from it replay: the reversal counts as cancelled', () => {
  const events = [
    event('CreditsIssued', 0, { quantity: 100, toAccount: 'dev', serialBlocks: [{ first: 1, last: 100 }] }),
    event('BufferContributed', 1, { from: 'dev', bufferAccount: 'registry-buffer', bufferPercent: '10', quantity: 10,
      serialBlocks: [{ first: 91, last: 100 }] }),
    event('ReversalCompensated', 2, { bufferAccount: 'registry-buffer', quantity: 4,
      serialBlocks: [{ first: 91, last: 94 }] }),
  ];
  assert.deepEqual(replayBatch(BATCH, events),
    { issued: 100, held: 96, retired: 0, cancelled: 4, invalidated: 0, expired: 0, status: 'ACTIVE', events: 3 });
  events[2].payload.bufferAccount = 'dev';
  assert.throws(() => replayBatch(BATCH, events), /account dev does not hold serials 91-94/);
});

test('the first event that breaks a rule is named', () => {
  const events = honest();
  events[3].payload.serialBlocks = [{ first: 50, last: 59 }];
  assert.equal(violation(events), 'CreditsRetired 2: account corp does not hold serials 50-59');

  const moveWhileFrozen = honest().slice(0, 2);
  moveWhileFrozen.push(event('BatchFrozen', 1, {}),
    event('CreditsRetired', 2, { account: 'dev', quantity: 1, serialBlocks: [{ first: 1, last: 1 }] }));
  assert.equal(violation(moveWhileFrozen), 'CreditsRetired 2: the batch is frozen: no credits of it can move');

  const miscounted = honest();
  miscounted[2].payload.quantity = 31;
  assert.equal(violation(miscounted), 'CreditsTransferred 1: the serial blocks hold 30 credits, the quantity is 31');

  const twice = honest();
  twice.push(event('CreditsIssued', 6, { quantity: 1, toAccount: 'dev', serialBlocks: [{ first: 101, last: 101 }] }));
  assert.equal(violation(twice), 'CreditsIssued 6: credits issued a second time into the batch');

  const gap = honest();
  gap[4].sequence = 4;
  assert.equal(violation(gap), 'CreditsCancelled 4: expected sequence 3, got 4');
});

// After honest(): dev holds 36-100, corp holds 11-30.
const invalidation = (sequence, cancelled) => event('BatchInvalidated', sequence, {
  reason: 'verification withdrawn', quantity: cancelled.reduce((n, h) => n + h.quantity, 0), cancelled,
});
const holding = (account, first, last) => ({ account, quantity: last - first + 1, serialBlocks: [{ first, last }] });

test('an invalidated batch holds nothing, keeps its retirements and is final', () => {
  const events = [...honest(), invalidation(6, [holding('corp', 11, 30), holding('dev', 36, 100)])];
  assert.deepEqual(replayBatch(BATCH, events),
    { issued: 100, held: 0, retired: 10, cancelled: 5, invalidated: 85, expired: 0, status: 'INVALIDATED', events: 7 });

  const moved = [...events, event('CreditsRetired', 7, { account: 'dev', quantity: 1, serialBlocks: [{ first: 36, last: 36 }] })];
  assert.equal(violation(moved), 'CreditsRetired 7: the batch is invalidated: nothing of it can move or change');
  assert.equal(violation([...events, invalidation(7, [])]), 'BatchInvalidated 7: the batch is already invalidated');
});

test('an invalidation of serials not held, or leaving some held, is named', () => {
  assert.equal(violation([...honest(), invalidation(6, [holding('corp', 1, 30), holding('dev', 36, 100)])]),
    'BatchInvalidated 6: account corp does not hold serials 1-30');
  assert.equal(violation([...honest(), invalidation(6, [holding('dev', 36, 100)])]),
    'BatchInvalidated 6: the invalidation left 20 credits held');
});
