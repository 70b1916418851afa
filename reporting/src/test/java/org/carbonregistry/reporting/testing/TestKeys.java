package org.carbonregistry.reporting.testing;

import org.carbonregistry.ledger.checkpoint.NoteSigner;
import org.carbonregistry.ledger.envelope.EnvelopeSigner;
import org.carbonregistry.ledger.envelope.EnvelopeVerifier;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;

/** Ed25519 keys made for one test JVM: the registry's envelope key, another one nobody trusts, the ledger's. */
public final class TestKeys {

    /** The registry key the tests' reporting trusts. */
    public static final EnvelopeSigner REGISTRY = new EnvelopeSigner("carbon-registry.test/registry", newKeyPair());
    /** A well-formed key with a name like the registry's that reporting does not trust. */
    public static final EnvelopeSigner IMPOSTOR = new EnvelopeSigner("carbon-registry.test/registry", newKeyPair());

    private TestKeys() {
    }

    /** {@code REGISTRY_VERIFIER_KEYS} for the tests' reporting. */
    public static String registryVerifierKeys() {
        return REGISTRY.verifierKey().encode();
    }

    public static EnvelopeVerifier registryVerifier() {
        return new EnvelopeVerifier(List.of(REGISTRY.verifierKey()));
    }

    public static NoteSigner newLedgerSigner(String origin) {
        return new NoteSigner(origin, newKeyPair());
    }

    public static KeyPair newKeyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 17 platform", e);
        }
    }
}
