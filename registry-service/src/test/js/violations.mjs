// For the replay tests: the first violation a batch's history breaks, as "<type> <sequence>: <message>".
import assert from 'node:assert/strict';
import { Violation, replayBatch } from '../../main/resources/static/console/js/replay.js';

export function firstViolation(batchId, events) {
  try {
    replayBatch(batchId, events);
  } catch (error) {
    assert.ok(error instanceof Violation);
    return `${error.envelope.type} ${error.envelope.sequence}: ${error.message}`;
  }
  return assert.fail('no violation');
}
