// Talking to the three services, and the little DOM helpers every page uses. Plain ES module, no dependencies.

const KEY_STORAGE = 'carbonregistry.apiKey';

let configPromise;

/** Where the ledger and reporting services are: {ledgerUrl, reportingUrl}, from registry-service. */
export function config() {
  if (!configPromise) {
    configPromise = fetch('config.json', { headers: { Accept: 'application/json' } })
      .then((response) => {
        if (!response.ok) {
          throw new Error(`config.json answered HTTP ${response.status}`);
        }
        return response.json();
      });
  }
  return configPromise;
}

/** An RFC 9457 problem (or any failed request), with what the service said. */
export class ProblemError extends Error {
  constructor(status, title, detail, url) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title || (status ? `HTTP ${status}` : 'Request failed');
    this.detail = detail || '';
    this.url = url;
  }
}

async function problemOf(response, url) {
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try {
      const problem = await response.json();
      return new ProblemError(response.status, problem.title, problem.detail, url);
    } catch (ignored) {
      // fall through to a plain description
    }
  }
  return new ProblemError(response.status, `HTTP ${response.status}`, response.statusText, url);
}

/** fetch, turning a network failure (service down, CORS refused) into a ProblemError that says where. */
async function send(url, init) {
  try {
    return await fetch(url, init);
  } catch (error) {
    throw new ProblemError(0, 'Service unreachable', `could not reach ${url} (${error.message})`, url);
  }
}

function headers(key, extra = {}) {
  const all = { Accept: 'application/json, application/problem+json', ...extra };
  if (key) {
    all.Authorization = `Bearer ${key}`;
  }
  return all;
}

export async function getJson(url, { key } = {}) {
  const response = await send(url, { headers: headers(key) });
  if (!response.ok) {
    throw await problemOf(response, url);
  }
  return response.json();
}

export async function getText(url) {
  const response = await send(url, { headers: { Accept: 'text/plain, application/json' } });
  if (!response.ok) {
    throw await problemOf(response, url);
  }
  return response.text();
}

/** The body as bytes, for binary resources such as the ledger's tiles. */
export async function getBytes(url) {
  const response = await send(url, { headers: { Accept: 'application/octet-stream, application/problem+json' } });
  if (!response.ok) {
    throw await problemOf(response, url);
  }
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Fills `input` with the ledger's note verifier key as the ledger serves it (trust it only once compared with a
 * published copy); a failure is shown in `messages`. Resolves to whether it was fetched.
 */
export async function fetchLedgerKey(input, messages) {
  try {
    const { ledgerUrl } = await config();
    input.value = (await getText(`${ledgerUrl}/api/public-key`)).trim();
    return true;
  } catch (error) {
    replace(messages, problemBox(error));
    return false;
  }
}

/** The "Fetch from the ledger" button beside a key field. */
export function fetchLedgerKeyButton(button, input, messages) {
  button.addEventListener('click', async () => {
    if (await fetchLedgerKey(input, messages)) {
      replace(messages, h('p', { role: 'status' }, 'Fetched the ledger\'s public key. Compare it with a copy you trust.'));
    }
  });
}

export async function postJson(url, body, { key, idempotencyKey } = {}) {
  const extra = { 'Content-Type': 'application/json' };
  if (idempotencyKey) {
    extra['Idempotency-Key'] = idempotencyKey;
  }
  const response = await send(url, { method: 'POST', headers: headers(key, extra), body: JSON.stringify(body) });
  if (!response.ok) {
    throw await problemOf(response, url);
  }
  return response.json();
}

/** Sends a file as it is (the browser streams it), e.g. a CSV export to import; answers the JSON reply. */
export async function postFile(url, file, { key, mediaType }) {
  const response = await send(url, { method: 'POST', headers: headers(key, { 'Content-Type': mediaType }), body: file });
  if (!response.ok) {
    throw await problemOf(response, url);
  }
  return response.json();
}

/** A file from a service (report, certificate), checked to be of the expected media type. */
export async function getFile(url, { key, mediaType }) {
  const response = await send(url, { headers: headers(key, { Accept: `${mediaType}, application/problem+json` }) });
  if (!response.ok) {
    throw await problemOf(response, url);
  }
  const type = response.headers.get('Content-Type') || '';
  if (!type.startsWith(mediaType)) {
    throw new ProblemError(response.status, 'Unexpected content', `expected ${mediaType} but got ${type}`, url);
  }
  const disposition = response.headers.get('Content-Disposition') || '';
  const named = /filename="?([^";]+)"?/.exec(disposition);
  return { blob: await response.blob(), filename: named ? named[1] : null };
}

/** Saves a blob as a file, the way a download link would. */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// --- the API key: kept for this browser tab only (sessionStorage), never in a cookie or localStorage ---

export function storedKey() {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function storeKey(key) {
  sessionStorage.setItem(KEY_STORAGE, key);
}

export function forgetKey() {
  sessionStorage.removeItem(KEY_STORAGE);
}

/**
 * Who a key belongs to: {accountId, role, keyId}, asked of registry-service with the key itself. An unknown or
 * revoked key is refused with the API's 401 problem.
 */
export async function ownKey(key) {
  const response = await send('/api/auth/key', { headers: headers(key) });
  if (!response.ok) {
    throw await problemOf(response, '/api/auth/key');
  }
  return response.json();
}

// --- DOM ---

/** Builds an element; strings become text nodes, so data from the services is never parsed as HTML. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** An error as the page shows it: the problem's title, status and detail, announced to screen readers. */
export function problemBox(error) {
  const status = error.status ? ` (HTTP ${error.status})` : '';
  return h('div', { class: 'problem', role: 'alert' },
    h('p', { class: 'problem-title' }, `${error.title || 'Error'}${status}`),
    error.detail ? h('p', { class: 'problem-detail' }, error.detail) : null);
}

export function replace(container, ...children) {
  container.replaceChildren(...children.flat(Infinity).filter((child) => child !== null && child !== undefined));
}

export function tonnes(value) {
  return Number(value).toLocaleString('en-US');
}

export function formatInstant(text) {
  if (!text) {
    return '';
  }
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** A long id shown short, with the whole id available to copy and to assistive technology. */
export function shortId(id) {
  return id && id.length > 13 ? `${id.slice(0, 8)}…` : id;
}

export function randomId() {
  return crypto.randomUUID ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A captioned table that scrolls sideways on its own when narrower than its content; a column is 'Name' or ['Name', 'number']. */
export function table(caption, columns, rows, { className } = {}) {
  return h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': caption },
    h('table', { class: className },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, columns.map((column) => (Array.isArray(column)
        ? h('th', { scope: 'col', class: column[1] }, column[0]) : h('th', { scope: 'col' }, column))))),
      h('tbody', {}, rows)));
}

export function definitionList(entries) {
  return h('dl', { class: 'facts' }, entries.filter(Boolean).map(([term, value, attributes]) => [
    h('dt', {}, term), h('dd', attributes || {}, value === null || value === undefined || value === '' ? '—' : value),
  ]));
}
