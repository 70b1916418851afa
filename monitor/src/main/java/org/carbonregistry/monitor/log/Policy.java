package org.carbonregistry.monitor.log;

import org.carbonregistry.ledger.checkpoint.CosignatureVerifier;
import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.ledger.checkpoint.NoteVerifier;

import java.util.ArrayList;
import java.util.List;

/**
 * Whom to trust for the log: the log's key, the witnesses' keys and how many witnesses must cosign a checkpoint.
 * Text, one statement a line, {@code #} starts a comment:
 * <pre>
 * log &lt;log verifier key&gt;
 * witness &lt;witness verifier key (cosignature/v1)&gt; [url]
 * quorum &lt;number of witnesses&gt;
 * </pre>
 * Without a {@code quorum} line every listed witness must cosign.
 */
public record Policy(NoteVerifier log, List<CosignatureVerifier> witnesses, int quorum) {

    public Policy {
        witnesses = List.copyOf(witnesses);
        if (quorum < 0 || quorum > witnesses.size()) {
            throw new IllegalArgumentException("quorum " + quorum + " must be between 0 and the " + witnesses.size()
                    + " witnesses listed");
        }
    }

    public static Policy parse(String text) {
        NoteVerifier log = null;
        List<CosignatureVerifier> witnesses = new ArrayList<>();
        Integer quorum = null;
        int lineNumber = 0;
        for (String raw : text.split("\n")) {
            lineNumber++;
            String line = raw.contains("#") ? raw.substring(0, raw.indexOf('#')) : raw;
            String[] words = line.strip().split("\\s+");
            if (words[0].isEmpty()) {
                continue;
            }
            try {
                switch (words[0]) {
                    case "log" -> {
                        if (log != null) {
                            throw new IllegalArgumentException("a second log line");
                        }
                        log = NoteVerifier.fromVerifierKey(argument(words));
                    }
                    case "witness" -> witnesses.add(CosignatureVerifier.fromVerifierKey(argument(words)));
                    case "quorum" -> quorum = Integer.parseInt(argument(words));
                    default -> throw new IllegalArgumentException("unknown statement '" + words[0] + "'");
                }
            } catch (NoteException | IllegalArgumentException e) {
                throw new IllegalArgumentException("policy line " + lineNumber + ": " + e.getMessage(), e);
            }
        }
        if (log == null) {
            throw new IllegalArgumentException("policy has no 'log <verifier key>' line");
        }
        return new Policy(log, witnesses, quorum == null ? witnesses.size() : quorum);
    }

    private static String argument(String[] words) {
        if (words.length < 2) {
            throw new IllegalArgumentException("'" + words[0] + "' needs a value");
        }
        return words[1];
    }
}
