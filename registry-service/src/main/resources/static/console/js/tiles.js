// Reading the ledger as a C2SP tlog-tiles log in the browser (the JS side of ledger-core's tiles package): tile paths,
// entry bundles, and the tree rebuilt from hash tiles. Hashing comes from proof.js, so there is one RFC 9162 here.
import { equalBytes, hex, leafHash, nodeHash, sha256 } from './proof.js';

/** Tile height: a tile holds up to 256 hashes (or entries) and spans 8 Merkle levels. */
export const WIDTH = 256;

export class TileError extends Error {}

/** N in 3-digit path elements, all but the last prefixed with x: 1234067 is x001/x234/067 (as TileAddress). */
export function encodeIndex(index) {
  let rest = Math.floor(index / 1000);
  let path = String(index % 1000).padStart(3, '0');
  while (rest > 0) {
    path = `x${String(rest % 1000).padStart(3, '0')}/${path}`;
    rest = Math.floor(rest / 1000);
  }
  return path;
}

/** The path under the log prefix of hash tile (level, index) or, with level 'entries', of an entry bundle. */
export function tilePath(level, index, width) {
  return `tile/${level}/${encodeIndex(index)}${width === WIDTH ? '' : `.p/${width}`}`;
}

/** The tiles of a level with `count` nodes: [{index, width}], full ones then a partial one (c2sp tlog-tiles). */
export function tilesOf(count) {
  const tiles = [];
  for (let index = 0; index * WIDTH < count; index++) {
    tiles.push({ index, width: Math.min(WIDTH, count - index * WIDTH) });
  }
  return tiles;
}

/** An entry bundle's entries: each a big-endian uint16 length then that many bytes (as EntryBundle.decode). */
export function decodeEntryBundle(bundle) {
  const entries = [];
  let position = 0;
  while (position < bundle.length) {
    if (bundle.length - position < 2) {
      throw new TileError(`entry bundle ends inside the length of entry ${entries.length}`);
    }
    const length = (bundle[position] << 8) | bundle[position + 1];
    position += 2;
    if (bundle.length - position < length) {
      throw new TileError(`entry ${entries.length} of the bundle claims ${length} bytes, only ${bundle.length - position} are left`);
    }
    entries.push(bundle.subarray(position, position + length));
    position += length;
  }
  if (entries.length > WIDTH) {
    throw new TileError(`an entry bundle holds at most ${WIDTH} entries, not ${entries.length}`);
  }
  return entries;
}

/** The 32-byte hashes of a hash tile of `width` nodes. */
export function splitHashTile(tile, width) {
  if (tile.length !== width * 32) {
    throw new TileError(`a tile of ${width} hashes has ${width * 32} bytes, this one ${tile.length}`);
  }
  return Array.from({ length: width }, (_, i) => tile.subarray(i * 32, i * 32 + 32));
}

/** RFC 9162 §2.1.1 MTH over the given leaf hashes (n - 1 SHA-256 calls). */
export async function merkleRoot(hashes) {
  if (hashes.length === 0) {
    return sha256();
  }
  const subtree = async (lo, hi) => {
    if (hi - lo === 1) {
      return hashes[lo];
    }
    let k = 1;
    while (k * 2 < hi - lo) {
      k *= 2;
    }
    return nodeHash(await subtree(lo, lo + k), await subtree(lo + k, hi));
  };
  return subtree(0, hashes.length);
}

/**
 * Rebuilds a tree of `size` leaves from its hash tiles: every level-0 tile, and each upper level's tiles checked
 * against the subtrees rebuilt from the level below (a log serving tiles it did not compute is caught here).
 * `fetchTile(path)` resolves to a Uint8Array. Resolves to {root, leafHashes, tiles}.
 */
export async function readHashTree(size, fetchTile) {
  const leafHashes = [];
  let tiles = 0;
  for (const { index, width } of tilesOf(size)) {
    leafHashes.push(...splitHashTile(await fetchTile(tilePath(0, index, width)), width));
    tiles++;
  }
  // Level L (L >= 1) holds the roots of full subtrees of 256^L leaves, each the MTH of 256 nodes of level L - 1.
  let below = leafHashes;
  for (let level = 1; below.length >= WIDTH; level++) {
    const nodes = [];
    for (let i = 0; i + WIDTH <= below.length; i += WIDTH) {
      nodes.push(await merkleRoot(below.slice(i, i + WIDTH)));
    }
    for (const { index, width } of tilesOf(nodes.length)) {
      const path = tilePath(level, index, width);
      const served = splitHashTile(await fetchTile(path), width);
      for (let i = 0; i < width; i++) {
        if (!equalBytes(served[i], nodes[index * WIDTH + i])) {
          throw new TileError(`tile ${path} hash ${i} is ${hex(served[i])}, the 256 nodes below it hash to `
            + `${hex(nodes[index * WIDTH + i])}`);
        }
      }
      tiles++;
    }
    below = nodes;
  }
  return { root: await merkleRoot(leafHashes), leafHashes, tiles };
}

/** Every entry of the tree through its entry bundles, each checked: SHA-256(0x00 || entry) is its leaf hash. */
export async function readEntries(leafHashes, fetchTile) {
  const entries = [];
  for (const { index, width } of tilesOf(leafHashes.length)) {
    const bundled = decodeEntryBundle(await fetchTile(tilePath('entries', index, width)));
    if (bundled.length !== width) {
      throw new TileError(`entry bundle ${index} holds ${bundled.length} entries, its hash tile ${width}`);
    }
    for (const entry of bundled) {
      const at = entries.length;
      const computed = await leafHash(entry);
      if (!equalBytes(computed, leafHashes[at])) {
        throw new TileError(`entry ${at}: SHA-256(0x00 || entry) is ${hex(computed)}, the tree's leaf ${at} is `
          + `${hex(leafHashes[at])}`);
      }
      entries.push(entry);
    }
  }
  return entries;
}
