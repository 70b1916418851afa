package org.carbonregistry.ledger.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.carbonregistry.ledger.checkpoint.TestKeys.LOG_NAME;
import static org.carbonregistry.ledger.checkpoint.TestKeys.LOG_NOTE_42;
import static org.carbonregistry.ledger.checkpoint.TestKeys.LOG_NOTE_43;
import static org.carbonregistry.ledger.checkpoint.TestKeys.LOG_VKEY;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import org.carbonregistry.ledger.checkpoint.NoteException.Reason;
import org.junit.jupiter.api.Test;

class CheckpointNoteTest {

    static byte[] sha256(String text) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theFirstCheckpointIsSignedToTheByte() throws Exception {
        NoteSigner signer = TestKeys.logSigner();
        Checkpoint checkpoint = Checkpoint.first(LOG_NAME, 42, sha256("root"));

        assertThat(checkpoint.noteText()).isEqualTo(
                "registry.example/ledger\n42\nSBNJTRN+FjG7owHVrKtue7eqdM4RhdRWVl71HXN2d7I=\n");
        assertThat(signer.sign(checkpoint)).isEqualTo(LOG_NOTE_42);
    }

    @Test
    void aLaterCheckpointCarriesTheHashOfTheWholePreviousSignedNote() throws Exception {
        NoteSigner signer = TestKeys.logSigner();
        Checkpoint checkpoint = Checkpoint.following(LOG_NOTE_42, LOG_NAME, 43, sha256("root2"));

        byte[] expectedPrev = sha256LogNote42();
        assertThat(checkpoint.prevNoteHash()).hasValueSatisfying(hash -> assertThat(hash).isEqualTo(expectedPrev));
        assertThat(checkpoint.noteText()).endsWith("\nprev " + Base64.getEncoder().encodeToString(sha256LogNote42()) + "\n");
        assertThat(signer.sign(checkpoint)).isEqualTo(LOG_NOTE_43);
        assertThat(checkpoint.follows(LOG_NOTE_42)).isTrue();
        assertThat(checkpoint.follows(LOG_NOTE_43)).isFalse();
    }

    @Test
    void theKeyIdIsTheTruncatedHashOfNameTypeAndPublicKey() throws Exception {
        NoteSigner signer = TestKeys.logSigner();
        byte[] publicKey = Ed25519.rawPublicKey(TestKeys.keyPair(TestKeys.LOG_SEED).getPublic());

        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(LOG_NAME.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0x0A);
        digest.update((byte) 0x01);
        digest.update(publicKey);
        int expected = ByteBuffer.wrap(digest.digest()).getInt();

        assertThat(signer.keyId()).isEqualTo(expected).isEqualTo(0xcb680ae2);
        assertThat(signer.verifierKey()).isEqualTo(LOG_VKEY)
                .isEqualTo(LOG_NAME + "+cb680ae2+" + Base64.getEncoder().encodeToString(concat((byte) 1, publicKey)));
        byte[] signatureLine = Base64.getDecoder().decode(LOG_NOTE_42.substring(LOG_NOTE_42.lastIndexOf(' ') + 1).strip());
        assertThat(ByteBuffer.wrap(signatureLine).getInt()).isEqualTo(expected);
        assertThat(signatureLine).hasSize(4 + 64);
    }

    @Test
    void signaturesLinesStartWithAnEmDashAndASpace() {
        String note = TestKeys.logSigner().sign(Checkpoint.first(LOG_NAME, 0, new byte[32]));
        String signatureLine = note.substring(note.indexOf("\n\n") + 2);
        assertThat(signatureLine.getBytes(StandardCharsets.UTF_8)).startsWith(0xE2, 0x80, 0x94, 0x20);
        assertThat(signatureLine).startsWith("\u2014 " + LOG_NAME + " ").endsWith("=\n");
    }

    @Test
    void parsesWhatItWrites() throws Exception {
        Checkpoint first = Checkpoint.first(LOG_NAME, 0, sha256("empty"));
        Checkpoint next = Checkpoint.following("previous note\n", LOG_NAME, Long.MAX_VALUE, sha256("big"));
        assertThat(Checkpoint.parse(first.noteText())).isEqualTo(first);
        assertThat(Checkpoint.parse(next.noteText())).isEqualTo(next);
        assertThat(Checkpoint.parse(next.noteText()).prevNoteHash()).isPresent();
        assertThat(first.prevNoteHash()).isEmpty();
    }

    @Test
    void refusesTextThatIsNotExactlyACheckpoint() {
        String root = "SBNJTRN+FjG7owHVrKtue7eqdM4RhdRWVl71HXN2d7I=";
        String[] malformed = {
            "log\n42\n" + root,                                   // no final newline
            "log\n42\n",                                          // no root
            "\n42\n" + root + "\n",                               // empty origin
            "my log\n42\n" + root + "\n",                         // space in origin
            "log+1\n42\n" + root + "\n",                          // plus in origin
            "log\n042\n" + root + "\n",                           // leading zero
            "log\n-1\n" + root + "\n",                            // negative
            "log\n9223372036854775808\n" + root + "\n",           // overflows a long
            "log\n42\n" + root.substring(0, 43) + "\n",            // not canonical base64
            "log\n42\nSBNJTRN+FjG7owHVrKtue7eqdM4RhdRWVl71HXN2\n", // 30 bytes
            "log\n42\n" + root + "\nother extension\n",           // unknown extension
            "log\n42\n" + root + "\nprev " + root + "\nprev " + root + "\n",
            "log\n42\n" + root + "\n\n",                          // empty extension line
        };
        for (String text : malformed) {
            assertThatThrownBy(() -> Checkpoint.parse(text)).as(text)
                    .isInstanceOfSatisfying(NoteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_CHECKPOINT));
        }
    }

    @Test
    void refusesToBuildCheckpointsThatCouldNotBeParsed() {
        assertThatThrownBy(() -> Checkpoint.first("two words", 1, new byte[32])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Checkpoint.first("log", -1, new byte[32])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Checkpoint.first("log", 1, new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Checkpoint("log", 1, new byte[32], Optional.of(new byte[3])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestKeys.logSigner().sign("no final newline")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestKeys.logSigner().sign("tab\there\n")).isInstanceOf(IllegalArgumentException.class);
    }

    static byte[] sha256LogNote42() throws Exception {
        return sha256(LOG_NOTE_42);
    }

    static byte[] concat(byte first, byte[] rest) {
        byte[] all = new byte[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
