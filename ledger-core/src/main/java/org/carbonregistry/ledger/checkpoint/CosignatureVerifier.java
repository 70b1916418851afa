package org.carbonregistry.ledger.checkpoint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import org.carbonregistry.ledger.checkpoint.NoteException.Reason;

/**
 * Verifies a witness's Ed25519 cosignature on a checkpoint (c2sp.org/tlog-cosignature,
 * cosignature/v1, signature type 0x04). The signature line carries
 * {@code base64(key id || u64 big-endian timestamp || Ed25519 signature)}; the signed message is
 * {@code "cosignature/v1\ntime <timestamp>\n"} followed by the whole checkpoint text.
 */
public final class CosignatureVerifier {

    private static final int TIMESTAMP_SIZE = 8;

    private final VerifierKey key;
    private final PublicKey publicKey;

    private CosignatureVerifier(VerifierKey key, PublicKey publicKey) {
        this.key = key;
        this.publicKey = publicKey;
    }

    /** A verifier for a witness key string {@code <name>+<key id>+<base64(0x04 || public key)>}. */
    public static CosignatureVerifier fromVerifierKey(String vkey) throws NoteException {
        VerifierKey key = VerifierKey.parse(vkey);
        if (key.signatureType() != VerifierKey.TYPE_ED25519_COSIGNATURE) {
            throw new NoteException(Reason.MALFORMED_KEY, "witness key " + key.name() + " has signature type "
                    + key.signatureType() + ", not an Ed25519 cosignature (4)");
        }
        try {
            return new CosignatureVerifier(key, Ed25519.publicKey(key.publicKey()));
        } catch (InvalidKeyException e) {
            throw new NoteException(Reason.MALFORMED_KEY, "witness key is not an Ed25519 public key: " + e.getMessage());
        }
    }

    public String name() {
        return key.name();
    }

    public int keyId() {
        return key.keyId();
    }

    /** The message a cosigner signs at {@code timestamp} for checkpoint text {@code noteText}. */
    public static byte[] signedMessage(long timestamp, String noteText) {
        if (timestamp < 0) {
            throw new IllegalArgumentException("cosignature timestamp must be between 0 and 2^63-1");
        }
        return ("cosignature/v1\ntime " + timestamp + "\n" + noteText).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Verifies this witness's cosignature on a signed note. Other signatures (the log's, other
     * witnesses') are ignored; every line claiming this witness's name and key id must verify.
     */
    public Cosignature verify(String signedNote) throws NoteException {
        SignedNote note = SignedNote.parse(signedNote);
        List<NoteSignature> ours = note.signaturesBy(key);
        if (ours.isEmpty()) {
            throw new NoteException(Reason.UNKNOWN_KEY, "note has no cosignature by witness " + key.name() + "+" + key.keyIdHex());
        }
        Cosignature first = null;
        for (NoteSignature line : ours) {
            byte[] payload = line.signature();
            if (payload.length != TIMESTAMP_SIZE + Ed25519.SIGNATURE_SIZE) {
                throw new NoteException(Reason.BAD_SIGNATURE, "cosignature by " + key.name() + " is " + payload.length
                        + " bytes after the key id, not a timestamp and an Ed25519 signature ("
                        + (TIMESTAMP_SIZE + Ed25519.SIGNATURE_SIZE) + ")");
            }
            long timestamp = ByteBuffer.wrap(payload, 0, TIMESTAMP_SIZE).getLong();
            if (timestamp < 0) {
                throw new NoteException(Reason.BAD_SIGNATURE, "cosignature timestamp by " + key.name() + " exceeds 2^63-1");
            }
            byte[] signature = Arrays.copyOfRange(payload, TIMESTAMP_SIZE, payload.length);
            if (!Ed25519.verify(publicKey, signedMessage(timestamp, note.text()), signature)) {
                throw new NoteException(Reason.BAD_SIGNATURE, "invalid cosignature for witness key " + key.name() + "+" + key.keyIdHex());
            }
            if (first == null) {
                first = new Cosignature(key.name(), timestamp, note.text());
            }
        }
        return first;
    }
}
