// Registry explorer: search projects and batches; a batch's serial blocks, holders and retirements; a retirement's
// certificate data with links to its proof. Public reads of registry-service; a key stored in this tab by another
// page is sent along, since who holds what is shown only to a key.
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
      h('label', { for: 'q' }, 'Search projects and batches'),
      h('input', {
        id: 'q', name: 'q', type: 'search', value: query, 'aria-describedby': 'q-help', autocomplete: 'off',
      }),
      h('p', { class: 'help', id: 'q-help' },
        'Part of a project name or serial prefix, a label, or a whole project or batch id, standard (VCS, GS…) or country code.')),
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
  const [projects, batches] = await Promise.all([getJson(`/api/projects${suffix}`), getJson(`/api/batches${suffix}`)]);
  replace(results,
    h('h2', { id: 'projects-heading' }, `Projects (${projects.length})`),
    projects.length ? table('Projects', ['Name', 'Standard', 'Country', 'Category', 'Id'], projectRows(projects),
      { className: 'projects' }) : h('p', { class: 'muted' }, 'No project matches.'),
    h('h2', { id: 'batches-heading' }, `Credit batches (${batches.length})`),
    batches.length ? table('Credit batches, newest first',
      ['Serials', 'Project', 'Vintage', ['Issued', 'number'], ['Held', 'number'], ['Retired', 'number'], 'Status'],
      batchRows(batches), { className: 'batches' }) : h('p', { class: 'muted' }, 'No batch matches.'));
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
    h('td', {}, serials(retirement.serialBlocks))));
  replace(root,
    breadcrumbs({ href: 'explorer.html', text: 'Registry' },
      project ? { href: projectHref(project.projectId), text: project.name } : null,
      { text: title }),
    h('h1', {}, title, ' ', status(batch.status)),
    h('div', { class: 'totals', id: 'batch-totals' },
      [['Issued', batch.issued], ['Held', batch.held], ['Retired', batch.retired], ['Cancelled', batch.cancelled]]
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
      : h('p', { class: 'muted' }, 'No credits of this batch are held: all are retired or cancelled.'),
    h('h2', {}, `Retirements (${retirements.length})`),
    retirementRows.length ? table('Retirements, oldest first', ['Retired at', 'Beneficiary', ['Credits', 'number'], 'Year', 'Serials'],
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
    if (params.get('retirement') && params.get('batch')) {
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
