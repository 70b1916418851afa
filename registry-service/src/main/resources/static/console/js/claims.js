// Claims: make one from the account's retirements (registry-service), and view any claim with the retirements
// behind it and their ledger proofs (reporting, public).
import {
  config, definitionList, formatInstant, getJson, h, postJson, problemBox, randomId, replace, shortId, storedKey, table,
  tonnes,
} from './api.js';
import { keyPanel } from './keypanel.js';

const enc = encodeURIComponent;
const section = document.getElementById('claim-section');
const form = document.getElementById('claim-form');
const retirementsBox = document.getElementById('retirements');
const result = document.getElementById('result');
const claimButton = document.getElementById('claim-button');
const viewForm = document.getElementById('view-form');
const claimInput = document.getElementById('claim-id');
const claimView = document.getElementById('claim');

let identity = null;
// One idempotency key per intended claim, as on the retirement page: a resent form claims once.
let idempotencyKey = null;
let intended = null;

const lastYear = new Date().getFullYear() - 1;
form.elements.periodStart.value = `${lastYear}-01-01`;
form.elements.periodEnd.value = `${lastYear}-12-31`;

async function loadRetirements() {
  replace(retirementsBox, h('p', { role: 'status' }, 'Loading your retirements…'));
  try {
    const { reportingUrl } = await config();
    const answer = await getJson(`${reportingUrl}/api/retirements?account=${enc(identity.accountId)}`,
      { key: identity.key });
    if (!answer.retirements.length) {
      replace(retirementsBox, h('p', {}, 'This account has no retirements yet.'));
      return;
    }
    replace(retirementsBox, h('ul', { class: 'choices', id: 'retirement-choices' }, answer.retirements.map((r) => h('li', {},
      h('label', {},
        h('input', { type: 'checkbox', name: 'retirementIds', value: r.retirementId }),
        ` ${tonnes(r.quantity)} t, reporting year ${r.reportingYear}, ${r.projectName || 'batch ' + shortId(r.batchId)}`,
        ' — retirement ', h('code', {}, shortId(r.retirementId)), `, ${formatInstant(r.retiredAt)}`,
        // the credits stay retired, but a claim resting on them no longer stands
        r.invalidated ? h('strong', { class: 'notice invalidated-retirement' },
          ` — from an invalidated batch (${r.invalidation.reason}): needs replacing`) : null)))));
  } catch (error) {
    replace(retirementsBox, problemBox(error));
  }
}

keyPanel(document.getElementById('key-panel'), (known) => {
  identity = known;
  section.hidden = !known;
  replace(result);
  if (known) {
    loadRetirements();
  }
});

function chosenRetirements() {
  return [...form.querySelectorAll('input[name="retirementIds"]:checked')].map((input) => input.value);
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const retirementIds = chosenRetirements();
  const body = {
    type: form.elements.type.value,
    periodStart: form.elements.periodStart.value,
    periodEnd: form.elements.periodEnd.value,
    statement: form.elements.statement.value.trim(),
    retirementIds,
  };
  const missing = [];
  if (!retirementIds.length) missing.push('at least one retirement');
  if (!body.periodStart || !body.periodEnd) missing.push('the period');
  if (!body.statement) missing.push('the statement');
  if (missing.length) {
    replace(result, problemBox({ title: 'Missing information', detail: `please give ${missing.join(', ')}` }));
    return;
  }
  const intention = JSON.stringify(body);
  if (intention !== intended) {
    intended = intention;
    idempotencyKey = randomId();
  }
  claimButton.disabled = true;
  replace(result, h('p', { role: 'status' }, 'Making the claim…'));
  try {
    const claim = await postJson(`/api/accounts/${enc(identity.accountId)}/claims`, body,
      { key: identity.key, idempotencyKey });
    intended = null;
    const heading = h('h2', { id: 'result-heading', tabindex: '-1' }, `Claim made: ${tonnes(claim.tonnes)} t CO2e`);
    replace(result, h('section', { class: 'success', id: 'claim-result', 'aria-labelledby': 'result-heading' },
      heading,
      definitionList([
        ['Claim id', h('code', { id: 'made-claim-id' }, claim.claimId)],
        ['Event id', h('code', {}, claim.eventId)],
      ]),
      h('p', {},
        h('a', { href: `claims.html?claim=${enc(claim.claimId)}`, id: 'claim-page-link' }, 'Public record of this claim'),
        ' · ',
        h('a', { href: `verify.html?eventId=${enc(claim.eventId)}` }, 'Verify its ledger proof'))));
    heading.focus();
  } catch (error) {
    replace(result, problemBox(error));
  } finally {
    claimButton.disabled = false;
  }
});

function verifyLink(eventId, text) {
  return h('a', { href: `verify.html?eventId=${enc(eventId)}` }, text);
}

async function showClaim(claimId) {
  replace(claimView, h('p', { role: 'status' }, 'Loading the claim…'));
  try {
    const { reportingUrl } = await config();
    const claim = await getJson(`${reportingUrl}/api/claims/${enc(claimId)}`);
    replace(claimView, h('section', { id: 'claim-record', 'aria-label': 'Claim' },
      claim.needsReplacing ? h('div', { class: 'problem', role: 'note', id: 'claim-needs-replacing' },
        h('p', { class: 'problem-title' }, 'This claim needs replacing'),
        h('p', {}, 'Some retirements behind it are from a batch the registry invalidated since: they stay retired, '
          + 'but the claim should rest on credits of a valid batch.')) : null,
      definitionList([
        ['Type', claim.type],
        ['Period', `${claim.periodStart} to ${claim.periodEnd}`],
        ['Tonnes CO2e', h('span', { id: 'claim-tonnes' }, tonnes(claim.tonnes))],
        ['Account', h('code', {}, claim.account)],
        ['Claimed at', formatInstant(claim.claimedAt)],
        ['Event', [h('code', {}, claim.eventId), ' · ', verifyLink(claim.eventId, 'verify its proof')]],
        ['Statement', h('span', { id: 'claim-statement' },
          h('span', { class: 'muted' }, 'kept off the ledger; commitment '), h('code', {}, claim.statementCommitment))],
      ]),
      table('Retirements backing this claim', ['Retirement', ['t CO2e', 'number'], 'Event', 'Proof', 'Batch'],
        claim.retirements.map((r) => h('tr', { dataset: { retirementId: r.retirementId } },
          h('th', { scope: 'row' }, h('code', {}, r.retirementId)),
          h('td', { class: 'number' }, tonnes(r.tonnes)),
          h('td', {}, h('code', {}, r.eventId)),
          h('td', {}, h('a', { href: r.inclusionProofUrl }, 'inclusion proof'), ' · ', verifyLink(r.eventId, 'verify')),
          h('td', {}, r.invalidated ? h('strong', { class: 'notice' }, 'invalidated') : 'valid'))),
        { className: 'claim-retirements' })));
    showStatement(claim);
  } catch (error) {
    replace(claimView, problemBox(error.status === 404
      ? { title: 'Claim not found', detail: `${error.detail} (a claim just made shows once reporting has read it; try again)` }
      : error));
  }
}

/** The statement itself, for a key that may read the account (its own, an administrator's or auditor's). */
async function showStatement(claim) {
  const key = storedKey();
  if (!key) {
    return;
  }
  try {
    const text = await getJson(`/api/accounts/${enc(claim.account)}/claims/${enc(claim.claimId)}/statement`, { key });
    const shown = document.getElementById('claim-statement');
    if (shown) {
      replace(shown, h('q', {}, text.text), ' ', h('span', { class: 'muted' }, `(salt ${text.salt}; commitment `),
        h('code', {}, claim.statementCommitment), h('span', { class: 'muted' }, ')'));
    }
  } catch (ignored) {
    // another account's claim: the commitment is all this key may see
  }
}

viewForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const claimId = claimInput.value.trim();
  if (claimId) {
    window.history.replaceState(null, '', `claims.html?claim=${enc(claimId)}`);
    showClaim(claimId);
  }
});

const wanted = new URLSearchParams(window.location.search).get('claim');
if (wanted) {
  claimInput.value = wanted;
  showClaim(wanted);
}
