package org.carbonregistry.reporting.trust;

import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.ledger.checkpoint.NoteVerifier;

import java.net.URI;
import java.util.function.Supplier;

/**
 * The ledger's checkpoint key: {@code LEDGER_PUBLIC_KEY} (note verifier key) if set, otherwise the key pinned in the
 * database, otherwise {@code <LEDGER_URL>/api/public-key} fetched once and pinned. A checkpoint is only believed if
 * this key signed it.
 */
public class LedgerKeys implements Supplier<NoteVerifier> {

    static final String PURPOSE = "ledger";

    private final String configured;
    private final URI keyUrl;
    private final PinnedKeys pinned;
    private volatile NoteVerifier verifier;

    public LedgerKeys(String configured, URI ledgerUrl, PinnedKeys pinned) {
        this.configured = configured == null || configured.isBlank() ? null : configured.strip();
        this.keyUrl = ledgerUrl.resolve("/api/public-key");
        this.pinned = pinned;
        if (this.configured != null) {
            this.verifier = parse(this.configured, "LEDGER_PUBLIC_KEY");
        }
    }

    /** @throws PinnedKeys.KeyUnavailable while no key is configured or pinned and the ledger cannot be asked */
    @Override
    public NoteVerifier get() {
        NoteVerifier known = verifier;
        if (known == null) {
            String key = pinned.pinnedOrFetched(PURPOSE, keyUrl, LedgerKeys::isKey);
            known = parse(key, "the pinned ledger key");
            verifier = known;
        }
        return known;
    }

    private static boolean isKey(String text) {
        try {
            NoteVerifier.fromVerifierKey(text);
            return true;
        } catch (NoteException e) {
            return false;
        }
    }

    private static NoteVerifier parse(String key, String what) {
        try {
            return NoteVerifier.fromVerifierKey(key);
        } catch (NoteException e) {
            throw new IllegalArgumentException(what + " is not an Ed25519 note verifier key: " + e.getMessage(), e);
        }
    }
}
