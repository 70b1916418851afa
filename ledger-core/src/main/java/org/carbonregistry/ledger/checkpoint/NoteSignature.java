package org.carbonregistry.ledger.checkpoint;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One signature line of a signed note: {@code — <key name> base64(key id || signature)}.
 * {@code signature} is everything after the 4-byte key id (for cosignatures: timestamp and signature).
 */
public record NoteSignature(String keyName, int keyId, byte[] signature) {

    /** U+2014 EM DASH and a space, which start every signature line. */
    public static final String LINE_PREFIX = "\u2014 ";

    public NoteSignature {
        if (!NoteText.isValidName(keyName)) {
            throw new IllegalArgumentException("invalid key name: " + keyName);
        }
        Objects.requireNonNull(signature, "signature");
        if (signature.length == 0) {
            throw new IllegalArgumentException("signature must not be empty");
        }
        signature = signature.clone();
    }

    /** The signature line, with its final newline. */
    public String line() {
        byte[] payload = ByteBuffer.allocate(4 + signature.length).putInt(keyId).put(signature).array();
        return LINE_PREFIX + keyName + " " + StdBase64.encode(payload) + "\n";
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Whether this line claims to be by the given key. */
    public boolean isBy(VerifierKey key) {
        return keyName.equals(key.name()) && keyId == key.keyId();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NoteSignature that && keyName.equals(that.keyName) && keyId == that.keyId
                && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyName, keyId, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return line().strip();
    }
}
