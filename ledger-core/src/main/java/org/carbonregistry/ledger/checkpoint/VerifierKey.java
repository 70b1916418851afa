package org.carbonregistry.ledger.checkpoint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.carbonregistry.ledger.checkpoint.NoteException.Reason;

/**
 * A note verifier key (vkey): {@code <name>+<8 lowercase hex key id>+<base64(type || public key)>},
 * where key id = first 4 bytes, big-endian, of SHA-256(name || 0x0A || type || public key).
 */
public record VerifierKey(String name, int keyId, byte signatureType, byte[] publicKey) {

    /** Signature type of plain Ed25519 note signatures. */
    public static final byte TYPE_ED25519 = 0x01;
    /** Signature type of timestamped Ed25519 witness cosignatures (cosignature/v1). */
    public static final byte TYPE_ED25519_COSIGNATURE = 0x04;

    public VerifierKey {
        if (!NoteText.isValidName(name)) {
            throw new IllegalArgumentException("invalid key name: " + name);
        }
        Objects.requireNonNull(publicKey, "publicKey");
        publicKey = publicKey.clone();
        if (keyId != keyId(name, signatureType, publicKey)) {
            throw new IllegalArgumentException("key id " + hex(keyId) + " does not match name and key");
        }
    }

    /** The key for {@code name} and {@code publicKey}, with its key id computed. */
    public static VerifierKey of(String name, byte signatureType, byte[] publicKey) {
        if (!NoteText.isValidName(name)) {
            throw new IllegalArgumentException("invalid key name: " + name);
        }
        return new VerifierKey(name, keyId(name, signatureType, publicKey), signatureType, publicKey);
    }

    /** Parses a verifier key string, checking that its key id matches its name and key. */
    public static VerifierKey parse(String vkey) throws NoteException {
        if (vkey == null) {
            throw malformed("verifier key is missing");
        }
        int firstPlus = vkey.indexOf('+');
        int secondPlus = firstPlus < 0 ? -1 : vkey.indexOf('+', firstPlus + 1);
        if (secondPlus < 0) {
            throw malformed("verifier key must be <name>+<key id>+<key>: " + vkey);
        }
        String name = vkey.substring(0, firstPlus);
        String keyIdHex = vkey.substring(firstPlus + 1, secondPlus);
        String keyBase64 = vkey.substring(secondPlus + 1);
        if (!NoteText.isValidName(name)) {
            throw malformed("verifier key has an invalid name: " + name);
        }
        if (keyIdHex.length() != 8 || !keyIdHex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw malformed("verifier key id must be 8 lowercase hex digits: " + keyIdHex);
        }
        byte[] typedKey = StdBase64.decode(keyBase64)
                .orElseThrow(() -> malformed("verifier key material is not canonical base64"));
        if (typedKey.length < 2) {
            throw malformed("verifier key material is too short");
        }
        int keyId = (int) Long.parseLong(keyIdHex, 16);
        byte type = typedKey[0];
        byte[] publicKey = Arrays.copyOfRange(typedKey, 1, typedKey.length);
        if (keyId != keyId(name, type, publicKey)) {
            throw malformed("verifier key id " + keyIdHex + " does not match its name and key (expected "
                    + hex(keyId(name, type, publicKey)) + ")");
        }
        return new VerifierKey(name, keyId, type, publicKey);
    }

    /** The key id: SHA-256(name || 0x0A || type || public key), first 4 bytes big-endian. */
    public static int keyId(String name, byte signatureType, byte[] publicKey) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer input = ByteBuffer.allocate(nameBytes.length + 2 + publicKey.length);
        input.put(nameBytes).put((byte) '\n').put(signatureType).put(publicKey);
        return ByteBuffer.wrap(Sha256.of(input.array())).getInt();
    }

    /** The verifier key string. */
    public String encode() {
        byte[] typedKey = new byte[publicKey.length + 1];
        typedKey[0] = signatureType;
        System.arraycopy(publicKey, 0, typedKey, 1, publicKey.length);
        return name + "+" + hex(keyId) + "+" + StdBase64.encode(typedKey);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The key id as 8 lowercase hex digits. */
    public String keyIdHex() {
        return hex(keyId);
    }

    static String hex(int keyId) {
        return HexFormat.of().toHexDigits(keyId);
    }

    private static NoteException malformed(String message) {
        return new NoteException(Reason.MALFORMED_KEY, message);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VerifierKey that && name.equals(that.name) && keyId == that.keyId
                && signatureType == that.signatureType && Arrays.equals(publicKey, that.publicKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, keyId, signatureType, Arrays.hashCode(publicKey));
    }

    @Override
    public String toString() {
        return encode();
    }
}
