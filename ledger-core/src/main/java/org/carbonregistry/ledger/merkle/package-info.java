/**
 * RFC 9162 (Certificate Transparency v2) Merkle tree: hashing, appending through a compact range,
 * proof planning against stored complete subtrees, and proof verification.
 *
 * <p>Storage model: every complete subtree is stored once complete, named by a {@link
 * org.carbonregistry.ledger.merkle.NodeId}; incomplete right-edge subtrees are never stored but
 * rebuilt from the few complete subtrees that make them up, so a proof needs O(log n) nodes read in
 * one batch. No framework code lives here.
 */
package org.carbonregistry.ledger.merkle;
