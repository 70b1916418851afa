// The console's in-browser verifier (proof.js) checked against the same vector files as the Java verifier.
// Run by ConsoleVerifierVectorsTest: node --test --experimental-default-type=module proof.test.mjs <vectors dir>
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyInclusion, rootFromAuditPath, leafHash, hex } from '../../main/resources/static/console/js/proof.js';

const vectors = process.env.VECTORS_DIR;
const read = (file) => JSON.parse(readFileSync(join(vectors, file), 'utf8'));
const fromHex = (text) => Uint8Array.from(text.match(/../g) ?? [], (pair) => parseInt(pair, 16));

test('every shared inclusion proof vector verifies or fails at its step', async () => {
  const file = read('inclusion-proofs.json');
  assert.ok(file.vectors.length > 10);
  for (const vector of file.vectors) {
    const steps = [];
    const result = await verifyInclusion(JSON.stringify(vector.proof), file.publicKey, (step) => steps.push(step));
    if (vector.expect === 'valid') {
      assert.equal(result.verified, true, `${vector.name}: ${JSON.stringify(steps.at(-1))}`);
    } else {
      assert.equal(result.verified, false, vector.name);
      assert.equal(result.failedStep, vector.expect, `${vector.name}: ${JSON.stringify(steps.at(-1))}`);
    }
  }
});

test('the RFC 6962 reference inclusion proofs lead to the published roots', async () => {
  const tree = read('rfc6962-tree.json');
  for (const vector of tree.inclusion) {
    const leaf = await leafHash(fromHex(tree.leafInputs[vector.leafIndex]));
    const root = await rootFromAuditPath(BigInt(vector.leafIndex), BigInt(vector.treeSize), leaf, vector.path.map(fromHex));
    assert.equal(hex(root), tree.roots[vector.treeSize], `leaf ${vector.leafIndex} of ${vector.treeSize}`);
  }
});
