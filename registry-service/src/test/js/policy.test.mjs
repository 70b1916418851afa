// policy.js: tlog-policy quorums and c2sp.org/tlog-cosignature lines, with witness keys made here by WebCrypto.
// Run by ConsoleVerifierVectorsTest: node --test --experimental-default-type=module policy.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base64Encode, concat, parseSignedNote, sha256 } from '../../main/resources/static/console/js/proof.js';
import { parsePolicy, quorumMet, verifiedCosigners } from '../../main/resources/static/console/js/policy.js';

const encoder = new TextEncoder();
const TEXT = 'carbon-registry.local/ledger\n9\nf5kjEYzfQ1I2V5r1GQ/1+rkJbDYiLJrhyOJmO6AFt5Y=\n';

/** A witness as ledger-core's VerifierKey writes one: name+keyid+base64(0x04 || key), id = SHA-256(name\n type key). */
async function witness(name) {
  const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  const typed = concat(new Uint8Array([0x04]), new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
  const keyId = (await sha256(encoder.encode(name), new Uint8Array([0x0a]), typed)).slice(0, 4);
  const vkey = `${name}+${Buffer.from(keyId).toString('hex')}+${base64Encode(typed)}`;
  const cosign = async (text, time = 1767225600n) => {
    const stamp = new Uint8Array(8);
    new DataView(stamp.buffer).setBigUint64(0, time);
    const signature = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey,
      encoder.encode(`cosignature/v1\ntime ${time}\n${text}`)));
    return `\u2014 ${name} ${base64Encode(concat(keyId, stamp, signature))}\n`;
  };
  return { name, vkey, cosign };
}

test('cosignatures that verify count toward the quorum; a forged one fails the check', async () => {
  const [w1, w2, w3] = await Promise.all(['w1.example/a', 'w2.example/b', 'w3.example/c'].map(witness));
  const policy = parsePolicy(`# the log's policy\nlog carbon-registry.local/ledger+00000000+AQ==\n`
    + `witness one ${w1.vkey}\nwitness two ${w2.vkey}\nwitness three ${w3.vkey}\n`
    + 'group witnesses 2 one two three\nquorum witnesses\n');
  const logLine = '\u2014 carbon-registry.local/ledger AAAAAAAA\n';

  const two = parseSignedNote(`${TEXT}\n${logLine}${await w1.cosign(TEXT)}${await w3.cosign(TEXT)}`);
  const cosigners = await verifiedCosigners(policy, two);
  assert.deepEqual(cosigners.map((c) => c.name), ['one', 'three']);
  assert.equal(cosigners[0].time, 1767225600n);
  assert.equal(quorumMet(policy, policy.quorum, new Set(cosigners.map((c) => c.name))), true);

  const one = parseSignedNote(`${TEXT}\n${logLine}${await w2.cosign(TEXT)}`);
  assert.equal(quorumMet(policy, policy.quorum, new Set((await verifiedCosigners(policy, one)).map((c) => c.name))), false);

  const otherText = TEXT.replace('\n9\n', '\n10\n');
  const forged = parseSignedNote(`${TEXT}\n${logLine}${await w1.cosign(otherText)}`);
  await assert.rejects(verifiedCosigners(policy, forged), /cosignature by witness one \(w1.example\/a\+[0-9a-f]{8}\) does not verify/);
});

test('policies: none, any, all, and names used before they are defined', () => {
  const none = parsePolicy('log a+00000000+AQ==\nquorum none\n');
  assert.equal(quorumMet(none, none.quorum, new Set()), true);
  const any = parsePolicy('witness w1 k1\nwitness w2 k2\ngroup g any w1 w2\nquorum g\n');
  assert.equal(quorumMet(any, 'g', new Set(['w2'])), true);
  assert.equal(quorumMet(any, 'g', new Set()), false);
  const all = parsePolicy('witness w1 k1\nwitness w2 k2\ngroup g all w1 w2\nquorum g\n');
  assert.equal(quorumMet(all, 'g', new Set(['w2'])), false);
  assert.throws(() => parsePolicy('group g any w1\nwitness w1 k1\nquorum g\n'), /w1 is not a witness or group defined before it/);
  assert.throws(() => parsePolicy('witness w1 k1\n'), /no quorum line/);
});
