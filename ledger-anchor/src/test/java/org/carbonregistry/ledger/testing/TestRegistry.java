package org.carbonregistry.ledger.testing;

import org.carbonregistry.ledger.checkpoint.Ed25519;
import org.carbonregistry.ledger.envelope.EnvelopeSigner;
import org.carbonregistry.ledger.envelope.EnvelopeVerifier;
import org.carbonregistry.ledger.envelope.SignedEnvelope;
import org.carbonregistry.ledger.sequencer.IncomingRecord;
import org.carbonregistry.ledger.sequencer.TrustedRegistryKeys;

/**
 * The registry's signing key as tests play it: every test that produces records signs them with this key, and every
 * ledger under test trusts it ({@code REGISTRY_VERIFIER_KEYS}), as the real registry-service and ledger do.
 */
public final class TestRegistry {

    public static final String KEY_NAME = "test.example/registry";
    private static final EnvelopeSigner SIGNER = new EnvelopeSigner(KEY_NAME, Ed25519.generate());

    private TestRegistry() {
    }

    public static SignedEnvelope sign(byte[] envelope) {
        return SIGNER.sign(envelope);
    }

    /** The note verifier key, as {@code REGISTRY_VERIFIER_KEYS} and {@code verify --registry-key} take it. */
    public static String verifierKey() {
        return SIGNER.verifierKey().encode();
    }

    public static TrustedRegistryKeys trustedKeys() {
        return TrustedRegistryKeys.fixed(new EnvelopeVerifier(java.util.List.of(SIGNER.verifierKey())));
    }

    /** A consumed record carrying {@code value} with this key's signature headers (none for a tombstone). */
    public static IncomingRecord signedRecord(String topic, int partition, long offset, byte[] value) {
        if (value == null) {
            return new IncomingRecord(topic, partition, offset, null, null);
        }
        SignedEnvelope signed = sign(value);
        return new IncomingRecord(topic, partition, offset, null, value, signed.signature(), signed.keyId());
    }
}
