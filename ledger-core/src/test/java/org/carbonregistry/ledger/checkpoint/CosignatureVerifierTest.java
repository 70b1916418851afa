package org.carbonregistry.ledger.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.carbonregistry.ledger.checkpoint.TestKeys.LOG_NOTE_43;
import static org.carbonregistry.ledger.checkpoint.TestKeys.LOG_NOTE_43_COSIGNED;
import static org.carbonregistry.ledger.checkpoint.TestKeys.WITNESS_VKEY;

import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.time.Instant;
import org.carbonregistry.ledger.checkpoint.NoteException.Reason;
import org.junit.jupiter.api.Test;

class CosignatureVerifierTest {

    @Test
    void aCosignatureMadeOutsideThisCodeVerifiesAlongsideTheLogSignature() throws NoteException {
        CosignatureVerifier witness = CosignatureVerifier.fromVerifierKey(WITNESS_VKEY);
        Cosignature cosignature = witness.verify(LOG_NOTE_43_COSIGNED);

        assertThat(cosignature.witnessName()).isEqualTo("witness.example/w1");
        assertThat(cosignature.timestamp()).isEqualTo(TestKeys.WITNESS_TIMESTAMP);
        assertThat(cosignature.time()).isEqualTo(Instant.parse("2026-01-02T00:04:05Z"));
        assertThat(cosignature.noteText()).isEqualTo(SignedNote.parse(LOG_NOTE_43).text());
        assertThat(witness.keyId()).isEqualTo(0x7c7feb1d);
        assertThat(NoteVerifier.fromVerifierKey(TestKeys.LOG_VKEY).verify(LOG_NOTE_43_COSIGNED).treeSize()).isEqualTo(43);
    }

    @Test
    void aPublishedWitnessKeyParsesWithItsCosignatureKeyId() throws NoteException {
        // A witness key from transparency-dev/formats' tests: its id is only right with type 0x04.
        CosignatureVerifier witness = CosignatureVerifier.fromVerifierKey(
                "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2");
        assertThat(witness.keyId()).isEqualTo(0xda77ade7);
        assertThat(witness.name()).isEqualTo("remora.n621.de");
    }

    @Test
    void aCosignatureFromThisTestsOwnSignerRoundTrips() throws NoteException {
        KeyPair witnessKeys = Ed25519.generate();
        byte[] publicKey = Ed25519.rawPublicKey(witnessKeys.getPublic());
        VerifierKey key = VerifierKey.of("witness.example/w2", VerifierKey.TYPE_ED25519_COSIGNATURE, publicKey);
        String cosigned = LOG_NOTE_43 + cosign(key, witnessKeys, 1_700_000_000L, SignedNote.parse(LOG_NOTE_43).text());

        Cosignature cosignature = CosignatureVerifier.fromVerifierKey(key.encode()).verify(cosigned);
        assertThat(cosignature.timestamp()).isEqualTo(1_700_000_000L);
    }

    @Test
    void aChangedTimestampCheckpointOrSignatureFailsVerification() throws NoteException {
        CosignatureVerifier witness = CosignatureVerifier.fromVerifierKey(WITNESS_VKEY);
        SignedNote note = SignedNote.parse(LOG_NOTE_43_COSIGNED);
        NoteSignature cosignature = note.signatures().get(1);
        for (int bit = 0; bit < (8 + 64) * 8; bit++) {
            byte[] payload = cosignature.signature();
            payload[bit / 8] ^= (byte) (1 << (bit % 8));
            String corrupted = new SignedNote(note.text(), java.util.List.of(note.signatures().get(0),
                    new NoteSignature(cosignature.keyName(), cosignature.keyId(), payload))).encode();
            assertThatThrownBy(() -> witness.verify(corrupted)).as("cosignature bit %d", bit)
                    .isInstanceOfSatisfying(NoteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
        }
        String otherText = LOG_NOTE_43_COSIGNED.replace("\n43\n", "\n44\n");
        assertThatThrownBy(() -> witness.verify(otherText))
                .isInstanceOfSatisfying(NoteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
    }

    @Test
    void aNoteWithoutTheWitnessesCosignatureIsUnverified() throws NoteException {
        CosignatureVerifier witness = CosignatureVerifier.fromVerifierKey(WITNESS_VKEY);
        assertThatThrownBy(() -> witness.verify(LOG_NOTE_43))
                .isInstanceOfSatisfying(NoteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
    }

    @Test
    void aLogKeyIsNotAWitnessKeyAndThePlainNoteSignatureIsNotACosignature() throws NoteException {
        assertThatThrownBy(() -> CosignatureVerifier.fromVerifierKey(TestKeys.LOG_VKEY))
                .isInstanceOfSatisfying(NoteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_KEY));
        // Same key bytes as the witness, but as a note key (type 0x01): a different key id.
        byte[] witnessPublicKey = VerifierKey.parse(WITNESS_VKEY).publicKey();
        VerifierKey asNoteKey = VerifierKey.of("witness.example/w1", VerifierKey.TYPE_ED25519, witnessPublicKey);
        assertThatThrownBy(() -> NoteVerifier.fromVerifierKey(asNoteKey.encode()).verify(LOG_NOTE_43_COSIGNED))
                .isInstanceOfSatisfying(NoteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
    }

    /** The cosignature/v1 line as a witness writes it, for this test. */
    static String cosign(VerifierKey key, KeyPair keys, long timestamp, String noteText) {
        byte[] signature = Ed25519.sign(keys.getPrivate(), CosignatureVerifier.signedMessage(timestamp, noteText));
        byte[] payload = ByteBuffer.allocate(8 + 64).putLong(timestamp).put(signature).array();
        return new NoteSignature(key.name(), key.keyId(), payload).line();
    }
}
