// Compliance reports: preview the ESRS E1-7 summary (or the revised ESRS 2026 datapoints) of an account, or the
// registry, for a year as tables and charts, and download it from reporting as CSV, JSON, PDF or Inline XBRL.
import {
  config, formatInstant, getFile, getJson, h, problemBox, replace, saveBlob, storedKey, table, tonnes,
} from './api.js';
import { barChart } from './chart.js';
import { keyPanel } from './keypanel.js';

const form = document.getElementById('report-form');
const accountInput = document.getElementById('account');
const yearInput = document.getElementById('year');
const versionInput = document.getElementById('version');
const output = document.getElementById('report');
const previewButton = document.getElementById('preview-button');

const params = new URLSearchParams(window.location.search);
yearInput.value = params.get('year') || String(new Date().getFullYear());
if (params.get('account')) {
  accountInput.value = params.get('account');
}
if (params.get('report') === 'esrs-2026') {
  versionInput.value = 'esrs-2026';
}

keyPanel(document.getElementById('key-panel'), (identity) => {
  if (identity && !accountInput.value.trim() && identity.role === 'ACCOUNT_HOLDER') {
    accountInput.value = identity.accountId;
  }
});

const FORMATS = [
  ['csv', 'text/csv', 'CSV'],
  ['json', 'application/json', 'JSON'],
  ['pdf', 'application/pdf', 'PDF'],
  ['xhtml', 'application/xhtml+xml', 'Inline XBRL'],
];

// The revised ESRS (2026) figures: JSON field, label, unit ('t' or '%').
const REVISED = [
  ['cancelledTonnes', 'Cancelled (retired) in the year', 't'],
  ['purchasedNotCancelledTonnes', 'Bought in the year, still held on 31 December', 't'],
  ['removalSharePercent', 'Share from removal projects', '%'],
  ['natureBasedRemovalTonnes', 'Nature-based removals cancelled', 't'],
  ['technologicalRemovalTonnes', 'Technological removals cancelled', 't'],
];

// The summary rows: metric field, label, and whether it is a part of the row above (indented).
const SUMMARY = [
  ['totalRetiredTonnes', 'Total retired'],
  ['removalTonnes', 'Removals'],
  ['biogenicRemovalTonnes', 'of which biogenic sinks', true],
  ['technologicalRemovalTonnes', 'of which technological sinks', true],
  ['reductionTonnes', 'Reductions'],
  ['unclassifiedTonnes', 'Not yet classified'],
  ['insideEuTonnes', 'Projects inside the EU'],
  ['outsideEuTonnes', 'Projects outside the EU'],
  ['correspondingAdjustmentTonnes', 'With a corresponding adjustment'],
];

function reportUrl(reportingUrl, version, account, year, format) {
  const query = new URLSearchParams({ year, format });
  if (account) {
    query.set('account', account);
  }
  return `${reportingUrl}/api/reports/${version}?${query}`;
}

// The download buttons and their status line, for either report version.
function downloadButtons(reportingUrl, version, account, year) {
  const key = storedKey();
  const status = h('div', { class: 'downloads', id: 'download-status', 'aria-live': 'polite' });
  const download = async (format, mediaType) => {
    replace(status, h('p', { role: 'status' }, `Preparing the ${format.toUpperCase()} report…`));
    try {
      const file = await getFile(reportUrl(reportingUrl, version, account, year, format), { key: account ? key : null, mediaType });
      const filename = file.filename || `${version}-${account || 'registry'}-${year}.${format}`;
      saveBlob(file.blob, filename);
      replace(status, h('p', { role: 'status', class: 'download-done', dataset: { format } },
        `Downloaded ${filename} (${file.blob.size.toLocaleString('en-US')} bytes).`));
    } catch (error) {
      replace(status, problemBox(error));
    }
  };
  return [h('div', { class: 'actions', role: 'group', 'aria-label': 'Download the report' },
    FORMATS.map(([format, mediaType, label]) => h('button', {
      type: 'button', class: 'secondary', id: `download-${format}`, onclick: () => download(format, mediaType),
    }, `Download ${label}`))), status];
}

function sourceLine(report) {
  return h('p', { class: 'muted' }, report.source && report.source.lastEventTime
    ? `Includes every event up to ${formatInstant(report.source.lastEventTime)}.` : 'No events reported yet.');
}

function renderRevised(report, account, year, reportingUrl) {
  const scope = report.scope === 'registry' ? 'the whole registry' : `account ${report.account}`;
  const heading = h('h2', { id: 'report-heading', tabindex: '-1' }, `${report.report} — ${scope}, ${report.reportingYear}`);
  const shown = (value, unit) => (unit === '%' ? `${Number(value).toFixed(2)} %` : `${tonnes(value)} t`);
  replace(output, h('section', { class: 'panel', 'aria-labelledby': 'report-heading', id: 'report-preview' },
    heading,
    h('p', { class: 'muted' }, report.statement || ''),
    sourceLine(report),
    h('div', { class: 'totals' }, REVISED.slice(0, 3).map(([field, label, unit]) => h('div', { class: 'total-box' },
      h('div', { class: 'label' }, label),
      h('div', { class: 'value', dataset: { total: field } }, shown(report[field], unit))))),
    ...downloadButtons(reportingUrl, 'esrs-2026', account, year),
    table('Revised ESRS E1 carbon credits', ['Datapoint', ['Value', 'number']],
      REVISED.map(([field, label, unit]) => h('tr', {},
        h('th', { scope: 'row' }, label),
        h('td', { class: 'number', dataset: { metric: field, value: String(report[field]) } }, shown(report[field], unit)))),
      { className: 'summary revised' })));
  heading.focus();
}

function splitTable(caption, field, entries) {
  return table(caption, [field, ['t CO2e', 'number']], entries.map(([key, value]) => h('tr', {},
    h('th', { scope: 'row' }, key), h('td', { class: 'number', dataset: { key, value: String(value) } }, tonnes(value)))),
  { className: `split ${field.toLowerCase()}` });
}

function render(report, account, year, reportingUrl) {
  const byStandard = Object.entries(report.byStandard || {});
  const byVintage = Object.entries(report.byVintage || {});
  const scope = report.scope === 'registry' ? 'the whole registry' : `account ${report.account}`;
  const heading = h('h2', { id: 'report-heading', tabindex: '-1' }, `${report.title || 'ESRS E1-7'} — ${scope}, ${report.reportingYear}`);
  replace(output, h('section', { class: 'panel', 'aria-labelledby': 'report-heading', id: 'report-preview' },
    heading,
    h('p', { class: 'muted' }, report.statement || ''),
    sourceLine(report),
    h('div', { class: 'totals' },
      [['Total retired', report.totalRetiredTonnes, 'totalRetiredTonnes'], ['Removals', report.removalTonnes, 'removalTonnes'],
        ['Reductions', report.reductionTonnes, 'reductionTonnes'], ['Retirements', report.retirementCount, 'retirementCount']]
        .map(([label, value, field]) => h('div', { class: 'total-box' },
          h('div', { class: 'label' }, label),
          h('div', { class: 'value', dataset: { total: field } }, `${tonnes(value)}${field === 'retirementCount' ? '' : ' t'}`)))),
    ...downloadButtons(reportingUrl, 'esrs-e1-7', account, year),
    h('div', { class: 'charts' },
      barChart('Removals vs reductions', [['Removals', report.removalTonnes], ['Reductions', report.reductionTonnes]],
        { unit: 't', id: 'chart-category' }),
      barChart('By standard', byStandard, { unit: 't', id: 'chart-standard' }),
      barChart('By vintage', byVintage, { unit: 't', id: 'chart-vintage' })),
    table('Summary (t CO2e)', ['Metric', ['t CO2e', 'number']],
      SUMMARY.filter(([field]) => field in report).map(([field, label, part]) => h('tr', { class: field === 'totalRetiredTonnes' ? 'total' : null },
        h('th', { scope: 'row' }, part ? `\u2003${label}` : label),
        h('td', { class: 'number', dataset: { metric: field, value: String(report[field]) } }, tonnes(report[field]))))
      .concat([h('tr', {}, h('th', { scope: 'row' }, 'Share with a corresponding adjustment'),
        h('td', { class: 'number', dataset: { metric: 'correspondingAdjustmentShare' } },
          `${(Number(report.correspondingAdjustmentShare || 0) * 100).toFixed(2)} %`))]),
    { className: 'summary' }),
    h('div', { class: 'charts' },
      splitTable('By standard', 'Standard', byStandard),
      splitTable('By vintage', 'Vintage', byVintage)),
    Array.isArray(report.retirements) ? table(`Retirements (${report.retirements.length})`,
      ['Retired at', 'Beneficiary', ['t CO2e', 'number'], 'Standard', 'Vintage', 'Serials'],
      report.retirements.map((r) => h('tr', {},
        h('td', {}, formatInstant(r.retiredAt)), h('td', {}, r.beneficiary),
        h('td', { class: 'number' }, tonnes(r.quantity)), h('td', {}, r.standard), h('td', {}, r.vintage),
        h('td', {}, (r.serialBlocks || []).map((b) => h('code', { class: 'serial' }, b.serials))))),
    { className: 'annex' }) : h('p', { class: 'muted' }, report.annex || '')));
  heading.focus();
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const account = accountInput.value.trim();
  const year = yearInput.value.trim();
  if (!/^\d{4}$/.test(year)) {
    yearInput.setAttribute('aria-invalid', 'true');
    replace(output, problemBox({ title: 'Reporting year needed', detail: 'enter a year such as 2024' }));
    yearInput.focus();
    return;
  }
  yearInput.setAttribute('aria-invalid', 'false');
  const key = storedKey();
  if (account && !key) {
    replace(output, problemBox({ title: 'API key needed', detail: 'an account\'s report needs that account\'s API key: enter it above, or leave the account empty for the registry-wide report' }));
    return;
  }
  previewButton.disabled = true;
  replace(output, h('p', { role: 'status' }, 'Loading the report…'));
  try {
    const { reportingUrl } = await config();
    const version = versionInput.value;
    const report = await getJson(reportUrl(reportingUrl, version, account, year, 'json'), { key: account ? key : null });
    (version === 'esrs-2026' ? renderRevised : render)(report, account, year, reportingUrl);
  } catch (error) {
    replace(output, problemBox(error));
  } finally {
    previewButton.disabled = false;
  }
});
