package org.carbonregistry.ledger.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.carbonregistry.ledger.checkpoint.TestKeys.ENOCH_SIG;
import static org.carbonregistry.ledger.checkpoint.TestKeys.ENOCH_VKEY;
import static org.carbonregistry.ledger.checkpoint.TestKeys.PETER_SEED;
import static org.carbonregistry.ledger.checkpoint.TestKeys.PETER_SIG;
import static org.carbonregistry.ledger.checkpoint.TestKeys.PETER_TEXT;
import static org.carbonregistry.ledger.checkpoint.TestKeys.PETER_VKEY;

import java.util.ArrayList;
import java.util.List;
import org.carbonregistry.ledger.checkpoint.NoteException.Reason;
import org.junit.jupiter.api.Test;

/** The vectors of golang.org/x/mod/sumdb/note's tests: our notes and keys are Go's, byte for byte. */
class GoNoteCompatibilityTest {

    @Test
    void signingWithPeterNeumannsKeyGivesGosSignedNote() {
        NoteSigner signer = new NoteSigner("PeterNeumann", TestKeys.keyPair(PETER_SEED));

        assertThat(signer.verifierKey()).isEqualTo(PETER_VKEY);
        assertThat(signer.keyId()).isEqualTo(0xc74f20a3);
        assertThat(signer.sign(PETER_TEXT)).isEqualTo(PETER_TEXT + "\n" + PETER_SIG);
    }

    @Test
    void gosSignedNoteVerifiesAndSignaturesByOtherKeysAreIgnored() throws NoteException {
        NoteVerifier peter = NoteVerifier.fromVerifierKey(PETER_VKEY);
        NoteVerifier enoch = NoteVerifier.fromVerifierKey(ENOCH_VKEY);
        String doublySigned = PETER_TEXT + "\n" + PETER_SIG + ENOCH_SIG;

        assertThat(peter.verifyText(doublySigned)).isEqualTo(PETER_TEXT);
        assertThat(enoch.verifyText(doublySigned)).isEqualTo(PETER_TEXT);
        assertThat(peter.keyId()).isEqualTo(0xc74f20a3);
        assertThat(enoch.keyId()).isEqualTo(0xaf0cfe78);
        assertThat(SignedNote.parse(doublySigned).signatures()).extracting(NoteSignature::keyName)
                .containsExactly("PeterNeumann", "EnochRoot");
        assertThat(SignedNote.parse(doublySigned).encode()).isEqualTo(doublySigned);
    }

    @Test
    void aNoteWithoutTheKeysSignatureIsUnverified() throws NoteException {
        NoteVerifier peter = NoteVerifier.fromVerifierKey(PETER_VKEY);
        assertThatThrownBy(() -> peter.verifyText(PETER_TEXT + "\n" + ENOCH_SIG))
                .isInstanceOfSatisfying(NoteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY))
                .hasMessageContaining("no signature by key PeterNeumann+c74f20a3");
        String misnamed = PETER_SIG.replace("PeterNeumann", "CarmenSandiego");
        assertThatThrownBy(() -> peter.verifyText(PETER_TEXT + "\n" + misnamed))
                .isInstanceOfSatisfying(NoteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
    }

    @Test
    void aCorruptedSignatureByTheKeyIsInvalid() throws NoteException {
        NoteVerifier peter = NoteVerifier.fromVerifierKey(PETER_VKEY);
        String corrupted = PETER_SIG.substring(0, 60) + "ABCD" + PETER_SIG.substring(60);
        assertThatThrownBy(() -> peter.verifyText(PETER_TEXT + "\n" + corrupted))
                .isInstanceOfSatisfying(NoteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE))
                .hasMessage("invalid signature for key PeterNeumann+c74f20a3");
    }

    @Test
    void gosMalformedNotesAreMalformed() throws NoteException {
        NoteVerifier peter = NoteVerifier.fromVerifierKey(PETER_VKEY);
        List<String> malformed = List.of(
                PETER_TEXT,
                PETER_TEXT + "\n",
                PETER_TEXT + "\n" + PETER_SIG.substring(0, PETER_SIG.length() - 1),
                "\u0001" + PETER_TEXT + "\n" + PETER_SIG,
                PETER_TEXT + "\n" + "\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
                PETER_TEXT + "\n" + PETER_SIG + "Unexpected line.\n",
                PETER_TEXT + "\n" + PETER_SIG.repeat(101));
        for (String note : malformed) {
            assertThatThrownBy(() -> peter.verifyText(note)).as(note)
                    .isInstanceOfSatisfying(NoteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_NOTE));
        }
        byte[] invalidUtf8 = (PETER_TEXT + "\n" + PETER_SIG).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        invalidUtf8[0] = (byte) 0xff;
        assertThatThrownBy(() -> peter.verify(invalidUtf8))
                .isInstanceOfSatisfying(NoteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_NOTE));
    }

    @Test
    void everyManglingOfPeterNeumannsVerifierKeyIsRefused() {
        List<String> bad = new ArrayList<>();
        for (int i = 0; i <= PETER_VKEY.length(); i++) {
            for (int j = i + 1; j <= PETER_VKEY.length(); j++) {
                if (i != 0 || j != PETER_VKEY.length()) {
                    bad.add(PETER_VKEY.substring(i, j));
                }
            }
        }
        for (int i = 0; i < PETER_VKEY.length(); i++) {
            char[] chars = PETER_VKEY.toCharArray();
            chars[i]++;
            bad.add(new String(chars));
        }
        bad.add("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="); // wrong length, adjusted id
        bad.add("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"); // unknown algorithm, adjusted id
        for (String vkey : bad) {
            assertThatThrownBy(() -> NoteVerifier.fromVerifierKey(vkey)).as(vkey)
                    .isInstanceOfSatisfying(NoteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_KEY));
        }
    }
}
