// The console's replay of a temporary removal's batch: CreditsExpired takes every held credit, nothing moves after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { replayBatch } from '../../main/resources/static/console/js/replay.js';
import { firstViolation } from './violations.mjs';

const BATCH = 'b-soil';
let counter = 0;
const event = (type, sequence, payload) => ({
  eventId: `x-${++counter}`, type, aggregateId: BATCH, sequence, occurredAt: '2026-06-01T00:00:00.000Z',
  payload: { batchId: BATCH, ...payload },
});
const issuedAndMoved = () => [
  event('CreditsIssued', 0, { quantity: 100, toAccount: 'dev', serialBlocks: [{ first: 1, last: 100 }] }),
  event('CreditsTransferred', 1, { from: 'dev', to: 'corp', quantity: 30, serialBlocks: [{ first: 1, last: 30 }] }),
  event('CreditsRetired', 2, { account: 'corp', quantity: 10, serialBlocks: [{ first: 1, last: 10 }] }),
];
const expiry = (sequence, expired) => event('CreditsExpired', sequence, {
  expiresOn: '2026-06-01', quantity: expired.reduce((sum, h) => sum + h.quantity, 0), expired,
});
const everyHolding = [
  { account: 'corp', quantity: 20, serialBlocks: [{ first: 11, last: 30 }] },
  { account: 'dev', quantity: 70, serialBlocks: [{ first: 31, last: 100 }] },
];
const violation = (events) => firstViolation(BATCH, events);

test('an expired batch replays to its totals', () => {
  assert.deepEqual(replayBatch(BATCH, [...issuedAndMoved(), expiry(3, everyHolding)]),
    { issued: 100, held: 0, retired: 10, cancelled: 0, invalidated: 0, expired: 90, status: 'EXPIRED', events: 4 });
});

test('nothing moves after the expiry, and the expiry takes every held credit', () => {
  assert.equal(violation([...issuedAndMoved(), expiry(3, everyHolding),
    event('CreditsTransferred', 4, { from: 'dev', to: 'corp', quantity: 1, serialBlocks: [{ first: 31, last: 31 }] })]),
  'CreditsTransferred 4: the batch has expired: no credits of it can move');
  assert.equal(violation([...issuedAndMoved(), expiry(3, [everyHolding[1]])]),
    'CreditsExpired 3: credits are still held after the batch expired');
  assert.equal(violation([...issuedAndMoved(), expiry(3, [{ account: 'corp', quantity: 30,
    serialBlocks: [{ first: 1, last: 30 }] }, everyHolding[1]])]), 'CreditsExpired 3: account corp does not hold serials 1-30');
});
