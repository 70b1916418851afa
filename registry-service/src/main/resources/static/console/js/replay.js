// Replays one batch's events as read from the log against the rules of registry-service's CreditBatch aggregate,
// using nothing but the events (registry-events' records): the first rule an event breaks is named, with the event.

const BATCH_EVENTS = new Set(['CreditsIssued', 'CreditsTransferred', 'CreditsRetired', 'CreditsCancelled',
  'BatchFrozen', 'BatchUnfrozen', 'PersonalDataErased', 'BatchInvalidated', 'BufferContributed',
  'ReversalCompensated', 'CreditsExpired', 'AuthorizationChanged', 'CorrespondingAdjustmentApplied']);

export class Violation extends Error {
  constructor(envelope, message) {
    super(message);
    this.envelope = envelope;
  }
}

/** Serial blocks [{first, last}] as sorted, merged [first, last] pairs; refuses what SerialBlock refuses. */
function blocksOf(envelope, blocks) {
  if (!Array.isArray(blocks) || !blocks.length) {
    throw new Violation(envelope, 'the event carries no serial blocks');
  }
  return blocks.map(({ first, last }) => {
    if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || first < 1 || last < first) {
      throw new Violation(envelope, `invalid serial block ${first}-${last}`);
    }
    return [first, last];
  }).sort((a, b) => a[0] - b[0]);
}

const count = (blocks) => blocks.reduce((n, [first, last]) => n + last - first + 1, 0);

/** Who holds which serials: account -> sorted disjoint [first, last] pairs. */
class Holdings {
  constructor() {
    this.byAccount = new Map();
  }

  add(account, blocks) {
    const merged = [...(this.byAccount.get(account) || []), ...blocks].sort((a, b) => a[0] - b[0]);
    const out = [];
    for (const [first, last] of merged) {
      const previous = out[out.length - 1];
      if (previous && first <= previous[1]) {
        return `serials ${first}-${last} overlap serials account ${account} already holds`;
      }
      if (previous && first === previous[1] + 1) {
        previous[1] = last;
      } else {
        out.push([first, last]);
      }
    }
    this.byAccount.set(account, out);
    return null;
  }

  /** Takes the blocks from the account, or says why it cannot: they must all be held by it. */
  remove(account, blocks) {
    let held = (this.byAccount.get(account) || []).map((block) => [...block]);
    for (const [first, last] of blocks) {
      const at = held.findIndex(([f, l]) => f <= first && last <= l);
      if (at < 0) {
        return `account ${account} does not hold serials ${first}-${last}`;
      }
      const [f, l] = held[at];
      held.splice(at, 1, ...[[f, first - 1], [last + 1, l]].filter(([a, b]) => a <= b));
    }
    held = held.sort((a, b) => a[0] - b[0]);
    this.byAccount.set(account, held);
    return null;
  }

  heldByAll() {
    let total = 0;
    for (const blocks of this.byAccount.values()) {
      total += count(blocks);
    }
    return total;
  }
}

/**
 * Cancels every holding the invalidation names, each of which its account must hold, and which must be all there is;
 * returns what is wrong, or null.
 */
function invalidate(envelope, payload, holdings, state) {
  const cancelled = Array.isArray(payload.cancelled) ? payload.cancelled : [];
  let sum = 0;
  for (const holding of cancelled) {
    const blocks = blocksOf(envelope, holding.serialBlocks);
    if (count(blocks) !== holding.quantity) {
      return `the serial blocks of ${holding.account} hold ${count(blocks)} credits, the quantity is ${holding.quantity}`;
    }
    const problem = holdings.remove(holding.account, blocks);
    if (problem) {
      return problem;
    }
    sum += holding.quantity;
  }
  if (sum !== payload.quantity) {
    return `the invalidation states ${payload.quantity} credits cancelled, its holdings hold ${sum}`;
  }
  state.invalidated += sum;
  state.isInvalidated = true;
  const left = holdings.heldByAll();
  return left ? `the invalidation left ${left} credits held` : null;
}

/**
 * The batch's state after its events, in log order: {issued, held, retired, cancelled, invalidated, status, events}, or a
 * Violation naming the first event that breaks a rule. `envelopes` are parsed log entries of any aggregate.
 */
export function replayBatch(batchId, envelopes) {
  const state = { issued: 0, retired: 0, cancelled: 0, invalidated: 0, isInvalidated: false, expired: 0,
    expiredAt: null, frozen: false, events: 0 };
  const holdings = new Holdings();
  const seen = new Set();
  let nextSequence = 0;
  for (const envelope of envelopes) {
    const payload = envelope.payload || {};
    if (payload.batchId !== batchId && envelope.aggregateId !== batchId) {
      continue;
    }
    const broken = (message) => new Violation(envelope, message);
    if (seen.has(envelope.eventId)) {
      throw broken(`event ${envelope.eventId} is logged twice`);
    }
    seen.add(envelope.eventId);
    if (!BATCH_EVENTS.has(envelope.type)) {
      throw broken(`a ${envelope.type} is not an event of a credit batch`);
    }
    if (envelope.aggregateId !== batchId || payload.batchId !== batchId) {
      throw broken(`aggregate ${envelope.aggregateId} and payload batch ${payload.batchId} differ`);
    }
    // Axon numbers an aggregate's events from 0 without gaps; the log must carry them in that order.
    if (envelope.sequence !== nextSequence) {
      throw broken(`expected sequence ${nextSequence}, got ${envelope.sequence}`);
    }
    nextSequence++;
    state.events++;
    if ((envelope.sequence === 0) !== (envelope.type === 'CreditsIssued')) {
      throw broken(envelope.type === 'CreditsIssued' ? 'credits issued a second time into the batch'
        : 'the batch\'s first event is not its issuance');
    }
    const moves = ['CreditsTransferred', 'CreditsRetired', 'CreditsCancelled', 'BufferContributed',
      'ReversalCompensated'].includes(envelope.type);
    // An invalidated batch is final: nothing moves, its status no longer changes.
    if (state.isInvalidated && envelope.type !== 'PersonalDataErased') {
      throw broken(envelope.type === 'BatchInvalidated' ? 'the batch is already invalidated'
        : 'the batch is invalidated: nothing of it can move or change');
    }
    if (moves && state.frozen) {
      throw broken('the batch is frozen: no credits of it can move');
    }
    if (moves && state.expiredAt) {
      throw broken('the batch has expired: no credits of it can move');
    }
    let blocks = [];
    if (moves || envelope.type === 'CreditsIssued') {
      if (!Number.isSafeInteger(payload.quantity) || payload.quantity < 1) {
        throw broken(`quantity ${payload.quantity} is not a positive whole number`);
      }
      blocks = blocksOf(envelope, payload.serialBlocks);
      if (count(blocks) !== payload.quantity) {
        throw broken(`the serial blocks hold ${count(blocks)} credits, the quantity is ${payload.quantity}`);
      }
    }
    let problem = null;
    switch (envelope.type) {
      case 'CreditsIssued':
        state.issued = payload.quantity;
        problem = holdings.add(payload.toAccount, blocks);
        break;
      case 'CreditsTransferred':
        if (payload.from === payload.to) {
          problem = 'from and to are the same account';
        } else {
          problem = holdings.remove(payload.from, blocks) || holdings.add(payload.to, blocks);
        }
        break;
      case 'CreditsRetired':
        problem = holdings.remove(payload.account, blocks);
        state.retired += payload.quantity;
        break;
      case 'CreditsCancelled':
        problem = holdings.remove(payload.account, blocks);
        state.cancelled += payload.quantity;
        break;
      case 'BatchInvalidated':
        problem = invalidate(envelope, payload, holdings, state);
        break;
      case 'BufferContributed': // the buffer's share of the issuance, in the issuing command
        problem = holdings.remove(payload.from, blocks) || holdings.add(payload.bufferAccount, blocks);
        break;
      case 'ReversalCompensated': // a reversal cancels the buffer's credits of the batch
        problem = holdings.remove(payload.bufferAccount, blocks);
        state.cancelled += payload.quantity;
        break;
      case 'BatchFrozen':
        problem = state.frozen ? 'the batch is already frozen' : null;
        state.frozen = true;
        break;
      case 'BatchUnfrozen':
        problem = state.frozen ? null : 'the batch is not frozen';
        state.frozen = false;
        break;
      case 'CreditsExpired': // a temporary removal's expiry: every held credit, per holder
        problem = state.expiredAt ? 'the batch expired a second time' : null;
        for (const holding of problem ? [] : (payload.expired || [])) {
          const expired = blocksOf(envelope, holding.serialBlocks);
          problem = count(expired) !== holding.quantity
            ? `the serial blocks of ${holding.account} hold ${count(expired)} credits, the quantity is ${holding.quantity}`
            : holdings.remove(holding.account, expired);
          if (problem) {
            break;
          }
          state.expired += holding.quantity;
        }
        if (!problem && holdings.heldByAll() !== 0) {
          problem = 'credits are still held after the batch expired';
        }
        state.expiredAt = envelope.occurredAt;
        break;
      case 'AuthorizationChanged':
      case 'CorrespondingAdjustmentApplied': // Article 6 decisions: no credits move, refused while frozen
        problem = state.frozen ? 'the batch is frozen: its Article 6 state cannot change' : null;
        break;
      default: // PersonalDataErased: no credits move
    }
    if (problem) {
      throw broken(problem);
    }
    const held = holdings.heldByAll();
    if (held + state.retired + state.cancelled + state.invalidated + state.expired !== state.issued) {
      throw broken(`conservation broken: held ${held} + retired ${state.retired} + cancelled ${state.cancelled} `
        + `+ invalidated ${state.invalidated} + expired ${state.expired} != issued ${state.issued}`);
    }
  }
  return {
    issued: state.issued,
    held: holdings.heldByAll(),
    retired: state.retired,
    cancelled: state.cancelled,
    invalidated: state.invalidated,
    expired: state.expired,
    status: state.isInvalidated ? 'INVALIDATED' : state.expiredAt ? 'EXPIRED' : state.frozen ? 'FROZEN' : 'ACTIVE',
    events: state.events,
  };
}
