// A list of checks as the verifier and the monitor show them: each passed or failed with its reason, and the ones
// a failure left unchecked, with data attributes the browser tests read.
import { h } from './api.js';

export function stepItem({ step, passed, detail }) {
  return h('li', { class: passed ? 'passed' : 'failed', dataset: { step, outcome: passed ? 'passed' : 'failed' } },
    h('span', { class: 'mark', 'aria-hidden': 'true' }, passed ? '✓' : '✗'),
    h('span', { class: 'step-name' }, `${step}: ${passed ? 'passed' : 'FAILED'}`),
    h('span', { class: 'step-detail' }, detail));
}

export function skippedItems(steps, seen) {
  return steps.filter((s) => !seen.includes(s)).map((step) => h('li', { class: 'skipped', dataset: { step, outcome: 'skipped' } },
    h('span', { class: 'mark', 'aria-hidden': 'true' }, '–'),
    h('span', { class: 'step-name' }, `${step}: not checked`),
    h('span', { class: 'step-detail' }, 'an earlier check failed')));
}

/** The one-line outcome, announced politely when all passed and at once when something failed. */
export function verdictLine(verified, failedStep, message) {
  return h('p', {
    class: `verdict ${verified ? 'passed' : 'failed'}`, id: 'verdict-text', role: verified ? 'status' : 'alert',
    dataset: { verified: String(verified), failedStep: failedStep || '' },
  }, message);
}
