package org.carbonregistry.ledger.witness;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.carbonregistry.ledger.checkpoint.CosignatureVerifier;
import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.ledger.checkpoint.VerifierKey;

/**
 * A witness: its name (the key name of its cosignatures), its submission prefix ({@code add-checkpoint} is
 * POSTed below it) and its cosignature verifier key ({@code <name>+<key id>+<base64(0x04 || Ed25519 key)>}).
 */
public record WitnessEndpoint(String name, URI submissionPrefix, VerifierKey key, CosignatureVerifier verifier) {

    /**
     * Parses {@code LEDGER_WITNESSES}: comma-separated entries {@code <name>=<url>=<vkey>}, where the vkey's own
     * name must be {@code <name>}. The URL may itself contain {@code =}: it ends where {@code =<name>+} starts.
     */
    public static List<WitnessEndpoint> parseAll(String configuration) {
        List<WitnessEndpoint> witnesses = new ArrayList<>();
        if (configuration == null || configuration.isBlank()) {
            return witnesses;
        }
        for (String entry : configuration.split(",")) {
            if (!entry.isBlank()) {
                witnesses.add(parse(entry.strip()));
            }
        }
        long distinct = witnesses.stream().map(WitnessEndpoint::name).distinct().count();
        if (distinct != witnesses.size()) {
            throw new IllegalArgumentException("witness names must be distinct: " + configuration);
        }
        return witnesses;
    }

    public static WitnessEndpoint parse(String entry) {
        int firstEquals = entry.indexOf('=');
        if (firstEquals <= 0) {
            throw new IllegalArgumentException("witness entry must be <name>=<url>=<vkey>: " + entry);
        }
        String name = entry.substring(0, firstEquals);
        String rest = entry.substring(firstEquals + 1);
        int keyStart = rest.lastIndexOf("=" + name + "+");
        if (keyStart <= 0) {
            throw new IllegalArgumentException("witness entry " + name + " must end with =<vkey> whose name is " + name
                    + ": " + entry);
        }
        URI url = URI.create(rest.substring(0, keyStart));
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("witness " + name + " URL must be http(s): " + url);
        }
        String vkey = rest.substring(keyStart + 1);
        try {
            CosignatureVerifier verifier = CosignatureVerifier.fromVerifierKey(vkey);
            return new WitnessEndpoint(name, url, VerifierKey.parse(vkey), verifier);
        } catch (NoteException e) {
            throw new IllegalArgumentException("witness " + name + " key is not a cosignature verifier key: " + e.getMessage(), e);
        }
    }

    /** {@code <submission prefix>/add-checkpoint}. */
    public URI addCheckpointUri() {
        String prefix = submissionPrefix.toString();
        return URI.create((prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix) + "/add-checkpoint");
    }
}
