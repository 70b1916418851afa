// The API key form shared by the pages that act for an account. The key lives in sessionStorage only: it is
// gone when the tab closes, and "Forget key" removes it at once.
import { forgetKey, h, ownKey, problemBox, replace, storedKey, storeKey } from './api.js';

/**
 * Renders the key panel into `container` and calls `onIdentity({key, accountId, role})` once a key is known to
 * be valid, or `onIdentity(null)` when it is forgotten.
 */
export function keyPanel(container, onIdentity) {
  const signedIn = (identity) => {
    replace(container,
      h('p', { class: 'identity', id: 'identity', role: 'status' },
        'Using the API key of account ', h('code', { id: 'identity-account' }, identity.accountId),
        ` (${identity.role.replace('_', ' ').toLowerCase()}). It is kept in this browser tab only.`),
      h('button', {
        type: 'button', class: 'secondary', id: 'forget-key',
        onclick: () => {
          forgetKey();
          onIdentity(null);
          signedOut();
          container.querySelector('input')?.focus();
        },
      }, 'Forget key'));
    onIdentity(identity);
  };

  const check = async (key, messages) => {
    try {
      const answer = await ownKey(key);
      storeKey(key);
      signedIn({ key, accountId: answer.accountId, role: answer.role });
    } catch (error) {
      forgetKey();
      replace(messages, problemBox(error));
    }
  };

  const signedOut = () => {
    const messages = h('div', { class: 'messages' });
    const input = h('input', {
      id: 'api-key', name: 'apiKey', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true,
      'aria-describedby': 'api-key-help',
    });
    const form = h('form', {
      class: 'key-form', id: 'key-form',
      onsubmit: (event) => {
        event.preventDefault();
        replace(messages);
        check(input.value.trim(), messages);
      },
    },
    h('div', { class: 'field' },
      h('label', { for: 'api-key' }, 'API key'),
      input,
      h('p', { class: 'help', id: 'api-key-help' },
        'Your account\'s key (crk_…). It is sent only to the registry services and kept in this tab until you close it.')),
    h('button', { type: 'submit', id: 'use-key' }, 'Use this key'),
    messages);
    replace(container, form);
  };

  const key = storedKey();
  if (key) {
    const messages = h('div', { class: 'messages' });
    replace(container, h('p', { role: 'status' }, 'Checking the stored key…'), messages);
    check(key, messages).then(() => {
      if (!storedKey()) {
        signedOut();
      }
    });
  } else {
    signedOut();
  }
}
