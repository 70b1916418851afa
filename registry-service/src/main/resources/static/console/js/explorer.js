// Registry explorer: search projects, batches and serials; a batch's serial blocks, holders and retirements; a
// retirement's certificate data with links to its proof; one serial's whole history (from reporting, which projects
// every movement) with a proof link per event. Public reads; a key stored in this tab by another page is sent along,
// since who holds what is shown only to a key.
import {
  config, definitionList, formatInstant, getJson, h, problemBox, replace, shortId, storedKey, table, tonnes,
} from './api.js';
import { certificateLink } from './certificate.js';

const root = document.getElementById('explorer');
const params = new URLSearchParams(window.location.search);
const enc = encodeURIComponent;

const link = (href, text, attributes = {}) => h('a', { href, ...attributes }, text);
const projectHref = (id) => `explorer.html?project=${enc(id)}`;
const batchHref = (id) => `explorer.html?batch=${enc(id)}`;
const retirementHref = (batchId, id) => `explorer.html?batch=${enc(batchId)}&retirement=${enc(id)}`;
const serialHref = (serial) => `explorer.html?serial=${enc(serial)}`;
// a serial number, or a full label: the batch's serial prefix, a hyphen and the number
const SERIAL = /^(?:[A-Za-z0-9-]+-)?\d{1,18}$/;
const number = (value) => h('td', { class: 'number' }, tonnes(value));
const status = (value) => h('span', { class: `badge ${String(value).toLowerCase()}` }, value);
const vintage = (batch) => (batch.vintageStart && batch.vintageEnd
  ? (batch.vintageStart.slice(0, 4) === batch.vintageEnd.slice(0, 4) ? batch.vintageStart.slice(0, 4)
    : `${batch.vintageStart.slice(0, 4)}–${batch.vintageEnd.slice(0, 4)}`) : '');
const category = (item) => (item.category === 'REMOVAL' && item.removalSink
  ? `Removal (${item.removalSink.toLowerCase()})` : (item.category === 'REDUCTION' ? 'Reduction' : item.category));
const serials = (blocks) => h('ul', { class: 'serials' }, blocks.map((block) => h('li', {}, h('code', {}, block.serials),
  ` (${tonnes(block.quantity)})`)));

function breadcrumbs(...given) {
  const items = given.filter(Boolean);
  return h('nav', { 'aria-label': 'Breadcrumb', class: 'breadcrumbs' },
    h('p', {}, items.map((item, index) => [index > 0 ? ' › ' : null,
      item.href ? link(item.href, item.text) : h('span', { 'aria-current': 'page' }, item.text)])));
}

function searchForm(query) {
  return h('form', { class: 'search-form panel', action: 'explorer.html', method: 'get', role: 'search' },
    h('div', { class: 'field' },
      h('label', { for: 'q' }, 'Search projects, batches and serials'),
      h('input', {
        id: 'q', name: 'q', type: 'search', value: query, 'aria-describedby': 'q-help', autocomplete: 'off',
      }),
      h('p', { class: 'help', id: 'q-help' },
        'Part of a project name or serial prefix, a label, a whole project or batch id, standard (VCS, GS…) or country code, or a serial number or label (VCS-…-2024-000000042).')),
    h('button', { type: 'submit', id: 'search-button' }, 'Search'));
}

function projectRows(projects) {
  return projects.map((project) => h('tr', {},
    h('td', {}, link(projectHref(project.projectId), project.name)),
    h('td', {}, project.standard),
    h('td', {}, project.country),
    h('td', {}, category(project)),
    h('td', {}, h('code', { title: project.projectId }, shortId(project.projectId)))));
}

function batchRows(batches, { withProject = true } = {}) {
  return batches.map((batch) => h('tr', {},
    h('td', {}, link(batchHref(batch.batchId), h('code', {}, batch.serialPrefix || batch.batchId),
      { 'aria-label': `Batch ${batch.serialPrefix || batch.batchId}` })),
    withProject ? h('td', {}, batch.projectName ? link(projectHref(batch.projectId), batch.projectName) : batch.projectId) : null,
    h('td', {}, vintage(batch)),
    number(batch.issued),
    number(batch.held),
    number(batch.retired),
    h('td', {}, status(batch.status))));
}

async function searchView() {
  const query = params.get('q') || '';
  document.title = `${query ? `“${query}” · ` : ''}Registry explorer · Carbon Registry`;
  const results = h('div', { id: 'results' }, h('p', { role: 'status' }, 'Searching…'));
  replace(root, h('h1', {}, 'Registry explorer'),
    h('p', { class: 'lead' }, 'The public registry: projects, the credit batches issued from them, who holds which serial numbers and which were retired.'),
    searchForm(query), results);
  const suffix = query ? `?q=${enc(query)}` : '';
  const [projects, batches, serial] = await Promise.all([getJson(`/api/projects${suffix}`),
    getJson(`/api/batches${suffix}`), SERIAL.test(query.trim()) ? serialResult(query.trim()) : null]);
  replace(results, serial,
    h('h2', { id: 'projects-heading' }, `Projects (${projects.length})`),
    projects.length ? table('Projects', ['Name', 'Standard', 'Country', 'Category', 'Id'], projectRows(projects),
      { className: 'projects' }) : h('p', { class: 'muted' }, 'No project matches.'),
    h('h2', { id: 'batches-heading' }, `Credit batches (${batches.length})`),
    batches.length ? table('Credit batches, newest first',
      ['Serials', 'Project', 'Vintage', ['Issued', 'number'], ['Held', 'number'], ['Retired', 'number'], 'Status'],
      batchRows(batches), { className: 'batches' }) : h('p', { class: 'muted' }, 'No batch matches.'));
}

/** The serial a search names, as a link to its history, or what reporting said about it. */
async function serialResult(query) {
  try {
    const { reportingUrl } = await config();
    const serial = await getJson(`${reportingUrl}/api/serials/${enc(query)}`, { key: storedKey() });
    return [h('h2', { id: 'serial-heading' }, 'Serial'),
      h('p', { id: 'serial-result' }, link(serialHref(serial.label), h('code', {}, serial.label)), ' ', status(serial.status),
        ` · batch `, link(batchHref(serial.batchId), h('code', {}, serial.batchId)),
        ` · ${serial.history.length} event${serial.history.length === 1 ? '' : 's'}`)];
  } catch (error) {
    // a search for a number is often not meant as a serial: "not issued" is an answer, not an alert
    return [h('h2', { id: 'serial-heading' }, 'Serial'), error.status === 404
      ? h('p', { class: 'muted', id: 'serial-result' }, error.detail) : problemBox(error)];
  }
}

const EVENT_NAMES = {
  CreditsIssued: 'Issued', CreditsTransferred: 'Transferred', CreditsRetired: 'Retired', CreditsCancelled: 'Cancelled',
  BatchInvalidated: 'Invalidated',
  BufferContributed: 'To the buffer', ReversalCompensated: 'Reversal compensated',
  AuthorizationChanged: 'Article 6 authorisation', CorrespondingAdjustmentApplied: 'Adjustment applied',
};

/** Why and when a batch was invalidated, and what it means for the claims its retirements back. */
function invalidationNotice(invalidation, id) {
  return h('div', { class: 'problem', role: 'note', id },
    h('p', { class: 'problem-title' }, `Invalidated on ${formatInstant(invalidation.invalidatedAt)}: ${invalidation.reason}`),
    h('p', {}, 'Credits still held were cancelled. Retired credits stay retired, but a claim resting on a retirement '
      + 'from this batch needs replacing with credits of a valid batch. Invalidation event ',
    link(`verify.html?eventId=${enc(invalidation.eventId)}`, h('code', {}, invalidation.eventId)), '.'));
}

/**
 * One side of a move: the account, or "none" where the event has no such side (an issuance comes from nowhere, a
 * retirement or cancellation goes nowhere), or "hidden" where reporting withheld it from this key.
 */
function party(account, exists) {
  if (account) {
    return h('code', {}, account);
  }
  return exists ? h('span', { class: 'muted' }, 'hidden') : h('span', { class: 'muted' }, '—');
}

async function serialView(serial) {
  const { reportingUrl } = await config();
  const history = await getJson(`${reportingUrl}/api/serials/${enc(serial)}`, { key: storedKey() });
  const batch = await getJson(`/api/batches/${enc(history.batchId)}`).catch(() => null);
  const title = `Serial ${history.label}`;
  document.title = `${title} · Registry explorer · Carbon Registry`;
  const rows = history.history.map((entry) => h('tr', {},
    h('td', {}, formatInstant(entry.occurredAt)),
    h('td', {}, entry.retirementId
      ? link(retirementHref(history.batchId, entry.retirementId), EVENT_NAMES[entry.type] || entry.type)
      : (EVENT_NAMES[entry.type] || entry.type)),
    h('td', {}, party(entry.from, entry.type !== 'CreditsIssued')),
    h('td', {}, party(entry.to, entry.type === 'CreditsIssued' || entry.type === 'CreditsTransferred')),
    h('td', {}, h('code', { title: entry.eventId }, shortId(entry.eventId))),
    h('td', {},
      link(`verify.html?eventId=${enc(entry.eventId)}`, 'Verify', {
        class: 'verify-link', 'aria-label': `Verify the proof of the ${(EVENT_NAMES[entry.type] || entry.type).toLowerCase()} event ${entry.eventId}`,
      }),
      ' · ',
      link(entry.proofUrl, 'JSON', { class: 'proof-link', 'aria-label': `Inclusion proof of event ${entry.eventId} (JSON)` }))));
  replace(root,
    breadcrumbs({ href: 'explorer.html', text: 'Registry' },
      { href: batchHref(history.batchId), text: `Batch ${batch ? batch.serialPrefix : history.batchId}` },
      { text: title }),
    h('h1', {}, title, ' ', status(history.status)),
    definitionList([
      ['Serial number', String(history.serial), { id: 'serial-number' }],
      ['Status', history.status, { id: 'serial-status' }],
      ['Held by', history.status !== 'HELD' ? null : party(history.holder, true), { id: 'serial-holder' }],
      ['Batch', link(batchHref(history.batchId), h('code', {}, history.batchId))],
    ]),
    batch && batch.invalidation ? invalidationNotice(batch.invalidation, 'serial-invalidated') : null,
    h('h2', {}, `History (${history.history.length})`),
    history.holdersHidden ? h('p', { class: 'muted', id: 'holders-hidden' },
      'Who held this serial is shown only with a key that may see that account; a retirement\'s account is public.') : null,
    table('Every event that moved this serial, oldest first, each provable against the ledger',
      ['Occurred at', 'Event', 'From', 'To', 'Event id', 'Proof'], rows, { className: 'serial-history' }));
}

async function projectView(projectId) {
  const [project, batches] = await Promise.all([
    getJson(`/api/projects/${enc(projectId)}`),
    getJson(`/api/batches?projectId=${enc(projectId)}&limit=200`),
  ]);
  document.title = `${project.name} · Registry explorer · Carbon Registry`;
  replace(root,
    breadcrumbs({ href: 'explorer.html', text: 'Registry' }, { text: project.name }),
    h('h1', {}, project.name),
    definitionList([
      ['Project id', h('code', {}, project.projectId)],
      ['Standard', project.standard],
      ['Country', project.country],
      ['Category', category(project)],
      ['Developer account', h('code', {}, project.developerAccountId)],
    ]),
    h('h2', {}, `Credit batches (${batches.length})`),
    batches.length ? table('Credit batches of this project, newest first',
      ['Serials', 'Vintage', ['Issued', 'number'], ['Held', 'number'], ['Retired', 'number'], 'Status'], batchRows(batches, { withProject: false }),
      { className: 'batches' }) : h('p', { class: 'muted' }, 'No credits have been issued for this project yet.'));
}

async function batchView(batchId) {
  const [batch, retirements] = await Promise.all([
    getJson(`/api/batches/${enc(batchId)}`, { key: storedKey() }),
    getJson(`/api/batches/${enc(batchId)}/retirements`),
  ]);
  const project = await getJson(`/api/projects/${enc(batch.projectId)}`).catch(() => null);
  const title = `Batch ${batch.serialPrefix}`;
  document.title = `${title} · Registry explorer · Carbon Registry`;
  // holders are shown only to a key that may see them; anonymously the list is null
  const holderRows = (batch.holders || []).map((holder) => h('tr', {},
    h('td', {}, h('code', {}, holder.accountId)), number(holder.quantity), h('td', {}, serials(holder.serialBlocks))));
  const retirementRows = retirements.map((retirement) => h('tr', {},
    h('td', {}, link(retirementHref(batch.batchId, retirement.retirementId), formatInstant(retirement.retiredAt),
      { 'aria-label': `Retirement of ${retirement.quantity} for ${beneficiaryOf(retirement)} on ${formatInstant(retirement.retiredAt)}` })),
    h('td', {}, beneficiaryOf(retirement)),
    number(retirement.quantity),
    h('td', {}, String(retirement.reportingYear)),
    h('td', {}, serials(retirement.serialBlocks)),
    h('td', {}, retirement.invalidated ? h('strong', { class: 'notice' }, 'needs replacing') : 'stands')));
  replace(root,
    breadcrumbs({ href: 'explorer.html', text: 'Registry' },
      project ? { href: projectHref(project.projectId), text: project.name } : null,
      { text: title }),
    h('h1', {}, title, ' ', status(batch.status)),
    batch.invalidation ? invalidationNotice(batch.invalidation, 'batch-invalidated') : null,
    h('div', { class: 'totals', id: 'batch-totals' },
      [['Issued', batch.issued], ['Held', batch.held], ['Retired', batch.retired], ['Cancelled', batch.cancelled],
        ...(batch.invalidated ? [['Invalidated', batch.invalidated]] : []),
        ...(batch.expiresOn ? [['Expired', batch.expired || 0]] : [])]
        .map(([label, value]) => h('div', { class: 'total-box' }, h('div', { class: 'label' }, label),
          h('div', { class: 'value', dataset: { total: label.toLowerCase() } }, tonnes(value))))),
    h('p', {}, link(`monitor.html?batch=${enc(batch.batchId)}`, 'Check this batch against the public log',
      { id: 'monitor-link' }), ': its history replayed in this browser from the ledger\'s signed tiles.'),
    definitionList([
      ['Batch id', h('code', {}, batch.batchId)],
      ['Project', project ? link(projectHref(project.projectId), project.name) : h('code', {}, batch.projectId)],
      ['Standard', batch.standard],
      ['Category', category(batch)],
      ['Project country', batch.projectCountry],
      ['Vintage', `${batch.vintageStart} to ${batch.vintageEnd}`],
      ['Serial prefix', h('code', {}, batch.serialPrefix)],
      ['Labels', batch.labels.join(', ')],
      ['Corresponding adjustment', batch.correspondingAdjustment ? 'Yes (Article 6)' : 'No'],
      ['Issued at', formatInstant(batch.issuedAt)],
    ]),
    h('h2', {}, 'Who holds what'),
    holderRows.length ? table('Holders and their serial blocks', ['Account', ['Credits', 'number'], 'Serial blocks'], holderRows,
      { className: 'holders' })
      : batch.holders == null ? h('p', { class: 'muted' }, 'Who holds what is shown only with a key that may see it.')
      : h('p', { class: 'muted' }, `No credits of this batch are held: all are retired${batch.invalidated
        ? ', cancelled or cancelled by its invalidation' : ' or cancelled'}.`),
    h('h2', {}, `Retirements (${retirements.length})`),
    retirementRows.length ? table('Retirements, oldest first',
      ['Retired at', 'Beneficiary', ['Credits', 'number'], 'Year', 'Serials', 'Claim'],
      retirementRows, { className: 'retirements' }) : h('p', { class: 'muted' }, 'No credits of this batch have been retired.'));
}

async function retirementView(batchId, retirementId) {
  const [retirement, batch, { ledgerUrl }] = await Promise.all([
    getJson(`/api/batches/${enc(batchId)}/retirements/${enc(retirementId)}`),
    getJson(`/api/batches/${enc(batchId)}`),
    config(),
  ]);
  const project = await getJson(`/api/projects/${enc(batch.projectId)}`).catch(() => null);
  document.title = `Retirement for ${beneficiaryOf(retirement)} · Registry explorer · Carbon Registry`;
  const proofUrl = `${ledgerUrl}/api/proofs/inclusion?eventId=${enc(retirement.eventId)}`;
  replace(root,
    breadcrumbs({ href: 'explorer.html', text: 'Registry' },
      project ? { href: projectHref(project.projectId), text: project.name } : null,
      { href: batchHref(batch.batchId), text: `Batch ${batch.serialPrefix}` },
      { text: 'Retirement' }),
    h('h1', {}, `${tonnes(retirement.quantity)} t CO2e retired for ${beneficiaryOf(retirement)}`),
    retirement.invalidated ? invalidationNotice(retirement.invalidation, 'retirement-invalidated') : null,
    h('section', { class: 'panel', 'aria-labelledby': 'certificate-heading' },
      h('h2', { id: 'certificate-heading' }, 'Certificate data'),
      definitionList([
        ['Beneficiary', beneficiaryOf(retirement), { id: 'beneficiary' }],
        ['Quantity', `${tonnes(retirement.quantity)} t CO2e`, { id: 'quantity' }],
        ['Serial numbers', serials(retirement.serialBlocks)],
        ['Purpose', retirement.erased ? '(erased)' : retirement.purpose],
        ['Reporting year', String(retirement.reportingYear)],
        ['Jurisdiction', retirement.jurisdiction],
        ['Retired at', formatInstant(retirement.retiredAt)],
        ['Retiring account', h('code', {}, retirement.account)],
        ['Project', project ? link(projectHref(project.projectId), project.name) : h('code', {}, batch.projectId)],
        ['Standard', batch.standard],
        ['Category', category(batch)],
        ['Vintage', `${batch.vintageStart} to ${batch.vintageEnd}`],
        ['Corresponding adjustment', batch.correspondingAdjustment ? 'Yes (Article 6)' : 'No'],
        ['Batch', link(batchHref(batch.batchId), h('code', {}, batch.batchId))],
        ['Retirement id', h('code', {}, retirement.retirementId)],
        ['Event id', h('code', { id: 'event-id' }, retirement.eventId)],
      ])),
    h('section', { class: 'panel', 'aria-labelledby': 'proof-heading' },
      h('h2', { id: 'proof-heading' }, 'Proof'),
      h('p', {}, 'The retirement is an event in the ledger. Anyone can check that it is there and unaltered:'),
      h('ul', {},
        h('li', {}, link(`verify.html?eventId=${enc(retirement.eventId)}`, 'Verify the inclusion proof in your browser', { id: 'verify-link' })),
        h('li', {}, link(proofUrl, 'Inclusion proof (JSON, from the ledger)', { id: 'proof-link' })))),
    h('section', { class: 'panel', 'aria-labelledby': 'pdf-heading' },
      h('h2', { id: 'pdf-heading' }, 'Certificate'),
      h('p', { class: 'help' }, 'The PDF certificate is for the retiring account: it needs that account\'s API key in this tab.'),
      await certificateLink(retirement.retirementId)));
}

async function show() {
  try {
    if (params.get('serial')) {
      await serialView(params.get('serial'));
    } else if (params.get('retirement') && params.get('batch')) {
      await retirementView(params.get('batch'), params.get('retirement'));
    } else if (params.get('batch')) {
      await batchView(params.get('batch'));
    } else if (params.get('project')) {
      await projectView(params.get('project'));
    } else {
      await searchView();
    }
  } catch (error) {
    const existing = root.querySelector('#results');
    const target = existing || root;
    if (!existing) {
      replace(root, breadcrumbs({ href: 'explorer.html', text: 'Registry' }, { text: 'Not found' }),
        h('h1', {}, 'Registry explorer'));
    }
    target.append(problemBox(error));
    if (existing) {
      existing.querySelector('[role=status]')?.remove();
    }
  }
}

show();

/** Beneficiary and purpose are personal data: after an erasure the registry answers null and erased: true. */
function beneficiaryOf(retirement) {
  return retirement.erased ? '(erased)' : retirement.beneficiary;
}
