package org.carbonregistry.ledger.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.carbonregistry.ledger.checkpoint.TestKeys.LOG_NAME;
import static org.carbonregistry.ledger.checkpoint.TestKeys.LOG_NOTE_42;
import static org.carbonregistry.ledger.checkpoint.TestKeys.LOG_NOTE_43;
import static org.carbonregistry.ledger.checkpoint.TestKeys.LOG_VKEY;

import java.util.List;
import org.carbonregistry.ledger.checkpoint.NoteException.Reason;
import org.junit.jupiter.api.Test;

class NoteVerifierTest {

    @Test
    void aSignedCheckpointRoundTrips() throws NoteException {
        NoteSigner signer = new NoteSigner("carbon.example/log", Ed25519.generate());
        Checkpoint checkpoint = Checkpoint.first("carbon.example/log", 1234, new byte[32]);
        String note = signer.sign(checkpoint);

        NoteVerifier verifier = NoteVerifier.fromVerifierKey(signer.verifierKey());
        assertThat(verifier.verify(note)).isEqualTo(checkpoint);
        assertThat(signer.verifier().verify(note)).isEqualTo(checkpoint);
        assertThat(verifier.name()).isEqualTo("carbon.example/log");
        assertThat(verifier.keyId()).isEqualTo(signer.keyId());
        assertThat(verifier.verifierKey()).isEqualTo(signer.verifierKey());
    }

    @Test
    void pythonSignedCheckpointsVerify() throws NoteException {
        NoteVerifier verifier = NoteVerifier.fromVerifierKey(LOG_VKEY);
        assertThat(verifier.verify(LOG_NOTE_42).treeSize()).isEqualTo(42);
        assertThat(verifier.verify(LOG_NOTE_43).treeSize()).isEqualTo(43);
    }

    @Test
    void aSignatureByAnotherKeyIsNotAccepted() throws NoteException {
        NoteSigner impostor = new NoteSigner(LOG_NAME, Ed25519.generate());
        String forged = impostor.sign(Checkpoint.first(LOG_NAME, 42, new byte[32]));
        NoteVerifier verifier = NoteVerifier.fromVerifierKey(LOG_VKEY);

        assertThatThrownBy(() -> verifier.verify(forged))
                .isInstanceOfSatisfying(NoteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));

        // The impostor's signature bytes under the real key's name and id.
        SignedNote parsed = SignedNote.parse(forged);
        NoteSignature relabelled = new NoteSignature(LOG_NAME, verifier.keyId(), parsed.signatures().get(0).signature());
        String relabelledNote = new SignedNote(parsed.text(), List.of(relabelled)).encode();
        assertThatThrownBy(() -> verifier.verify(relabelledNote))
                .isInstanceOfSatisfying(NoteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
    }

    @Test
    void changingAnyCharacterOfTheSignedNoteFailsVerification() throws NoteException {
        NoteVerifier verifier = NoteVerifier.fromVerifierKey(LOG_VKEY);
        for (String note : List.of(LOG_NOTE_42, LOG_NOTE_43)) {
            for (int i = 0; i < note.length(); i++) {
                String mutated = TestKeys.mutate(note, i);
                assertThatThrownBy(() -> verifier.verify(mutated)).as("character %d changed", i)
                        .isInstanceOf(NoteException.class);
            }
        }
    }

    @Test
    void flippingAnyBitOfTheSignatureFailsVerification() throws NoteException {
        NoteVerifier verifier = NoteVerifier.fromVerifierKey(LOG_VKEY);
        SignedNote note = SignedNote.parse(LOG_NOTE_42);
        NoteSignature original = note.signatures().get(0);
        for (int bit = 0; bit < 64 * 8; bit++) {
            byte[] signature = original.signature();
            signature[bit / 8] ^= (byte) (1 << (bit % 8));
            String corrupted = new SignedNote(note.text(), List.of(new NoteSignature(LOG_NAME, original.keyId(), signature))).encode();
            assertThatThrownBy(() -> verifier.verify(corrupted)).as("signature bit %d", bit)
                    .isInstanceOfSatisfying(NoteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
        }
    }

    @Test
    void extraSignaturesByOtherKeysAreIgnoredButAForgedOneByTheKeyIsNot() throws NoteException {
        NoteVerifier verifier = NoteVerifier.fromVerifierKey(LOG_VKEY);
        NoteSigner other = new NoteSigner("other.example/witness", Ed25519.generate());
        String otherLine = other.sign(SignedNote.parse(LOG_NOTE_42).text()).split("\n\n")[1];

        assertThat(verifier.verify(LOG_NOTE_42 + otherLine).treeSize()).isEqualTo(42);
        String badSecondLine = new NoteSignature(LOG_NAME, verifier.keyId(), new byte[64]).line();
        assertThatThrownBy(() -> verifier.verify(LOG_NOTE_42 + badSecondLine))
                .isInstanceOfSatisfying(NoteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
    }

    @Test
    void aVerifiedNoteThatIsNotACheckpointIsRefusedAsSuch() throws NoteException {
        NoteSigner signer = TestKeys.logSigner();
        String note = signer.sign("just a note\n");
        assertThat(signer.verifier().verifyText(note)).isEqualTo("just a note\n");
        assertThatThrownBy(() -> signer.verifier().verify(note))
                .isInstanceOfSatisfying(NoteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_CHECKPOINT));
    }

    @Test
    void aWitnessKeyIsNotALogKey() {
        assertThatThrownBy(() -> NoteVerifier.fromVerifierKey(TestKeys.WITNESS_VKEY))
                .isInstanceOfSatisfying(NoteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_KEY));
    }
}
