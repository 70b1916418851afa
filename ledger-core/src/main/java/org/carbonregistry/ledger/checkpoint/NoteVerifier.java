package org.carbonregistry.ledger.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.util.List;
import org.carbonregistry.ledger.checkpoint.NoteException.Reason;

/**
 * Verifies notes signed by one Ed25519 key (signature type 0x01). Signatures by other keys are
 * ignored as the spec requires; every signature line that claims this key's name and key id must
 * verify, and at least one must be present.
 */
public final class NoteVerifier {

    private final VerifierKey key;
    private final PublicKey publicKey;

    NoteVerifier(VerifierKey key) {
        this.key = key;
        try {
            this.publicKey = Ed25519.publicKey(key.publicKey());
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** A verifier for a verifier key string {@code <name>+<key id>+<base64(0x01 || public key)>}. */
    public static NoteVerifier fromVerifierKey(String vkey) throws NoteException {
        VerifierKey key = VerifierKey.parse(vkey);
        if (key.signatureType() != VerifierKey.TYPE_ED25519) {
            throw new NoteException(Reason.MALFORMED_KEY, "verifier key " + key.name() + " has signature type "
                    + key.signatureType() + ", not Ed25519 (1)");
        }
        if (key.publicKey().length != Ed25519.PUBLIC_KEY_SIZE) {
            throw new NoteException(Reason.MALFORMED_KEY, "Ed25519 verifier key must hold 32 bytes, holds " + key.publicKey().length);
        }
        try {
            return new NoteVerifier(key);
        } catch (IllegalArgumentException e) {
            throw new NoteException(Reason.MALFORMED_KEY, "verifier key is not an Ed25519 public key: " + e.getMessage());
        }
    }

    public String name() {
        return key.name();
    }

    public int keyId() {
        return key.keyId();
    }

    public String verifierKey() {
        return key.encode();
    }

    /** Verifies a signed checkpoint and returns it. */
    public Checkpoint verify(String signedNote) throws NoteException {
        return Checkpoint.parse(verifyText(signedNote));
    }

    /** Verifies a signed note from its bytes (strict UTF-8) and returns the checkpoint. */
    public Checkpoint verify(byte[] signedNote) throws NoteException {
        return verify(NoteText.decodeUtf8(signedNote));
    }

    /** Verifies any signed note and returns its text. */
    public String verifyText(String signedNote) throws NoteException {
        SignedNote note = SignedNote.parse(signedNote);
        List<NoteSignature> ours = note.signaturesBy(key);
        if (ours.isEmpty()) {
            throw new NoteException(Reason.UNKNOWN_KEY, "note has no signature by key " + key.name() + "+" + key.keyIdHex()
                    + "; it is signed by " + note.signatures().stream()
                    .map(signature -> signature.keyName() + "+" + VerifierKey.hex(signature.keyId())).toList());
        }
        byte[] text = note.text().getBytes(StandardCharsets.UTF_8);
        for (NoteSignature signature : ours) {
            if (!Ed25519.verify(publicKey, text, signature.signature())) {
                throw new NoteException(Reason.BAD_SIGNATURE, "invalid signature for key " + key.name() + "+" + key.keyIdHex());
            }
        }
        return note.text();
    }
}
