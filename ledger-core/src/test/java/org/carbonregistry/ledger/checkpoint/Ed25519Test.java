package org.carbonregistry.ledger.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ed25519Test {

    static final HexFormat HEX = HexFormat.of();

    @Test
    void derivesThePublicKeyAndSignatureOfRfc8032TestOne() {
        byte[] seed = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        KeyPair pair = Ed25519.keyPairFromSeed(seed);

        assertThat(HEX.formatHex(Ed25519.rawPublicKey(pair.getPublic())))
                .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        assertThat(HEX.formatHex(Ed25519.sign(pair.getPrivate(), new byte[0])))
                .isEqualTo("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                        + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        assertThat(Ed25519.seed(pair.getPrivate())).isEqualTo(seed);
    }

    /** Ed25519 is deterministic: the JDK's own provider, an implementation apart from ours, gives the same bytes. */
    @Test
    void signaturesEqualTheJdkProvidersAndEachVerifiesTheOthers() throws Exception {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 200; i++) {
            KeyPair pair = Ed25519.generate();
            byte[] message = new byte[random.nextInt(700)];
            random.nextBytes(message);
            java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
            jdk.initSign(pair.getPrivate());
            jdk.update(message);
            byte[] jdkSignature = jdk.sign();

            assertThat(Ed25519.sign(pair.getPrivate(), message)).isEqualTo(jdkSignature);
            assertThat(Ed25519.sign(pair, message)).isEqualTo(jdkSignature);
            assertThat(Ed25519.verify(pair.getPublic(), message, jdkSignature)).isTrue();
            jdkSignature[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
            java.security.Signature jdkVerifier = java.security.Signature.getInstance("Ed25519");
            jdkVerifier.initVerify(pair.getPublic());
            jdkVerifier.update(message);
            boolean jdkAccepts;
            try {
                jdkAccepts = jdkVerifier.verify(jdkSignature);
            } catch (java.security.SignatureException rejected) {
                jdkAccepts = false;
            }
            assertThat(Ed25519.verify(pair.getPublic(), message, jdkSignature)).isEqualTo(jdkAccepts).isFalse();
        }
    }

    @Test
    void verifiesOnlyTheSignedMessageUnderTheSigningKey() throws Exception {
        KeyPair pair = Ed25519.generate();
        byte[] message = "message".getBytes();
        byte[] signature = Ed25519.sign(pair.getPrivate(), message);
        byte[] raw = Ed25519.rawPublicKey(pair.getPublic());

        assertThat(Ed25519.verify(Ed25519.publicKey(raw), message, signature)).isTrue();
        assertThat(Ed25519.verify(pair.getPublic(), "massage".getBytes(), signature)).isFalse();
        assertThat(Ed25519.verify(Ed25519.generate().getPublic(), message, signature)).isFalse();
        signature[10] ^= 1;
        assertThat(Ed25519.verify(pair.getPublic(), message, signature)).isFalse();
        assertThat(Ed25519.verify(pair.getPublic(), message, new byte[63])).isFalse();
    }

    /** The pre-decoded key answers exactly as the per-call path does, for good and tampered signatures alike. */
    @Test
    void aVerifyingKeyAgreesWithVerifyingThroughThePublicKey() throws Exception {
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 100; i++) {
            KeyPair pair = Ed25519.generate();
            Ed25519.VerifyingKey key = Ed25519.VerifyingKey.of(Ed25519.rawPublicKey(pair.getPublic()));
            byte[] message = new byte[random.nextInt(700)];
            random.nextBytes(message);
            byte[] signature = Ed25519.sign(pair, message);

            assertThat(key.verify(message, signature)).isTrue();
            signature[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
            assertThat(key.verify(message, signature)).isEqualTo(Ed25519.verify(pair.getPublic(), message, signature))
                    .isFalse();
        }
        Ed25519.VerifyingKey key = Ed25519.VerifyingKey.of(Ed25519.rawPublicKey(Ed25519.generate().getPublic()));
        assertThat(key.verify(new byte[1], new byte[63])).isFalse();
        assertThat(key.verify(null, new byte[64])).isFalse();
    }

    @Test
    void aVerifyingKeyRefusesTheWrongSizeAndPointsOutsideTheGroup() {
        assertThatThrownBy(() -> Ed25519.VerifyingKey.of(new byte[31])).hasMessageContaining("32 bytes");
        byte[] identity = new byte[32];
        identity[0] = 1; // the neutral element: a key any signature "verifies" under in lax implementations
        assertThatThrownBy(() -> Ed25519.VerifyingKey.of(identity)).hasMessageContaining("not a valid Ed25519 public key");
    }

    @Test
    void refusesKeysOfTheWrongSize() {
        assertThatThrownBy(() -> Ed25519.publicKey(new byte[31])).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> Ed25519.keyPairFromSeed(new byte[33])).hasMessageContaining("32 bytes");
    }
}
