package org.carbonregistry.ledger.checkpoint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import java.util.Objects;

/** Signs notes with an Ed25519 key under a key name (c2sp.org/signed-note, signature type 0x01). */
public final class NoteSigner {

    private final String name;
    private final KeyPair keyPair;
    private final VerifierKey verifierKey;

    /**
     * @param name the key name; for a log, its checkpoint origin
     * @param keyPair an Ed25519 key pair, checked to belong together
     */
    public NoteSigner(String name, KeyPair keyPair) {
        if (!NoteText.isValidName(name)) {
            throw new IllegalArgumentException("key name must be non-empty without spaces, plus signs or control characters: " + name);
        }
        this.name = name;
        this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
        byte[] rawPublicKey = Ed25519.rawPublicKey(keyPair.getPublic());
        byte[] probe = ByteBuffer.allocate(8).putLong(System.nanoTime()).array();
        if (!Ed25519.verify(keyPair.getPublic(), probe, Ed25519.sign(keyPair.getPrivate(), probe))) {
            throw new IllegalArgumentException("the private and public key of the key pair do not belong together");
        }
        this.verifierKey = VerifierKey.of(name, VerifierKey.TYPE_ED25519, rawPublicKey);
    }

    public String name() {
        return name;
    }

    public int keyId() {
        return verifierKey.keyId();
    }

    /** The verifier key string to publish: {@code <name>+<key id>+<base64(0x01 || public key)>}. */
    public String verifierKey() {
        return verifierKey.encode();
    }

    /** A verifier for this signer's signatures. */
    public NoteVerifier verifier() {
        return new NoteVerifier(verifierKey);
    }

    /** Signs a checkpoint: its note text, a blank line and this key's signature line. */
    public String sign(Checkpoint checkpoint) {
        return sign(checkpoint.noteText());
    }

    /**
     * Signs note text (non-empty, ending in a newline, no control characters but newline) and returns
     * the signed note. The signature covers the text including its final newline.
     */
    public String sign(String text) {
        if (!SignedNote.isValidText(text)) {
            throw new IllegalArgumentException("note text must be non-empty, end in a newline and contain no control characters");
        }
        byte[] signature = Ed25519.sign(keyPair, text.getBytes(StandardCharsets.UTF_8));
        return new SignedNote(text, List.of(new NoteSignature(name, keyId(), signature))).encode();
    }
}
