// Witness cosignatures on a checkpoint under the log's c2sp.org/tlog-policy (served at /log/policy): the JS side of
// ledger-core's TlogPolicy and CosignatureVerifier, for the console's checks in the browser.
import { StepFailed, equalBytes, parseVerifierKey } from './proof.js';

const STEP = 'witness cosignatures';
const fail = (message) => {
  throw new StepFailed(STEP, message);
};

/**
 * The policy's log keys (vkeys), witnesses (name -> vkey), groups (name -> {threshold, members}) and quorum (a name
 * or 'none').
 */
export function parsePolicy(text) {
  const logs = [];
  const witnesses = new Map();
  const groups = new Map();
  let quorum = null;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/^[ \t]+|[ \t]+$/g, '');
    if (!line || line.startsWith('#')) {
      return;
    }
    const items = line.split(/[ \t]+/);
    const where = `policy line ${i + 1} (${items[0]})`;
    const defined = (name) => witnesses.has(name) || groups.has(name);
    if (items[0] === 'witness' && (items.length === 3 || items.length === 4)) {
      witnesses.set(items[1], items[2]);
    } else if (items[0] === 'group' && items.length >= 4) {
      const members = items.slice(3);
      const threshold = items[2] === 'all' ? members.length : items[2] === 'any' ? 1 : Number(items[2]);
      if (!Number.isSafeInteger(threshold) || threshold < 1 || threshold > members.length) {
        fail(`${where}: the threshold ${items[2]} is not all, any or 1 to ${members.length}`);
      }
      const unknown = members.find((member) => !defined(member));
      if (unknown) {
        fail(`${where}: ${unknown} is not a witness or group defined before it`);
      }
      groups.set(items[1], { threshold, members });
    } else if (items[0] === 'quorum' && items.length === 2 && quorum === null) {
      if (items[1] !== 'none' && !defined(items[1])) {
        fail(`${where}: ${items[1]} is not a witness or group defined before it`);
      }
      quorum = items[1];
    } else if (items[0] === 'log' && (items.length === 2 || items.length === 3)) {
      logs.push(items[1]);
    } else {
      fail(`${where}: not a log, witness, group or single quorum line`);
    }
  });
  if (quorum === null) {
    fail('the policy has no quorum line');
  }
  return { logs, witnesses, groups, quorum };
}

/** Whether the witnesses in `signed` (a Set of names) meet the named witness, group or 'none'. */
export function quorumMet(policy, name, signed) {
  if (name === 'none') {
    return true;
  }
  const group = policy.groups.get(name);
  return group ? group.members.filter((member) => quorumMet(policy, member, signed)).length >= group.threshold
    : signed.has(name);
}

/**
 * The policy's witnesses whose cosignature on the parsed note ({text, signatures} of parseSignedNote) verifies:
 * cosignature/v1, the payload after the key id a big-endian u64 timestamp and an Ed25519 signature over
 * "cosignature/v1\ntime <t>\n" + text. A line that claims a listed witness but does not verify fails, as in
 * TlogPolicy. Resolves to [{name, time}].
 */
export async function verifiedCosigners(policy, note) {
  const cosigners = [];
  for (const [name, vkey] of policy.witnesses) {
    const key = await parseVerifierKey(vkey, { type: 0x04, step: STEP });
    const lines = note.signatures.filter((s) => s.name === key.name && equalBytes(s.keyId, key.keyId));
    let first = null;
    for (const line of lines) {
      if (line.signature.length !== 8 + 64) {
        fail(`the cosignature by ${name} has ${line.signature.length} bytes after its key id, not 8 + 64`);
      }
      const time = new DataView(line.signature.buffer, line.signature.byteOffset, 8).getBigUint64(0);
      const message = new TextEncoder().encode(`cosignature/v1\ntime ${time}\n${note.text}`);
      if (!await crypto.subtle.verify({ name: 'Ed25519' }, key.cryptoKey, line.signature.slice(8), message)) {
        fail(`the cosignature by witness ${name} (${key.name}+${key.keyIdHex}) does not verify over the checkpoint`);
      }
      first = first ?? time;
    }
    if (first !== null) {
      cosigners.push({ name, time: first });
    }
  }
  return cosigners;
}
