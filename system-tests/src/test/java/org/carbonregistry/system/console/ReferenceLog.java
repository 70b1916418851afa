package org.carbonregistry.system.console;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An independent, textbook implementation of what the ledger publishes (RFC 9162 tree and inclusion paths, a C2SP
 * signed-note checkpoint, a note verifier key), written straight from the specifications with the JDK's Ed25519, to
 * check the console's in-browser verifier against every leaf of small trees and awkward keys.
 */
final class ReferenceLog {

    static final String ORIGIN = "reference.test/log";

    private final KeyPair keys;
    final String verifierKey;
    private final byte[] keyId;
    private final List<byte[]> envelopes = new ArrayList<>();

    private ReferenceLog(KeyPair keys) {
        this.keys = keys;
        byte[] encoded = keys.getPublic().getEncoded();
        byte[] typedKey = new byte[33];
        typedKey[0] = 0x01;
        System.arraycopy(encoded, encoded.length - 32, typedKey, 1, 32);
        this.keyId = Arrays.copyOf(sha256((ORIGIN + "\n").getBytes(StandardCharsets.UTF_8), typedKey), 4);
        this.verifierKey = ORIGIN + "+" + HexFormat.of().formatHex(keyId) + "+" + Base64.getEncoder().encodeToString(typedKey);
    }

    /** A log whose verifier key's base64 contains both '+' and '/', which a naive parser splits wrongly. */
    static ReferenceLog withAwkwardKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        while (true) {
            ReferenceLog log = new ReferenceLog(generator.generateKeyPair());
            String base64 = log.verifierKey.split("\\+", 3)[2];
            if (base64.contains("+") && base64.contains("/")) {
                return log;
            }
        }
    }

    void append() {
        String eventId = UUID.randomUUID().toString();
        envelopes.add(("{\"eventId\":\"" + eventId + "\",\"payload\":{\"n\":" + envelopes.size() + "},\"type\":\"Test\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The inclusion proof document of leaf {@code index} in the tree of the first {@code size} leaves. */
    Map<String, Object> inclusionProof(int index, int size) throws GeneralSecurityException {
        List<byte[]> leaves = envelopes.subList(0, size).stream().map(ReferenceLog::leafHash).toList();
        Map<String, Object> proof = new LinkedHashMap<>();
        String envelope = new String(envelopes.get(index), StandardCharsets.UTF_8);
        proof.put("eventId", envelope.substring(12, 48));
        proof.put("leafIndex", index);
        proof.put("treeSize", size);
        proof.put("envelope", Base64.getEncoder().encodeToString(envelopes.get(index)));
        proof.put("leafHash", Base64.getEncoder().encodeToString(leaves.get(index)));
        proof.put("auditPath", path(index, leaves).stream().map(Base64.getEncoder()::encodeToString).toList());
        proof.put("checkpoint", signedCheckpoint(size, root(leaves)));
        return proof;
    }

    private String signedCheckpoint(int size, byte[] root) throws GeneralSecurityException {
        String text = ORIGIN + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(keys.getPrivate());
        signer.update(text.getBytes(StandardCharsets.UTF_8));
        byte[] signature = signer.sign();
        byte[] payload = ByteBuffer.allocate(4 + signature.length).put(keyId).put(signature).array();
        return text + "\n\u2014 " + ORIGIN + " " + Base64.getEncoder().encodeToString(payload) + "\n";
    }

    // RFC 9162 section 2.1.1 (MTH) and 2.1.3.1 (PATH), recursively, as written there.

    private static byte[] root(List<byte[]> leaves) {
        if (leaves.size() == 1) {
            return leaves.get(0);
        }
        int k = split(leaves.size());
        return node(root(leaves.subList(0, k)), root(leaves.subList(k, leaves.size())));
    }

    private static List<byte[]> path(int index, List<byte[]> leaves) {
        if (leaves.size() == 1) {
            return new ArrayList<>();
        }
        int k = split(leaves.size());
        List<byte[]> path;
        if (index < k) {
            path = path(index, leaves.subList(0, k));
            path.add(root(leaves.subList(k, leaves.size())));
        } else {
            path = path(index - k, leaves.subList(k, leaves.size()));
            path.add(root(leaves.subList(0, k)));
        }
        return path;
    }

    /** The largest power of two smaller than n. */
    private static int split(int n) {
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }

    private static byte[] leafHash(byte[] envelope) {
        return sha256(new byte[] {0x00}, envelope);
    }

    private static byte[] node(byte[] left, byte[] right) {
        return sha256(new byte[] {0x01}, left, right);
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
