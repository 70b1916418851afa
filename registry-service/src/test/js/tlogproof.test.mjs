// tlogproof.js: a c2sp.org/tlog-proof@v1 built here (log and witness keys made by WebCrypto) checked against a
// tlog-policy. Run by ConsoleVerifierVectorsTest: node --test --experimental-default-type=module tlogproof.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base64Encode, concat, leafHash, nodeHash, sha256 } from '../../main/resources/static/console/js/proof.js';
import { verifyTlogProof } from '../../main/resources/static/console/js/tlogproof.js';

const encoder = new TextEncoder();
const ORIGIN = 'carbon-registry.local/ledger';

/** A signer as ledger-core's VerifierKey writes one: name+keyid+base64(type || key), id = SHA-256(name\n type key). */
async function signer(name, type) {
  const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  const typed = concat(new Uint8Array([type]), new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
  const keyId = (await sha256(encoder.encode(name), new Uint8Array([0x0a]), typed)).slice(0, 4);
  const vkey = `${name}+${Buffer.from(keyId).toString('hex')}+${base64Encode(typed)}`;
  const sign = async (message) => new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey,
    encoder.encode(message)));
  const line = (payload) => `\u2014 ${name} ${base64Encode(concat(keyId, payload))}\n`;
  const signNote = async (text) => line(await sign(text));
  const cosign = async (text, time = 1767225600n) => {
    const stamp = new Uint8Array(8);
    new DataView(stamp.buffer).setBigUint64(0, time);
    return line(concat(stamp, await sign(`cosignature/v1\ntime ${time}\n${text}`)));
  };
  return { vkey, signNote, cosign };
}

/** RFC 9162 MTH and PATH over leaf hashes. */
async function root(leaves) {
  if (leaves.length === 1) {
    return leaves[0];
  }
  const k = 2 ** Math.floor(Math.log2(leaves.length - 1));
  return nodeHash(await root(leaves.slice(0, k)), await root(leaves.slice(k)));
}
async function path(m, leaves) {
  if (leaves.length === 1) {
    return [];
  }
  const k = 2 ** Math.floor(Math.log2(leaves.length - 1));
  return m < k ? [...await path(m, leaves.slice(0, k)), await root(leaves.slice(k))]
    : [...await path(m - k, leaves.slice(k)), await root(leaves.slice(0, k))];
}

const envelopes = Array.from({ length: 7 }, (_, i) => encoder.encode(JSON.stringify({ eventId: `e${i}`, seq: i })));

async function setup() {
  const log = await signer(ORIGIN, 0x01);
  const [w1, w2, w3] = await Promise.all(['w1.example/a', 'w2.example/b', 'w3.example/c'].map((n) => signer(n, 0x04)));
  const policy = `log ${log.vkey}\nwitness one ${w1.vkey}\nwitness two ${w2.vkey}\nwitness three ${w3.vkey}\n`
    + 'group witnesses 2 one two three\nquorum witnesses\n';
  const leaves = await Promise.all(envelopes.map((e) => leafHash(e)));
  const text = `${ORIGIN}\n${leaves.length}\n${base64Encode(await root(leaves))}\n`;
  const build = async (index, cosigns, entry = envelopes[index]) => `c2sp.org/tlog-proof@v1\nextra ${base64Encode(entry)}\n`
    + `index ${index}\n${(await path(index, leaves)).map((h) => `${base64Encode(h)}\n`).join('')}\n`
    + `${text}\n${await log.signNote(text)}${(await Promise.all(cosigns)).join('')}`;
  return { log, w1, w2, w3, policy, text, build };
}

async function run(proof, policy) {
  const steps = [];
  const outcome = await verifyTlogProof(proof, policy, (s) => steps.push(s));
  return { ...outcome, steps };
}

test('quorum met: the checkpoint, two of three witnesses, the leaf and the inclusion proof verify', async () => {
  const { w1, w3, policy, text, build } = await setup();
  const outcome = await run(await build(5, [w1.cosign(text), w3.cosign(text)]), policy);
  assert.equal(outcome.verified, true, outcome.steps.map((s) => s.detail).join('; '));
  assert.deepEqual(outcome.cosigners.map((c) => c.name), ['one', 'three']);
  assert.deepEqual(outcome.steps.map((s) => s.step), ['proof document', 'policy', 'checkpoint signature',
    'witness cosignatures', 'quorum', 'leaf hash', 'audit path']);
  assert.match(outcome.steps[3].detail, /cosigned by one, three; no cosignature from two/);
});

test('quorum not met: one cosignature of the two the group needs', async () => {
  const { w2, policy, text, build } = await setup();
  const outcome = await run(await build(2, [w2.cosign(text)]), policy);
  assert.equal(outcome.verified, false);
  assert.equal(outcome.failedStep, 'quorum');
  assert.match(outcome.steps.at(-1).detail, /quorum witnesses of the policy is not met by two/);
});

test('forged cosignature: a witness line over another checkpoint fails and names the witness', async () => {
  const { w1, w2, policy, text, build } = await setup();
  const outcome = await run(await build(0, [w1.cosign(text.replace('\n7\n', '\n8\n')), w2.cosign(text)]), policy);
  assert.equal(outcome.verified, false);
  assert.equal(outcome.failedStep, 'witness cosignatures');
  assert.match(outcome.steps.at(-1).detail, /cosignature by witness one \(w1.example\/a\+[0-9a-f]{8}\) does not verify/);
});

test('tampered entry: another envelope in extra does not lead to the signed root', async () => {
  const { w1, w2, policy, text, build } = await setup();
  const outcome = await run(await build(3, [w1.cosign(text), w2.cosign(text)], envelopes[4]), policy);
  assert.equal(outcome.verified, false);
  assert.equal(outcome.failedStep, 'audit path');
});

test('a checkpoint not signed by the policy\'s log key fails its signature check; quorum none needs no witness', async () => {
  const { log, build } = await setup();
  const other = await signer(ORIGIN, 0x01);
  const proof = await build(6, []);
  assert.equal((await run(proof, `log ${other.vkey}\nquorum none\n`)).failedStep, 'checkpoint signature');
  const none = await run(proof, `log ${log.vkey}\nquorum none\n`);
  assert.equal(none.verified, true);
  assert.match(none.steps[4].detail, /requires no witness/);
});
