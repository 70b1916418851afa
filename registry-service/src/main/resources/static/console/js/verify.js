// The auditor's page: fetch or paste a proof and the ledger's public key, and check them here, step by step.
import {
  config, fetchLedgerKey, fetchLedgerKeyButton, getJson, getText, h, problemBox, replace,
} from './api.js';
import { STEPS, verifyInclusion } from './proof.js';
import { TLOG_STEPS, verifyTlogProof } from './tlogproof.js';
import { skippedItems, stepItem, verdictLine } from './steps.js';

const form = document.getElementById('verify-form');
const eventIdInput = document.getElementById('event-id');
const proofInput = document.getElementById('proof');
const keyInput = document.getElementById('public-key');
const messages = document.getElementById('fetch-messages');
const section = document.getElementById('verification');
const stepsList = document.getElementById('steps');
const verdict = document.getElementById('verdict');
const envelopeBox = document.getElementById('envelope');
const verifyButton = document.getElementById('verify-button');
const policyInput = document.getElementById('policy');
const tlogFormat = document.getElementById('format-tlog');

// The tlog-proof mode checks the checkpoint with the policy's log key; the inclusion-proof mode with the public key.
function showFormat() {
  document.getElementById('policy-field').hidden = !tlogFormat.checked;
  document.getElementById('public-key-field').hidden = tlogFormat.checked;
}

async function fetchPolicy() {
  try {
    const { ledgerUrl } = await config();
    policyInput.value = await getText(`${ledgerUrl}/log/policy`);
    replace(messages, h('p', { role: 'status' }, 'Fetched the ledger\'s witness policy. Compare it with a copy you trust.'));
    return true;
  } catch (error) {
    replace(messages, problemBox(error));
    return false;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function fetchProof() {
  const eventId = eventIdInput.value.trim();
  if (!UUID.test(eventId)) {
    eventIdInput.setAttribute('aria-invalid', 'true');
    replace(messages, problemBox({ title: 'Not an event id', detail: 'an event id is a UUID such as 0b0f…-…' }));
    eventIdInput.focus();
    return false;
  }
  eventIdInput.setAttribute('aria-invalid', 'false');
  const { ledgerUrl } = await config();
  replace(messages, h('p', { role: 'status' }, 'Fetching the proof…'));
  try {
    if (tlogFormat.checked) {
      proofInput.value = await getText(`${ledgerUrl}/api/proofs/tlog-proof?eventId=${encodeURIComponent(eventId)}`);
      replace(messages, h('p', { role: 'status', id: 'proof-fetched' }, `Fetched the tlog-proof of event ${eventId}.`));
      return true;
    }
    const proof = await getJson(`${ledgerUrl}/api/proofs/inclusion?eventId=${encodeURIComponent(eventId)}`);
    proofInput.value = JSON.stringify(proof, null, 2);
    replace(messages, h('p', { role: 'status', id: 'proof-fetched' },
      `Fetched the proof of event ${eventId} (tree size ${proof.treeSize}).`));
    return true;
  } catch (error) {
    replace(messages, problemBox(error));
    return false;
  }
}

function showEnvelope(proof) {
  if (!proof || !proof.envelope) {
    replace(envelopeBox);
    return;
  }
  let text;
  try {
    text = JSON.stringify(JSON.parse(new TextDecoder().decode(proof.envelope)), null, 2);
  } catch (ignored) {
    text = new TextDecoder().decode(proof.envelope);
  }
  replace(envelopeBox, h('h3', {}, 'The event (envelope, as hashed)'), h('pre', { class: 'envelope', tabindex: '0' }, text));
}

async function verify() {
  replace(stepsList);
  replace(verdict);
  replace(envelopeBox);
  section.hidden = false;
  verifyButton.disabled = true;
  const seen = [];
  try {
    const onStep = (result) => {
      seen.push(result.step);
      stepsList.append(stepItem(result));
    };
    const tlog = tlogFormat.checked;
    const outcome = tlog ? await verifyTlogProof(proofInput.value, policyInput.value, onStep)
      : await verifyInclusion(proofInput.value, keyInput.value, onStep);
    stepsList.append(...skippedItems(tlog ? TLOG_STEPS : STEPS, seen));
    replace(verdict, verdictLine(outcome.verified, outcome.failedStep, outcome.message));
    showEnvelope(outcome.proof);
    document.getElementById('verification-heading').focus();
  } finally {
    verifyButton.disabled = false;
  }
}

document.getElementById('fetch-proof').addEventListener('click', fetchProof);
document.getElementById('fetch-policy').addEventListener('click', fetchPolicy);
document.querySelectorAll('input[name="format"]').forEach((radio) => radio.addEventListener('change', showFormat));
showFormat();
fetchLedgerKeyButton(document.getElementById('fetch-key'), keyInput, messages);
form.addEventListener('submit', (event) => {
  event.preventDefault();
  verify();
});

// verify.html?eventId=… (linked from a retirement) fetches the proof and the key, then verifies at once;
// with &format=tlog, the tlog-proof and the policy.
const params = new URLSearchParams(window.location.search);
const given = params.get('eventId');
if (params.get('format') === 'tlog') {
  tlogFormat.checked = true;
  showFormat();
}
if (given) {
  eventIdInput.value = given;
  Promise.all([fetchProof(), tlogFormat.checked ? fetchPolicy() : fetchLedgerKey(keyInput, messages)]).then(([proof, key]) => {
    if (proof && key) {
      verify();
    }
  });
}
