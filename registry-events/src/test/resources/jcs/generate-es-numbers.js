// Regenerates es-numbers.csv: "<IEEE-754 bits as 16 hex digits>,<ECMAScript Number::toString>".
// The expected column comes from the JavaScript engine itself (V8 implements ECMA-262 Number::toString
// including Note 2: shortest digits, then the closest, then the even one), so it is an independent oracle
// for CanonicalJson.formatNumber. Run: node generate-es-numbers.js > es-numbers.csv
// Deterministic: a fixed-seed xorshift64* generator, no Math.random.
'use strict';

const view = new DataView(new ArrayBuffer(8));
const toDouble = (bits) => { view.setBigUint64(0, BigInt.asUintN(64, bits)); return view.getFloat64(0); };
const toBits = (d) => { view.setFloat64(0, d); return view.getBigUint64(0); };
const hex = (bits) => bits.toString(16).padStart(16, '0');

let state = 0x2545f4914f6cdd1dn;
const next64 = () => {
  state ^= state >> 12n; state ^= BigInt.asUintN(64, state << 25n); state ^= state >> 27n;
  return BigInt.asUintN(64, state * 0x2545f4914f6cdd1dn);
};
const nextInt = (bound) => Number(next64() % BigInt(bound));

const seen = new Set();
const lines = [];
const add = (d) => {
  if (!Number.isFinite(d)) return;
  const bits = toBits(d);
  if (seen.has(bits)) return;
  seen.add(bits);
  lines.push(hex(bits) + ',' + String(d));
};
const addWithNeighbours = (d) => {
  const bits = toBits(d);
  for (const delta of [-2n, -1n, 0n, 1n, 2n]) add(toDouble(bits + delta));
};

// Powers of two: at these the gap below is half the gap above, the asymmetric case for shortest digits.
for (let e = -1074; e <= 1023; e++) add(2 ** e);
// Powers of ten and their neighbours, and the layout boundaries (1e21, 1e-6/1e-7) with theirs.
for (let e = -323; e <= 308; e++) addWithNeighbours(Number('1e' + e));
for (const d of [1e21, 1e-6, 1e-7, 2 ** 53, 2 ** 53 + 2, 2 ** 63, 2 ** 64, 123456789012345680000, 0.1, 0.2, 0.3,
                 1 / 3, 2 / 3, Math.PI, Math.E, Number.MIN_VALUE, Number.MAX_VALUE, 2.2250738585072014e-308]) {
  addWithNeighbours(d); addWithNeighbours(-d);
}
// Uniformly random bit patterns (mostly huge or tiny magnitudes: exponent forms).
for (let i = 0; i < 1500; i++) add(toDouble(next64()));
// Random "human" decimals: up to 17 significant digits at scales around 1e-9..1e25.
for (let i = 0; i < 1500; i++) {
  const digits = 1 + nextInt(17);
  let s = String(1 + nextInt(9));
  for (let j = 1; j < digits; j++) s += String(nextInt(10));
  add((nextInt(2) ? -1 : 1) * Number(s + 'e' + (nextInt(35) - 25)));
}
// Random integers of every magnitude up to 2^64.
for (let i = 0; i < 500; i++) add(Number(next64() >> BigInt(nextInt(64))));

process.stdout.write(lines.join('\n') + '\n');
