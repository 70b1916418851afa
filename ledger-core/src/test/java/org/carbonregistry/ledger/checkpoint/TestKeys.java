package org.carbonregistry.ledger.checkpoint;

import java.security.KeyPair;
import java.util.HexFormat;

/**
 * Fixed keys and notes produced outside this code base: golang.org/x/mod/sumdb/note's test key, and
 * notes signed with Python's `cryptography` Ed25519 (independent of the JDK) following the C2SP
 * specs, so that the Java output can be compared byte for byte.
 */
final class TestKeys {

    private TestKeys() {
    }

    // golang.org/x/mod/sumdb/note note_test.go
    static final String PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    /** Seed of "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz". */
    static final String PETER_SEED = "810a1402d5146c8d84f2443330f54080ebf98ee17d9c74f6252fc5d5c7283173";
    static final String PETER_TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    static final String PETER_SIG = "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    static final String ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
    static final String ENOCH_SIG = "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    // Log key: seed = SHA-256("carbon registry test log key"), signed with Python cryptography.
    static final String LOG_NAME = "registry.example/ledger";
    static final String LOG_SEED = "0edfafd5faad21fa4f130594f2da92233644eb2a8409d35a5923965e39e7b595";
    static final String LOG_VKEY = "registry.example/ledger+cb680ae2+AWrsaoRLnG1mV6zbyRqloFwNqNSxlGrX5YYxV9ylvZju";
    /** Checkpoint of size 42 with root SHA-256("root"), the first in its chain. */
    static final String LOG_NOTE_42 = "registry.example/ledger\n42\nSBNJTRN+FjG7owHVrKtue7eqdM4RhdRWVl71HXN2d7I=\n\n"
            + "\u2014 registry.example/ledger y2gK4kNOYYpwN98s0xPK1TADYFwvCTTJXD6XrMmDwHI7zCiP6gNhxW99vHqEztStROxlgfhs7YhTju+vM2r9pXVSmwY=\n";
    /** Checkpoint of size 43 with root SHA-256("root2") and prev = SHA-256(LOG_NOTE_42). */
    static final String LOG_NOTE_43 = "registry.example/ledger\n43\nv1nWpFZPn0mWTvN385jjXH2iQT6deSyX39u8lofOirw=\n"
            + "prev WTLQ4vorLC5ytc6859Na2uiH3LQuXNaYgLT0zgO7KAo=\n\n"
            + "\u2014 registry.example/ledger y2gK4hVxn354dwRTLWq+d7UrU8WsHqvihu2vj4N1MNzs7ZHHc65wRxntKKorSSo5vCJcreq57k1Xx4oVWD/eHv7zUws=\n";

    // Witness key: seed = SHA-256("carbon registry test witness key"); cosignature/v1 at 1767312245.
    static final String WITNESS_SEED = "a272096abe86363b83cca42e61b51f3be30d24f047957c6c88dc72a18e3c1f76";
    static final String WITNESS_VKEY = "witness.example/w1+7c7feb1d+BH5l4zAmrl1fQHH8w4cE3IoPnup+LavKdGQNBa3ZQd9y";
    static final long WITNESS_TIMESTAMP = 1767312245L;
    static final String LOG_NOTE_43_COSIGNED = LOG_NOTE_43
            + "\u2014 witness.example/w1 fH/rHQAAAABpVwt1DHBIHaoQ6qXXUhwKUwVXA3/3hrQt2Yv9B4JcC9F34Xr6iskq2GWkQxYyW8vd3Yywo+KRbtdvoLJz7AfZ2KuvAQ==\n";

    static KeyPair keyPair(String seedHex) {
        return Ed25519.keyPairFromSeed(HexFormat.of().parseHex(seedHex));
    }

    static NoteSigner logSigner() {
        return new NoteSigner(LOG_NAME, keyPair(LOG_SEED));
    }

    /** Replaces the character at {@code index} with a different one. */
    static String mutate(String text, int index) {
        char replacement = text.charAt(index) == 'A' ? 'B' : 'A';
        return text.substring(0, index) + replacement + text.substring(index + 1);
    }
}
