package org.carbonregistry.reporting.trust;

import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.ledger.envelope.EnvelopeVerifier;

import java.net.URI;
import java.util.function.Supplier;

/**
 * The registry keys whose envelope signatures reporting accepts: {@code REGISTRY_VERIFIER_KEYS} (comma-separated note
 * verifier keys) if set, otherwise the key pinned in the database, otherwise {@code <REGISTRY_URL>/api/registry-key}
 * fetched once and pinned. Resolved on first use (the consumer's first poll), not at start, so reporting may start
 * before the registry.
 */
public class RegistryKeys implements Supplier<EnvelopeVerifier> {

    static final String PURPOSE = "registry";

    private final String configured;
    private final URI keyUrl;
    private final PinnedKeys pinned;
    private volatile EnvelopeVerifier verifier;

    public RegistryKeys(String configured, URI registryUrl, PinnedKeys pinned) {
        this.configured = configured == null || configured.isBlank() ? null : configured;
        this.keyUrl = registryUrl.resolve("/api/registry-key");
        this.pinned = pinned;
        if (this.configured != null) {
            this.verifier = parse(this.configured, "REGISTRY_VERIFIER_KEYS");
        }
    }

    /** @throws PinnedKeys.KeyUnavailable while no key is configured or pinned and the registry cannot be asked */
    @Override
    public EnvelopeVerifier get() {
        EnvelopeVerifier known = verifier;
        if (known == null) {
            String key = pinned.pinnedOrFetched(PURPOSE, keyUrl, RegistryKeys::isKey);
            known = parse(key, "the pinned registry key");
            verifier = known;
        }
        return known;
    }

    /** Where the key comes from, for {@code /api/status}. */
    public String source() {
        return configured != null ? "REGISTRY_VERIFIER_KEYS" : verifier != null ? "pinned from " + keyUrl : "not yet fetched from " + keyUrl;
    }

    private static boolean isKey(String text) {
        try {
            EnvelopeVerifier.parse(text);
            return true;
        } catch (NoteException | IllegalArgumentException e) {
            return false;
        }
    }

    private static EnvelopeVerifier parse(String keys, String what) {
        try {
            return EnvelopeVerifier.parse(keys);
        } catch (NoteException | IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not a list of Ed25519 note verifier keys: " + e.getMessage(), e);
        }
    }
}
