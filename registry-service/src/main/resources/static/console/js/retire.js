// Retire credits for the account whose API key is entered on the page.
import {
  definitionList, getJson, h, postJson, problemBox, randomId, replace, shortId, tonnes,
} from './api.js';
import { certificateLink } from './certificate.js';
import { keyPanel } from './keypanel.js';

const section = document.getElementById('retire-section');
const form = document.getElementById('retire-form');
const batchSelect = document.getElementById('batch');
const result = document.getElementById('result');
const button = document.getElementById('retire-button');
const enc = encodeURIComponent;

let identity = null;
// One idempotency key per intended retirement: sending the same form again (a double click, a retry after a lost
// answer) retires once; a changed form is a new retirement with a new key.
let idempotencyKey = null;
let intended = null;

document.getElementById('reporting-year').value = String(new Date().getFullYear());

async function loadHoldings() {
  replace(batchSelect, h('option', { value: '' }, 'Loading your holdings…'));
  try {
    const holdings = await getJson(`/api/accounts/${enc(identity.accountId)}/holdings`, { key: identity.key });
    if (!holdings.length) {
      replace(batchSelect, h('option', { value: '' }, 'This account holds no credits'));
      return;
    }
    const wanted = new URLSearchParams(window.location.search).get('batch');
    replace(batchSelect, holdings.map((holding) => h('option', {
      value: holding.batchId,
      selected: holding.batchId === wanted,
      dataset: { held: String(holding.quantity) },
    }, `${holding.serialPrefix} — ${tonnes(holding.quantity)} held (batch ${shortId(holding.batchId)})`)));
  } catch (error) {
    replace(batchSelect, h('option', { value: '' }, 'Holdings could not be loaded'));
    replace(result, problemBox(error));
  }
}

keyPanel(document.getElementById('key-panel'), (known) => {
  identity = known;
  section.hidden = !known;
  replace(result);
  if (known) {
    loadHoldings();
  }
});

function fieldValue(name) {
  return form.elements[name].value.trim();
}

/** What the browser can tell before asking the registry; the registry checks everything again. */
function missingFields() {
  const missing = [];
  for (const [name, label] of [['batch', 'credit batch'], ['quantity', 'quantity'], ['reportingYear', 'reporting year'],
    ['beneficiary', 'beneficiary'], ['purpose', 'purpose']]) {
    const element = form.elements[name];
    const empty = !element.value.trim();
    element.setAttribute('aria-invalid', String(empty));
    if (empty) {
      missing.push(label);
    }
  }
  return missing;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const missing = missingFields();
  if (missing.length) {
    replace(result, problemBox({ title: 'Missing information', detail: `please fill in: ${missing.join(', ')}` }));
    form.querySelector('[aria-invalid="true"]')?.focus();
    return;
  }
  const batchId = fieldValue('batch');
  const body = {
    account: identity.accountId,
    quantity: Number(fieldValue('quantity')),
    beneficiary: fieldValue('beneficiary'),
    purpose: fieldValue('purpose'),
    reportingYear: Number(fieldValue('reportingYear')),
  };
  if (fieldValue('jurisdiction')) {
    body.jurisdiction = fieldValue('jurisdiction').toUpperCase();
  }
  const intention = JSON.stringify([batchId, body]);
  if (intention !== intended) {
    intended = intention;
    idempotencyKey = randomId();
  }
  button.disabled = true;
  replace(result, h('p', { role: 'status' }, 'Retiring…'));
  try {
    const retired = await postJson(`/api/batches/${enc(batchId)}/retirements`, body,
      { key: identity.key, idempotencyKey });
    intended = null;
    const heading = h('h2', { id: 'result-heading', tabindex: '-1' },
      `Retired ${tonnes(body.quantity)} credits for ${body.beneficiary}`);
    replace(result, h('section', { class: 'success', id: 'retirement-result', 'aria-labelledby': 'result-heading' },
      heading,
      definitionList([
        ['Serial numbers', h('ul', { class: 'serials', id: 'retired-serials' },
          retired.serialBlocks.map((block) => h('li', {}, h('code', {}, block.serials), ` (${tonnes(block.quantity)})`)))],
        ['Retirement id', h('code', { id: 'retirement-id' }, retired.retirementId)],
        ['Event id', h('code', { id: 'retirement-event-id' }, retired.eventId)],
        ['Batch', h('code', {}, retired.batchId)],
      ]),
      await certificateLink(retired.retirementId),
      h('p', {},
        h('a', { href: `explorer.html?batch=${enc(retired.batchId)}&retirement=${enc(retired.retirementId)}`, id: 'retirement-page-link' },
          'Public record of this retirement'),
        ' · ',
        h('a', { href: `verify.html?eventId=${enc(retired.eventId)}` }, 'Verify its ledger proof'))));
    heading.focus();
    loadHoldings();
  } catch (error) {
    replace(result, problemBox(error));
  } finally {
    button.disabled = false;
  }
});
