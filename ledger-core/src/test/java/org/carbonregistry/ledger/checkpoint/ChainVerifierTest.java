package org.carbonregistry.ledger.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.carbonregistry.ledger.checkpoint.NoteException.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {

    static final String ORIGIN = TestKeys.LOG_NAME;

    NoteSigner signer;
    ChainVerifier chain;
    List<String> notes;

    @BeforeEach
    void signFiveChainedCheckpoints() {
        signer = TestKeys.logSigner();
        chain = new ChainVerifier(signer.verifier());
        notes = new ArrayList<>();
        notes.add(signer.sign(Checkpoint.first(ORIGIN, 0, root(0))));
        for (int size = 3; size <= 12; size += 3) {
            notes.add(signer.sign(Checkpoint.following(notes.get(notes.size() - 1), ORIGIN, size, root(size))));
        }
    }

    @Test
    void anUnbrokenChainVerifiesFromGenesisAndFromAnyPoint() throws NoteException {
        assertThat(chain.verifyFromGenesis(notes)).extracting(Checkpoint::treeSize).containsExactly(0L, 3L, 6L, 9L, 12L);
        assertThat(chain.verify(notes.subList(2, 5))).extracting(Checkpoint::treeSize).containsExactly(6L, 9L, 12L);
        assertThat(chain.verify(List.of(TestKeys.LOG_NOTE_42, TestKeys.LOG_NOTE_43))).hasSize(2);
    }

    @Test
    void aPrevHashThatNamesAnotherNoteBreaksTheChain() {
        notes.set(3, signer.sign(Checkpoint.following(notes.get(1), ORIGIN, 9, root(9))));
        assertThatThrownBy(() -> chain.verify(notes))
                .isInstanceOfSatisfying(NoteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BROKEN_CHAIN))
                .hasMessageContaining("checkpoint 3 (tree size 9) does not name the hash of checkpoint 2");
    }

    @Test
    void aPrevHashOverTheTextAloneIsNotTheHashOfTheFullNote() throws NoteException {
        String textOnly = SignedNote.parse(notes.get(1)).text();
        notes.set(2, signer.sign(Checkpoint.following(textOnly, ORIGIN, 6, root(6))));
        assertThatThrownBy(() -> chain.verify(notes.subList(0, 3)))
                .isInstanceOfSatisfying(NoteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BROKEN_CHAIN));
    }

    @Test
    void reorderedMissingOrShrinkingCheckpointsBreakTheChain() {
        assertThatThrownBy(() -> chain.verify(List.of(notes.get(0), notes.get(2))))
                .isInstanceOfSatisfying(NoteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BROKEN_CHAIN));
        assertThatThrownBy(() -> chain.verify(List.of(notes.get(2), notes.get(1))))
                .isInstanceOfSatisfying(NoteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BROKEN_CHAIN));
        String shrinking = signer.sign(Checkpoint.following(notes.get(4), ORIGIN, 11, root(11)));
        assertThatThrownBy(() -> chain.verify(List.of(notes.get(4), shrinking)))
                .hasMessageContaining("shrinks the tree from 12 to 11");
        String otherOrigin = signer.sign(Checkpoint.following(notes.get(4), "other.example/log", 13, root(13)));
        assertThatThrownBy(() -> chain.verify(List.of(notes.get(4), otherOrigin)))
                .hasMessageContaining("has origin other.example/log");
    }

    @Test
    void aRunThatDoesNotStartAtTheFirstCheckpointIsNotFromGenesis() {
        assertThatThrownBy(() -> chain.verifyFromGenesis(notes.subList(1, 5)))
                .isInstanceOfSatisfying(NoteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BROKEN_CHAIN));
    }

    @Test
    void aBadSignatureInsideTheChainIsReportedWithItsPosition() {
        String note = notes.get(2);
        int signatureStart = note.lastIndexOf(' ') + 12; // past the key id
        notes.set(2, TestKeys.mutate(note, signatureStart));
        assertThatThrownBy(() -> chain.verify(notes))
                .isInstanceOfSatisfying(NoteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE))
                .hasMessageStartingWith("checkpoint 2: ");
    }

    static byte[] root(int size) {
        byte[] root = new byte[32];
        root[0] = (byte) size;
        return root;
    }
}
