// Verifies a c2sp.org/tlog-proof@v1 (GET /api/proofs/tlog-proof) against the log's c2sp.org/tlog-policy, in the
// browser: the checkpoint's signature by the policy's log key, each witness cosignature, the policy's quorum, the
// leaf hash of the entry (the canonical envelope, carried as `extra`) and the inclusion proof to the signed root.
import {
  StepFailed, base64Decode, checkAuditPath, failedOutcome, hex, leafHash, parseCheckpoint, parseVerifierKey,
  verifyNoteSignature,
} from './proof.js';
import { parsePolicy, quorumMet, verifiedCosigners } from './policy.js';

const HEADER = 'c2sp.org/tlog-proof@v1';
const fail = (step, message) => {
  throw new StepFailed(step, message);
};

/** {extra (bytes or null), index (BigInt), inclusionProof ([bytes]), checkpoint (the note verbatim)}, as TlogProof. */
export function parseTlogProof(text) {
  const step = 'proof document';
  let position = 0;
  const next = () => {
    const end = text.indexOf('\n', position);
    if (end < 0) {
      fail(step, 'the tlog-proof ends before its checkpoint (a line without a newline)');
    }
    const line = text.slice(position, end);
    position = end + 1;
    return line;
  };
  let line = next();
  if (line !== HEADER) {
    fail(step, `the first line must be ${HEADER}, is '${line}'`);
  }
  let extra = null;
  line = next();
  if (line.startsWith('extra ')) {
    extra = base64Decode(line.slice('extra '.length), 'the extra line', step);
    line = next();
  }
  const index = /^index (0|[1-9][0-9]{0,18})$/.exec(line);
  if (!index) {
    fail(step, `expected 'index <decimal without leading zeros>', got '${line}'`);
  }
  const inclusionProof = [];
  for (line = next(); line !== ''; line = next()) {
    const hash = base64Decode(line, `inclusion proof line ${inclusionProof.length + 1}`, step);
    if (hash.length !== 32) {
      fail(step, `inclusion proof line ${inclusionProof.length + 1} is not a 32-byte hash`);
    }
    inclusionProof.push(hash);
  }
  if (position >= text.length) {
    fail(step, 'the proof has no checkpoint after the empty line');
  }
  return { extra, index: BigInt(index[1]), inclusionProof, checkpoint: text.slice(position) };
}

/**
 * Runs the checks in order, reporting each through `onStep({step, passed, detail})`, and stops at the first failure.
 * Resolves to {verified, failedStep, message, proof, cosigners}; `proof.envelope` is the entry, once parsed.
 */
export async function verifyTlogProof(proofText, policyText, onStep) {
  const passed = (step, detail) => onStep({ step, passed: true, detail });
  let proof;
  let cosigners = [];
  try {
    if (!globalThis.crypto || !crypto.subtle) {
      fail('browser', 'WebCrypto (crypto.subtle) is not available: open the console over https or on localhost');
    }
    proof = parseTlogProof(proofText.replace(/\r\n/g, '\n'));
    if (!proof.extra) {
      fail('proof document', 'the proof has no extra line: this ledger carries the entry (the envelope) there');
    }
    proof.envelope = proof.extra;
    passed('proof document', `tlog-proof for entry ${proof.index}, ${proof.inclusionProof.length} hashes in the inclusion proof`);

    const policy = (() => {
      try {
        return parsePolicy(policyText.replace(/\r\n/g, '\n'));
      } catch (error) {
        return fail('policy', error.message);
      }
    })();
    if (policy.logs.length !== 1) {
      fail('policy', `the policy names ${policy.logs.length} log keys; this verifier expects exactly one`);
    }
    const key = await parseVerifierKey(policy.logs[0], { step: 'policy' });
    passed('policy', `log key ${key.name}+${key.keyIdHex}, ${policy.witnesses.size} witnesses, quorum ${policy.quorum}`);

    const note = await verifyNoteSignature(proof.checkpoint, key);
    const checkpoint = parseCheckpoint(note.text);
    passed('checkpoint signature', `checkpoint of ${checkpoint.origin} at tree size ${checkpoint.treeSize} is signed by `
      + `the policy's log key ${key.name}+${key.keyIdHex}; root ${hex(checkpoint.root)}`);

    cosigners = await verifiedCosigners(policy, note);
    const signed = new Set(cosigners.map((c) => c.name));
    const unsigned = [...policy.witnesses.keys()].filter((name) => !signed.has(name));
    passed('witness cosignatures', `${policy.witnesses.size ? `cosigned by ${cosigners.length ? [...signed].join(', ') : 'none'}`
      + `; no cosignature from ${unsigned.length ? unsigned.join(', ') : 'none'}` : 'the policy lists no witnesses'}`);

    if (!quorumMet(policy, policy.quorum, signed)) {
      fail('quorum', `the quorum ${policy.quorum} of the policy is not met by ${signed.size ? [...signed].join(', ') : 'no witness'}`);
    }
    passed('quorum', policy.quorum === 'none' ? 'the policy requires no witness (quorum none)' : `quorum ${policy.quorum} met`);

    const hash = await leafHash(proof.envelope);
    passed('leaf hash', `SHA-256(0x00 || envelope) = ${hex(hash)}`);

    await checkAuditPath(proof.index, checkpoint, hash, proof.inclusionProof, 'inclusion proof');
    passed('audit path', `entry ${proof.index} leads to the signed root ${hex(checkpoint.root)}`);
    return {
      verified: true,
      message: `Verified: entry ${proof.index} is in ${checkpoint.origin} at tree size ${checkpoint.treeSize}, `
        + `quorum ${policy.quorum} met.`,
      proof,
      cosigners,
    };
  } catch (error) {
    return { ...failedOutcome(error, onStep), proof, cosigners };
  }
}

/** The steps in the order verifyTlogProof runs them. */
export const TLOG_STEPS = ['proof document', 'policy', 'checkpoint signature', 'witness cosignatures', 'quorum', 'leaf hash', 'audit path'];
