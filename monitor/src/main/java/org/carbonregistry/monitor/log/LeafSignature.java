package org.carbonregistry.monitor.log;

import org.carbonregistry.ledger.envelope.EnvelopeVerifier;
import org.carbonregistry.ledger.envelope.SignedEnvelope;

import java.util.Arrays;

/**
 * What the registry's signature on one leaf says, found from that leaf alone (so on any thread). Whether an unsigned
 * leaf is allowed depends on the leaves before it, which the replay decides in leaf order.
 *
 * @param problem why the signature fails, for {@link Verdict#OTHER_BYTES} and {@link Verdict#INVALID}; null otherwise
 */
public record LeafSignature(Verdict verdict, String problem) {

    public enum Verdict {
        /** signed by a trusted registry key over exactly the tile's bytes */
        VALID,
        /** no signature and no key id: a leaf logged before the registry signed events */
        UNSIGNED,
        /** {@code /api/leaves} serves other bytes than the tiles */
        OTHER_BYTES,
        /** a signature that does not verify, or by a key that is not trusted */
        INVALID
    }

    private static final LeafSignature VALID = new LeafSignature(Verdict.VALID, null);
    private static final LeafSignature UNSIGNED = new LeafSignature(Verdict.UNSIGNED, null);

    /** Checks {@code leaf} (from {@code /api/leaves}) against {@code entry} (from the tiles) and the registry's keys. */
    public static LeafSignature check(byte[] entry, SignedEnvelope leaf, EnvelopeVerifier registryKey) {
        if (!Arrays.equals(entry, leaf.envelope())) {
            return new LeafSignature(Verdict.OTHER_BYTES,
                    "the ledger's /api/leaves serves other bytes for this leaf than its tiles");
        }
        if (leaf.signature() == null && leaf.keyId() == null) {
            return UNSIGNED;
        }
        return registryKey.problem(leaf).map(why -> new LeafSignature(Verdict.INVALID, why)).orElse(VALID);
    }
}
