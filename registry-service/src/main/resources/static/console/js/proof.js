// Verifies an inclusion proof in the browser, trusting nothing but the public key: the checkpoint's Ed25519
// signature (C2SP signed note), the envelope's leaf hash (SHA-256(0x00 || envelope)) and the RFC 9162 audit path
// to the signed root. WebCrypto only (crypto.subtle: SHA-256 and Ed25519); no library, no server involved.

const encoder = new TextEncoder();

export class StepFailed extends Error {
  constructor(step, message) {
    super(message);
    this.step = step;
  }
}

function fail(step, message) {
  throw new StepFailed(step, message);
}

// --- bytes ---

/** Standard base64 with padding, refusing anything else (as the ledger's own verifier does). */
export function base64Decode(text, what, step) {
  if (typeof text !== 'string' || !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) {
    fail(step, `${what} is not standard base64`);
  }
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

export function base64Encode(bytes) {
  let binary = '';
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}

export function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function equalBytes(a, b) {
  if (a.length !== b.length) {
    return false;
  }
  let difference = 0;
  for (let i = 0; i < a.length; i++) {
    difference |= a[i] ^ b[i];
  }
  return difference === 0;
}

export async function sha256(...parts) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', concat(...parts)));
}

const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

export const leafHash = (envelope) => sha256(LEAF_PREFIX, envelope);
export const nodeHash = (left, right) => sha256(NODE_PREFIX, left, right);

// --- the pieces of a proof ---

function parseProof(text) {
  const step = 'proof document';
  let document;
  try {
    document = JSON.parse(text);
  } catch (error) {
    fail(step, `the proof is not valid JSON: ${error.message}`);
  }
  if (!document || typeof document !== 'object' || Array.isArray(document)) {
    fail(step, 'the proof must be a JSON object');
  }
  for (const field of ['eventId', 'checkpoint', 'envelope', 'leafHash']) {
    if (typeof document[field] !== 'string') {
      fail(step, `the proof has no string "${field}"`);
    }
  }
  for (const field of ['leafIndex', 'treeSize']) {
    if (!Number.isSafeInteger(document[field]) || document[field] < 0) {
      fail(step, `"${field}" must be a non-negative integer`);
    }
  }
  if (!Array.isArray(document.auditPath)) {
    fail(step, 'the proof has no "auditPath" array');
  }
  return {
    eventId: document.eventId,
    leafIndex: BigInt(document.leafIndex),
    treeSize: BigInt(document.treeSize),
    checkpoint: document.checkpoint,
    envelope: base64Decode(document.envelope, 'envelope', step),
    leafHash: base64Decode(document.leafHash, 'leafHash', step),
    auditPath: document.auditPath.map((hash, i) => base64Decode(hash, `auditPath[${i}]`, step)),
  };
}

const NAME = /^[^\s+]+$/;

/**
 * A note verifier key: <name>+<8 hex key id>+<base64(type || 32-byte Ed25519 key)>, its key id checked. Type 0x01
 * is a log's Ed25519 key, 0x04 a witness's Ed25519 cosignature key (c2sp.org/tlog-cosignature).
 */
export async function parseVerifierKey(text, { type = 0x01, step = 'public key' } = {}) {
  const vkey = (text || '').trim();
  // Only the first two plus signs separate: the base64 key may contain more.
  const first = vkey.indexOf('+');
  const second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
  if (second < 0) {
    fail(step, 'the key must be <name>+<key id>+<base64 key>');
  }
  const [name, keyIdHex, keyBase64] = [vkey.slice(0, first), vkey.slice(first + 1, second), vkey.slice(second + 1)];
  if (!NAME.test(name)) {
    fail(step, `"${name}" is not a valid key name`);
  }
  if (!/^[0-9a-f]{8}$/.test(keyIdHex)) {
    fail(step, 'the key id must be 8 lowercase hex digits');
  }
  const typed = base64Decode(keyBase64, 'the key material', step);
  if (typed[0] !== type) {
    fail(step, `signature type ${typed[0]} is not ${type === 0x01 ? 'Ed25519 (1)' : `Ed25519 cosignature (${type})`}`);
  }
  const publicKey = typed.slice(1);
  if (publicKey.length !== 32) {
    fail(step, `an Ed25519 public key has 32 bytes, this one ${publicKey.length}`);
  }
  const expectedId = (await sha256(encoder.encode(name), new Uint8Array([0x0a]), typed)).slice(0, 4);
  if (hex(expectedId) !== keyIdHex) {
    fail(step, `key id ${keyIdHex} does not match the name and key (expected ${hex(expectedId)})`);
  }
  let cryptoKey;
  try {
    cryptoKey = await crypto.subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
  } catch (error) {
    fail(step, `this browser cannot use the key for Ed25519 (${error.message})`);
  }
  return { name, keyId: expectedId, keyIdHex, cryptoKey };
}

/** A C2SP signed note: text (ending in a newline), a blank line, signature lines "— <name> base64(id || sig)". */
export function parseSignedNote(note) {
  const step = 'checkpoint signature';
  const split = note.lastIndexOf('\n\n');
  if (split < 0) {
    fail(step, 'the checkpoint note has no blank line before its signatures');
  }
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (!block.endsWith('\n')) {
    fail(step, 'the checkpoint note must end with signature lines, each ending in a newline');
  }
  const signatures = block.slice(0, -1).split('\n').map((line) => {
    const match = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!match) {
      fail(step, `malformed signature line: ${line}`);
    }
    const payload = base64Decode(match[2], 'a signature', step);
    if (payload.length < 5) {
      fail(step, 'a signature is shorter than a key id and one byte');
    }
    return { name: match[1], keyId: payload.slice(0, 4), signature: payload.slice(4) };
  });
  return { text, signatures };
}

/** The checkpoint text: origin, tree size, base64 root hash, and optionally "prev <hash of the previous note>". */
export function parseCheckpoint(text) {
  const step = 'checkpoint signature';
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3 || lines.length > 4) {
    fail(step, `a checkpoint has 3 lines, or 4 with a prev line; this one has ${lines.length}`);
  }
  if (!NAME.test(lines[0])) {
    fail(step, 'the checkpoint origin is empty or contains spaces or plus signs');
  }
  if (!/^(0|[1-9][0-9]{0,18})$/.test(lines[1])) {
    fail(step, `the tree size "${lines[1]}" is not a decimal number`);
  }
  const root = base64Decode(lines[2], 'the root hash', step);
  if (root.length !== 32) {
    fail(step, `the root hash has ${root.length} bytes, not 32`);
  }
  if (lines.length === 4 && !lines[3].startsWith('prev ')) {
    fail(step, `unknown extension line: ${lines[3]}`);
  }
  return { origin: lines[0], treeSize: BigInt(lines[1]), root };
}

/** RFC 9162 section 2.1.3.2: the root an audit path leads to from a leaf. */
export async function rootFromAuditPath(leafIndex, treeSize, hash, path) {
  const step = 'audit path';
  if (leafIndex >= treeSize) {
    fail(step, `leaf index ${leafIndex} is not below the tree size ${treeSize}`);
  }
  let fn = leafIndex;
  let sn = treeSize - 1n;
  let r = hash;
  for (const [i, p] of path.entries()) {
    if (p.length !== 32) {
      fail(step, `hash ${i} of the audit path has ${p.length} bytes, not 32`);
    }
    if (sn === 0n) {
      fail(step, 'the audit path is longer than the tree is deep');
    }
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) {
    fail(step, 'the audit path is shorter than the tree is deep');
  }
  return r;
}

/** Fails the 'audit path' step unless the path (called `what`) leads from the leaf hash to the checkpoint's root. */
export async function checkAuditPath(leafIndex, checkpoint, hash, path, what) {
  const root = await rootFromAuditPath(leafIndex, checkpoint.treeSize, hash, path);
  if (!equalBytes(root, checkpoint.root)) {
    fail('audit path', `the ${what} leads to root ${hex(root)}, the signed checkpoint's root is ${hex(checkpoint.root)}`);
  }
}

/**
 * A signed note's text once every signature line by `key` (from parseVerifierKey) verifies over it, and at least one
 * does; fails the 'checkpoint signature' step otherwise. The parsed note: {text, signatures}.
 */
export async function verifyNoteSignature(noteText, key) {
  const note = parseSignedNote(noteText);
  const ours = note.signatures.filter((s) => s.name === key.name && equalBytes(s.keyId, key.keyId));
  if (!ours.length) {
    fail('checkpoint signature', `the checkpoint has no signature by ${key.name}+${key.keyIdHex}; it is signed by `
      + note.signatures.map((s) => `${s.name}+${hex(s.keyId)}`).join(', '));
  }
  for (const signature of ours) {
    const valid = await crypto.subtle.verify({ name: 'Ed25519' }, key.cryptoKey, signature.signature,
      encoder.encode(note.text));
    if (!valid) {
      fail('checkpoint signature', `the Ed25519 signature by ${key.name}+${key.keyIdHex} does not match the checkpoint text`);
    }
  }
  return note;
}

/**
 * Runs every check in order and reports each one through `onStep({step, passed, detail})`; stops at the first
 * failure. Resolves to {verified, failedStep, message, proof}.
 */
export async function verifyInclusion(proofText, verifierKeyText, onStep) {
  const passed = (step, detail) => onStep({ step, passed: true, detail });
  let proof;
  try {
    if (!globalThis.crypto || !crypto.subtle) {
      fail('browser', 'WebCrypto (crypto.subtle) is not available: open the console over https or on localhost');
    }
    proof = parseProof(proofText);
    passed('proof document', `inclusion proof for event ${proof.eventId}: leaf ${proof.leafIndex} of ${proof.treeSize}, `
      + `${proof.auditPath.length} hashes in the audit path`);

    const key = await parseVerifierKey(verifierKeyText);
    passed('public key', `Ed25519 key ${key.name}+${key.keyIdHex}`);

    const note = await verifyNoteSignature(proof.checkpoint, key);
    const checkpoint = parseCheckpoint(note.text);
    passed('checkpoint signature', `checkpoint of ${checkpoint.origin} at tree size ${checkpoint.treeSize} is signed by `
      + `${key.name}+${key.keyIdHex}; root ${hex(checkpoint.root)}`);

    if (checkpoint.treeSize !== proof.treeSize) {
      fail('tree size', `the proof is for tree size ${proof.treeSize}, the checkpoint is at ${checkpoint.treeSize}`);
    }
    passed('tree size', String(checkpoint.treeSize));

    const computedLeaf = await leafHash(proof.envelope);
    if (!equalBytes(computedLeaf, proof.leafHash)) {
      fail('leaf hash', `SHA-256(0x00 || envelope) is ${hex(computedLeaf)}, the proof says ${hex(proof.leafHash)}`);
    }
    passed('leaf hash', `SHA-256(0x00 || envelope) = ${hex(computedLeaf)}`);

    let envelopeEventId;
    try {
      envelopeEventId = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(proof.envelope)).eventId;
    } catch (error) {
      fail('event id', `the envelope is not UTF-8 JSON: ${error.message}`);
    }
    if (envelopeEventId !== proof.eventId) {
      fail('event id', `the envelope is event ${envelopeEventId}, the proof claims event ${proof.eventId}`);
    }
    passed('event id', envelopeEventId);

    await checkAuditPath(proof.leafIndex, checkpoint, computedLeaf, proof.auditPath, 'audit path');
    passed('audit path', `leaf ${proof.leafIndex} leads to the signed root ${hex(checkpoint.root)}`);

    return {
      verified: true,
      message: `Verified: event ${proof.eventId} is leaf ${proof.leafIndex} of ${checkpoint.origin} at tree size ${checkpoint.treeSize}.`,
      proof,
    };
  } catch (error) {
    return { ...failedOutcome(error, onStep), proof };
  }
}

/** Reports the check a thrown error failed through onStep: {verified: false, failedStep, message}. */
export function failedOutcome(error, onStep) {
  const step = error instanceof StepFailed ? error.step : 'unexpected error';
  onStep({ step, passed: false, detail: error.message });
  return { verified: false, failedStep: step, message: `Not verified: the ${step} check failed.` };
}

/** The steps in the order verifyInclusion runs them, to show the ones a failure skipped. */
export const STEPS = ['proof document', 'public key', 'checkpoint signature', 'tree size', 'leaf hash', 'event id', 'audit path'];
