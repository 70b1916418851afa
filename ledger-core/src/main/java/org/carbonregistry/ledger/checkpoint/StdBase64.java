package org.carbonregistry.ledger.checkpoint;

import java.util.Base64;
import java.util.Optional;

/**
 * Standard base64 (RFC 4648 section 4) in its one canonical form: padded, no line breaks, zero
 * trailing bits. The JDK decoder also accepts unpadded input; accepting only the canonical text
 * means one byte string has one encoding, so a signed note cannot be re-encoded into other bytes
 * (and another hash in the checkpoint chain) without breaking.
 */
public final class StdBase64 {

    private StdBase64() {
    }

    public static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The decoded bytes, or empty if {@code text} is not canonical standard base64. */
    public static Optional<byte[]> decode(String text) {
        if (text == null || text.length() % 4 != 0) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(text);
            return encode(bytes).equals(text) ? Optional.of(bytes) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
