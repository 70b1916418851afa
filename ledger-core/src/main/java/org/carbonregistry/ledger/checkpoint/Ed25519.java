package org.carbonregistry.ledger.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Ed25519 (RFC 8032) through the JDK's own "Ed25519" provider, with conversions between JCA keys and
 * the raw 32-byte forms that notes and vkeys carry.
 */
public final class Ed25519 {

    public static final int PUBLIC_KEY_SIZE = 32;
    public static final int SEED_SIZE = 32;
    public static final int SIGNATURE_SIZE = 64;

    /** DER of SubjectPublicKeyInfo for Ed25519 (RFC 8410) up to the 32 key bytes. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    /** DER of a PKCS#8 v1 Ed25519 private key (RFC 8410) up to the 32 seed bytes. */
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

    private static final String ALGORITHM = "Ed25519";

    private Ed25519() {
    }

    /** A JCA public key from its 32-byte RFC 8032 encoding. */
    public static PublicKey publicKey(byte[] raw) throws InvalidKeyException {
        if (raw == null || raw.length != PUBLIC_KEY_SIZE) {
            throw new InvalidKeyException("an Ed25519 public key is " + PUBLIC_KEY_SIZE + " bytes");
        }
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(concat(SPKI_PREFIX, raw)));
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** The 32-byte RFC 8032 encoding of an Ed25519 public key. */
    public static byte[] rawPublicKey(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded == null || encoded.length != SPKI_PREFIX.length + PUBLIC_KEY_SIZE
                || !Arrays.equals(encoded, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        return Arrays.copyOfRange(encoded, SPKI_PREFIX.length, encoded.length);
    }

    /** The 32-byte seed (RFC 8032 private key) of an Ed25519 private key. */
    public static byte[] seed(PrivateKey key) {
        if (key instanceof EdECPrivateKey edec && edec.getBytes().isPresent()) {
            return edec.getBytes().get();
        }
        byte[] encoded = key.getEncoded();
        if (encoded == null || encoded.length != PKCS8_PREFIX.length + SEED_SIZE
                || !Arrays.equals(encoded, 0, PKCS8_PREFIX.length, PKCS8_PREFIX, 0, PKCS8_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + key.getAlgorithm());
        }
        return Arrays.copyOfRange(encoded, PKCS8_PREFIX.length, encoded.length);
    }

    /** PKCS#8 (RFC 8410, version 1) DER of a private key given by its seed. */
    static byte[] pkcs8(byte[] seed) {
        return concat(PKCS8_PREFIX, seed);
    }

    /**
     * The key pair of a 32-byte seed. The JDK cannot compute an Ed25519 public key from a private
     * key, but RFC 8032 key generation (section 5.1.5) is a deterministic function of the 32 random
     * bytes it draws; the JDK's generator draws exactly those bytes from the SecureRandom it is given.
     * So the generator is run with a SecureRandom that yields the seed once and fails on any other
     * request, and the result is checked: the generated private key must be the seed, and a probe
     * signature must verify under the generated public key.
     */
    public static KeyPair keyPairFromSeed(byte[] seed) {
        if (seed == null || seed.length != SEED_SIZE) {
            throw new IllegalArgumentException("an Ed25519 seed is " + SEED_SIZE + " bytes");
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, new SeedOnceRandom(seed));
            KeyPair generated = generator.generateKeyPair();
            PrivateKey privateKey = KeyFactory.getInstance(ALGORITHM)
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed.clone()));
            if (!MessageDigest.isEqual(seed(generated.getPrivate()), seed)) {
                throw new IllegalStateException("the JDK's Ed25519 generator did not use the given seed");
            }
            byte[] probe = "ed25519 key derivation probe".getBytes(StandardCharsets.US_ASCII);
            if (!verify(generated.getPublic(), probe, sign(privateKey, probe))) {
                throw new IllegalStateException("the public key derived from the seed does not verify its signatures");
            }
            return new KeyPair(generated.getPublic(), privateKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JDK", e);
        }
    }

    /** A new random key pair. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JDK", e);
        }
    }

    /**
     * Signs with RFC 8032 Ed25519. The arithmetic is Bouncy Castle's (about eight times faster than the JDK's
     * provider in Java 17, which matters because every event is signed and verified); Ed25519 signatures are
     * deterministic, so both give the same bytes, which Ed25519Test checks.
     */
    public static byte[] sign(PrivateKey key, byte[] message) {
        byte[] signature = new byte[SIGNATURE_SIZE];
        org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed(key), 0, message, 0, message.length, signature, 0);
        return signature;
    }

    /** Signs with a key pair whose public key is known, sparing the derivation of it from the seed. */
    public static byte[] sign(KeyPair keyPair, byte[] message) {
        byte[] signature = new byte[SIGNATURE_SIZE];
        org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed(keyPair.getPrivate()), 0, rawPublicKey(keyPair.getPublic()), 0,
                message, 0, message.length, signature, 0);
        return signature;
    }

    /** Whether {@code signature} is a valid Ed25519 signature of {@code message}; never throws on bad input. */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        if (signature == null || signature.length != SIGNATURE_SIZE || message == null) {
            return false;
        }
        byte[] raw;
        try {
            raw = rawPublicKey(key);
        } catch (IllegalArgumentException notEd25519) {
            return false;
        }
        return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, raw, 0, message, 0, message.length);
    }

    /**
     * A public key decoded and fully validated once (RFC 8032 point decoding, not of small order), for verifying many
     * signatures: {@link #verify(PublicKey, byte[], byte[])} re-encodes, re-validates and decompresses the key on every
     * call, a noticeable share of a verification when every leaf of a log is checked. Immutable, so threads may share it.
     */
    public static final class VerifyingKey {

        private final org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint point;

        private VerifyingKey(org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint point) {
            this.point = point;
        }

        /** The key of a 32-byte RFC 8032 encoding; refused when it is not a valid point of the prime-order group. */
        public static VerifyingKey of(byte[] raw) throws InvalidKeyException {
            if (raw == null || raw.length != PUBLIC_KEY_SIZE) {
                throw new InvalidKeyException("an Ed25519 public key is " + PUBLIC_KEY_SIZE + " bytes");
            }
            var point = org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyFullExport(raw, 0);
            if (point == null) {
                throw new InvalidKeyException("not a valid Ed25519 public key (not a point of the prime-order group)");
            }
            return new VerifyingKey(point);
        }

        /** Whether {@code signature} is a valid Ed25519 signature of {@code message}; never throws on bad input. */
        public boolean verify(byte[] message, byte[] signature) {
            if (signature == null || signature.length != SIGNATURE_SIZE || message == null) {
                return false;
            }
            return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, point, message, 0, message.length);
        }
    }

    private static byte[] concat(byte[] prefix, byte[] rest) {
        byte[] all = Arrays.copyOf(prefix, prefix.length + rest.length);
        System.arraycopy(rest, 0, all, prefix.length, rest.length);
        return all;
    }

    /** Yields the seed to the one nextBytes call key generation makes; any other use is an error. */
    private static final class SeedOnceRandom extends SecureRandom {

        private static final long serialVersionUID = 1L;

        SeedOnceRandom(byte[] seed) {
            super(new SeedOnceSpi(seed), null);
        }
    }

    private static final class SeedOnceSpi extends SecureRandomSpi {

        private static final long serialVersionUID = 1L;

        private byte[] seed;

        SeedOnceSpi(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        protected void engineSetSeed(byte[] ignored) {
            throw new UnsupportedOperationException("seed-once random cannot be reseeded");
        }

        @Override
        protected synchronized void engineNextBytes(byte[] bytes) {
            if (seed == null || bytes.length != seed.length) {
                throw new IllegalStateException("key generation asked for unexpected random bytes");
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
            Arrays.fill(seed, (byte) 0);
            seed = null;
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            throw new UnsupportedOperationException("seed-once random cannot generate seeds");
        }
    }
}
