package org.carbonregistry.reporting.trust;

import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.ledger.checkpoint.NoteVerifier;
import org.carbonregistry.ledger.envelope.EnvelopeVerifier;

import java.net.URI;
import java.util.function.Supplier;

/**
 * Keys reporting believes, of one kind: the configured ones if the setting is set, otherwise the key pinned in the
 * database ({@link PinnedKeys}), otherwise the one the other service serves, fetched once and pinned (trust on first
 * use). Resolved on first use (the consumer's first poll, the first proof checked), not at start, so reporting may
 * start before the registry and the ledger. The registry's envelope keys and the ledger's checkpoint key are two
 * instances ({@link #registry}, {@link #ledger}).
 *
 * @param <T> the parsed keys
 */
public final class TrustedKeys<T> implements Supplier<T> {

    /** Parses a key text; a text that is not a key of this kind is a {@link NoteException}. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(String text) throws NoteException;
    }

    private final String purpose;
    private final String setting;
    private final String kind;
    private final String configured;
    private final URI keyUrl;
    private final Parser<T> parser;
    private final PinnedKeys pinned;
    private volatile T keys;

    /**
     * @param purpose the key's row in the pin table, and its name in messages ({@code registry}, {@code ledger})
     * @param setting the environment variable that configures the keys, named in messages and in {@link #source()}
     * @param kind    what a valid text is, for messages
     */
    TrustedKeys(String purpose, String setting, String kind, String configured, URI keyUrl, Parser<T> parser,
                PinnedKeys pinned) {
        this.purpose = purpose;
        this.setting = setting;
        this.kind = kind;
        this.configured = configured == null || configured.isBlank() ? null : configured.strip();
        this.keyUrl = keyUrl;
        this.parser = parser;
        this.pinned = pinned;
        if (this.configured != null) {
            this.keys = parse(this.configured, setting);
        }
    }

    /**
     * The registry keys whose envelope signatures are accepted: {@code REGISTRY_VERIFIER_KEYS} (comma-separated note
     * verifier keys), else pinned, else {@code <REGISTRY_URL>/api/registry-key}.
     */
    public static TrustedKeys<EnvelopeVerifier> registry(String configured, URI registryUrl, PinnedKeys pinned) {
        return new TrustedKeys<>("registry", "REGISTRY_VERIFIER_KEYS", "a list of Ed25519 note verifier keys", configured,
                registryUrl.resolve("/api/registry-key"), EnvelopeVerifier::parse, pinned);
    }

    /**
     * The ledger's checkpoint key, without which no checkpoint is believed: {@code LEDGER_PUBLIC_KEY} (a note verifier
     * key), else pinned, else {@code <LEDGER_URL>/api/public-key}.
     */
    public static TrustedKeys<NoteVerifier> ledger(String configured, URI ledgerUrl, PinnedKeys pinned) {
        return new TrustedKeys<>("ledger", "LEDGER_PUBLIC_KEY", "an Ed25519 note verifier key", configured,
                ledgerUrl.resolve("/api/public-key"), NoteVerifier::fromVerifierKey, pinned);
    }

    /** @throws PinnedKeys.KeyUnavailable while no key is configured or pinned and the other service cannot be asked */
    @Override
    public T get() {
        T known = keys;
        if (known == null) {
            String key = pinned.pinnedOrFetched(purpose, keyUrl, this::isKey);
            known = parse(key, "the pinned " + purpose + " key");
            keys = known;
        }
        return known;
    }

    /** Where the keys come from, for {@code /api/status}. */
    public String source() {
        return configured != null ? setting : keys != null ? "pinned from " + keyUrl : "not yet fetched from " + keyUrl;
    }

    private boolean isKey(String text) {
        try {
            parser.parse(text);
            return true;
        } catch (NoteException | IllegalArgumentException e) {
            return false;
        }
    }

    private T parse(String text, String what) {
        try {
            return parser.parse(text);
        } catch (NoteException | IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not " + kind + ": " + e.getMessage(), e);
        }
    }
}
