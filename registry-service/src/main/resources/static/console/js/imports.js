// Imports: an administrator sends a Verra or Gold Standard export (POST /api/imports) and sees the batches it
// created and the rows it refused, each with its row number and reason.
import { definitionList, h, postFile, problemBox, replace, shortId, table, tonnes } from './api.js';
import { keyPanel } from './keypanel.js';

const enc = encodeURIComponent;
const section = document.getElementById('import-section');
const form = document.getElementById('import-form');
const button = document.getElementById('import-button');
const result = document.getElementById('result');

let identity = null;

keyPanel(document.getElementById('key-panel'), (known) => {
  identity = known;
  section.hidden = !known;
  replace(result);
  if (known && known.role !== 'REGISTRY_ADMIN') {
    replace(result, h('p', { class: 'help', role: 'status' },
      'This key is not an administrator\'s: the registry will refuse the import.'));
  }
});

function report(answer) {
  const counts = definitionList([
    ['Rows read', tonnes(answer.rowsRead), { id: 'rows-read' }],
    ['Batches created', tonnes(answer.batchesCreated), { id: 'batches-created' }],
    ['Rows completed (imported before, finished now)', tonnes(answer.rowsCompleted)],
    ['Rows unchanged (imported before)', tonnes(answer.rowsUnchanged), { id: 'rows-unchanged' }],
    ['Rows refused', tonnes(answer.rowsRefusedTotal), { id: 'rows-refused' }],
    ['Import', h('code', {}, answer.importId)],
  ]);
  const created = answer.batches.length ? table(
    answer.batches.length < answer.batchesCreated
      ? `First ${answer.batches.length} of ${tonnes(answer.batchesCreated)} batches created` : 'Batches created',
    [['Row', 'number'], 'Batch', 'Programme serials', 'Status', ['Credits', 'number']],
    answer.batches.map((b) => h('tr', {},
      h('td', { class: 'number' }, String(b.row)),
      h('td', {}, h('a', { href: `explorer.html?batch=${enc(b.batchId)}`, title: b.batchId }, shortId(b.batchId))),
      h('td', {}, h('code', {}, b.externalSerials)),
      h('td', {}, b.status.toLowerCase()),
      h('td', { class: 'number' }, tonnes(b.quantity)))),
    { className: 'created-batches' }) : null;
  const refused = answer.rowsRefused.length ? table(
    answer.rowsRefused.length < answer.rowsRefusedTotal
      ? `First ${answer.rowsRefused.length} of ${tonnes(answer.rowsRefusedTotal)} rows refused` : 'Rows refused',
    [['Row', 'number'], 'Reason'],
    answer.rowsRefused.map((r) => h('tr', {},
      h('td', { class: 'number' }, String(r.row)),
      h('td', {}, r.reason))),
    { className: 'refused-rows' }) : null;
  return [h('h3', {}, 'Import done'), counts, refused, created,
    h('p', { class: 'help' }, 'Rows are numbered as a spreadsheet shows them: the header is row 1.')];
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const file = form.elements.file.files[0];
  if (!file) {
    replace(result, problemBox({ title: 'No file chosen', detail: 'Choose the programme\'s CSV export first.' }));
    return;
  }
  button.disabled = true;
  replace(result, h('p', { role: 'status' }, `Importing ${file.name}…`));
  try {
    const answer = await postFile(`/api/imports?source=${enc(form.elements.source.value)}`, file,
      { key: identity.key, mediaType: 'text/csv' });
    replace(result, report(answer));
  } catch (error) {
    replace(result, problemBox(error));
  } finally {
    button.disabled = false;
  }
});
