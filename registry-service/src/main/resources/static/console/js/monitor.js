// The monitor page: what a log monitor does, in the browser, for one batch. Reads the ledger as a tlog-tiles log
// (checkpoint, hash tiles, entry bundles), trusting only the public key, replays the batch's events and compares the
// outcome with the registry's own view of the batch.
import {
  config, fetchLedgerKey, fetchLedgerKeyButton, getBytes, getJson, getText, h, problemBox, replace, storedKey, table,
  tonnes,
} from './api.js';
import { StepFailed, equalBytes, hex, parseCheckpoint, parseVerifierKey, verifyNoteSignature } from './proof.js';
import { parsePolicy, quorumMet, verifiedCosigners } from './policy.js';
import { readEntries, readHashTree } from './tiles.js';
import { Violation, replayBatch } from './replay.js';
import { skippedItems, stepItem, verdictLine } from './steps.js';

const STEPS = ['public key', 'checkpoint signature', 'witness cosignatures', 'tree from tiles', 'entries', 'replay',
  'registry totals'];
const TOTALS = ['issued', 'held', 'retired', 'cancelled', 'invalidated', 'expired', 'status'];

const form = document.getElementById('monitor-form');
const batchInput = document.getElementById('batch-id');
const keyInput = document.getElementById('public-key');
const messages = document.getElementById('fetch-messages');
const section = document.getElementById('monitoring');
const stepsList = document.getElementById('steps');
const verdict = document.getElementById('verdict');
const totalsBox = document.getElementById('totals');
const button = document.getElementById('monitor-button');

function fail(step, message) {
  throw new StepFailed(step, message);
}

/** A step whose own errors (tile format, network, a problem answer) fail that step with their message. */
async function within(step, work) {
  try {
    return await work();
  } catch (error) {
    throw error instanceof StepFailed ? error : new StepFailed(step, error.detail || error.message);
  }
}

function decodeEntry(entry, index) {
  try {
    return { ...JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(entry)), leafIndex: index };
  } catch (error) {
    return fail('entries', `entry ${index} is not a UTF-8 JSON envelope: ${error.message}`);
  }
}

function totalsTable(fromLog, fromRegistry) {
  const cell = (value) => (typeof value === 'number' ? tonnes(value) : value ?? '—');
  return table('The batch from the log and from the registry', ['Total', ['From the log', 'number'],
    ['Registry shows', 'number'], 'Agree'], TOTALS.map((name) => {
    const agree = fromRegistry ? fromLog[name] === fromRegistry[name] : null;
    return h('tr', { dataset: { total: name } },
      h('th', { scope: 'row' }, name),
      h('td', { class: 'number', dataset: { source: 'log' } }, cell(fromLog[name])),
      h('td', { class: 'number', dataset: { source: 'registry' } }, fromRegistry ? cell(fromRegistry[name]) : '—'),
      h('td', {}, agree === null ? 'not compared' : agree ? 'yes' : 'NO'));
  }), { className: 'monitor-totals' });
}

async function check(batchId, keyText, onStep) {
  const passed = (step, detail) => onStep({ step, passed: true, detail });
  const { ledgerUrl } = await config();
  const fetchTile = (path) => getBytes(`${ledgerUrl}/log/${path}`);
  let replayed = null;
  try {
    if (!globalThis.crypto || !crypto.subtle) {
      fail('browser', 'WebCrypto (crypto.subtle) is not available: open the console over https or on localhost');
    }
    const key = await parseVerifierKey(keyText);
    passed('public key', `Ed25519 key ${key.name}+${key.keyIdHex}`);

    const { note, checkpoint } = await within('checkpoint signature', async () => {
      const signed = await verifyNoteSignature(await getText(`${ledgerUrl}/log/checkpoint`), key);
      return { note: signed, checkpoint: parseCheckpoint(signed.text) };
    });
    passed('checkpoint signature', `/log/checkpoint of ${checkpoint.origin} at tree size ${checkpoint.treeSize} is `
      + `signed by ${key.name}+${key.keyIdHex}; root ${hex(checkpoint.root)}`);

    // The policy comes from the same server as the key: it says whom the log answers to, not that they are honest.
    const policy = await within('witness cosignatures', async () => parsePolicy(await getText(`${ledgerUrl}/log/policy`)));
    const cosigners = (await within('witness cosignatures', () => verifiedCosigners(policy, note))).map((c) => c.name);
    if (!quorumMet(policy, policy.quorum, new Set(cosigners))) {
      fail('witness cosignatures', `the quorum ${policy.quorum} of /log/policy is not met: `
        + `${cosigners.length ? `only ${cosigners.join(', ')} cosigned` : 'no listed witness cosigned'}`);
    }
    passed('witness cosignatures', policy.quorum === 'none'
      ? `/log/policy requires no witness (quorum none); ${policy.witnesses.size} witnesses listed`
      : `quorum ${policy.quorum} of /log/policy met; cosigned by ${cosigners.join(', ')}`);

    const size = Number(checkpoint.treeSize);
    const tree = await within('tree from tiles', () => readHashTree(size, fetchTile));
    if (!equalBytes(tree.root, checkpoint.root)) {
      fail('tree from tiles', `the ${size} leaf hashes of the tiles lead to root ${hex(tree.root)}, the signed `
        + `checkpoint's root is ${hex(checkpoint.root)}`);
    }
    passed('tree from tiles', `the signed root of ${size} leaves rebuilt from ${tree.tiles} hash `
      + `tile${tree.tiles === 1 ? '' : 's'}`);

    const entries = await within('entries', () => readEntries(tree.leafHashes, fetchTile));
    const envelopes = entries.map(decodeEntry);
    passed('entries', `all ${entries.length} entries of the entry bundles hash to their leaves in the tree`);

    try {
      replayed = replayBatch(batchId, envelopes);
    } catch (error) {
      if (error instanceof Violation) {
        const { eventId, type, sequence, leafIndex } = error.envelope;
        fail('replay', `first violating event: ${type} ${eventId} (sequence ${sequence}, leaf ${leafIndex}): ${error.message}`);
      }
      throw error;
    }
    if (!replayed.events) {
      fail('replay', `the log up to tree size ${size} holds no event of batch ${batchId}`);
    }
    passed('replay', `${replayed.events} events of the batch replayed under the registry's rules, none broke one`);

    const registry = await within('registry totals', () => getJson(`/api/batches/${encodeURIComponent(batchId)}`,
      { key: storedKey() }));
    replace(totalsBox, h('h3', {}, 'Totals'), totalsTable(replayed, registry));
    const differing = TOTALS.filter((name) => replayed[name] !== registry[name]);
    if (differing.length) {
      fail('registry totals', differing.map((name) => `${name}: the log says ${replayed[name]}, the registry `
        + `${registry[name]}`).join('; '));
    }
    passed('registry totals', 'issued, held, retired, cancelled, invalidated and status agree with GET /api/batches/'
      + `${batchId} (events the log does not cover yet would show here as a difference)`);
    return {
      verified: true,
      message: `Monitored: batch ${batchId} as the signed log at tree size ${size} has it agrees with the registry.`,
    };
  } catch (error) {
    const step = error instanceof StepFailed ? error.step : 'unexpected error';
    onStep({ step, passed: false, detail: error.message });
    if (replayed && !totalsBox.children.length) {
      replace(totalsBox, h('h3', {}, 'Totals'), totalsTable(replayed, null));
    }
    return { verified: false, failedStep: step, message: `Not monitored: the ${step} check failed.` };
  }
}

async function run() {
  const batchId = batchInput.value.trim();
  if (!batchId) {
    batchInput.setAttribute('aria-invalid', 'true');
    replace(messages, problemBox({ title: 'No batch id', detail: 'enter the id of the batch to check' }));
    batchInput.focus();
    return;
  }
  batchInput.setAttribute('aria-invalid', 'false');
  replace(messages);
  replace(stepsList);
  replace(verdict, h('p', { role: 'status' }, 'Reading the log…'));
  replace(totalsBox);
  section.hidden = false;
  button.disabled = true;
  const seen = [];
  try {
    const outcome = await check(batchId, keyInput.value, (result) => {
      seen.push(result.step);
      stepsList.append(stepItem(result));
    });
    stepsList.append(...skippedItems(STEPS, seen));
    replace(verdict, verdictLine(outcome.verified, outcome.failedStep, outcome.message));
    document.getElementById('monitoring-heading').focus();
  } finally {
    button.disabled = false;
  }
}

fetchLedgerKeyButton(document.getElementById('fetch-key'), keyInput, messages);
form.addEventListener('submit', (event) => {
  event.preventDefault();
  run();
});

// monitor.html?batch=… (linked from the explorer's batch view) fetches the key and checks at once.
const given = new URLSearchParams(window.location.search).get('batch');
if (given) {
  batchInput.value = given;
  fetchLedgerKey(keyInput, messages).then((fetched) => {
    if (fetched) {
      run();
    }
  });
}
