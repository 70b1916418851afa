package org.carbonregistry.bench;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.carbonregistry.events.Commitment;
import org.carbonregistry.events.CreditsRetired;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.ledger.checkpoint.Ed25519;
import org.carbonregistry.ledger.envelope.EnvelopeSigner;
import org.carbonregistry.ledger.envelope.EnvelopeVerifier;
import org.carbonregistry.ledger.envelope.SignedEnvelope;

/**
 * What the registry's signature costs per event, on one thread: signing a typical CreditsRetired envelope
 * (registry-service, once per event) and verifying it (ledger-anchor and reporting, once per record each), with
 * the project's Ed25519 (Bouncy Castle's arithmetic) and, for comparison, the JDK's own provider.
 * Run: {@code ./mvnw -o -q -pl bench exec:java -Dbench.main=org.carbonregistry.bench.SignatureCost}
 */
public final class SignatureCost {

    private static final int ROUNDS = 5;
    private static final int PER_ROUND = 4_000;

    public static void main(String[] args) throws Exception {
        KeyPair keys = Ed25519.generate();
        EnvelopeSigner signer = new EnvelopeSigner("carbon-registry.local/registry", keys);
        EnvelopeVerifier verifier = new EnvelopeVerifier(List.of(signer.verifierKey()));
        byte[] envelope = typicalRetirement();
        SignedEnvelope signed = signer.sign(envelope);
        System.out.printf("envelope: a CreditsRetired of %d bytes%n", envelope.length);

        for (int round = 1; round <= ROUNDS; round++) {
            double sign = microsPer(() -> signer.sign(envelope));
            double verify = microsPer(() -> verifier.verifies(signed));
            double jdkSign = microsPer(() -> jdkSign(keys, envelope));
            double jdkVerify = microsPer(() -> jdkVerify(keys, envelope, signed));
            System.out.printf("round %d (%s): sign %.1f µs, verify %.1f µs; JDK provider: sign %.1f µs, verify %.1f µs%n",
                    round, round <= 2 ? "warm-up" : "measured", sign, verify, jdkSign, jdkVerify);
        }
    }

    private static byte[] typicalRetirement() {
        CreditsRetired retired = new CreditsRetired(UUID.randomUUID(), Instant.now(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), UUID.randomUUID().toString(), 25,
                List.of(new SerialBlock(1_000_001, 1_000_025)),
                Commitment.of("ACME GmbH", Commitment.newSalt()), Commitment.of("2025 voluntary claim", Commitment.newSalt()),
                2025, "DE");
        return EventEnvelope.of(retired, retired.batchId(), 42, UUID.randomUUID().toString()).canonicalBytes();
    }

    private interface Work {
        Object run() throws Exception;
    }

    private static double microsPer(Work work) throws Exception {
        long start = System.nanoTime();
        int sink = 0;
        for (int i = 0; i < PER_ROUND; i++) {
            sink += work.run().hashCode();
        }
        double micros = (System.nanoTime() - start) / 1_000.0 / PER_ROUND;
        if (sink == 42) {
            System.out.print("");
        }
        return micros;
    }

    private static byte[] jdkSign(KeyPair keys, byte[] message) throws Exception {
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(keys.getPrivate());
        signature.update(message);
        return signature.sign();
    }

    private static boolean jdkVerify(KeyPair keys, byte[] message, SignedEnvelope signed) throws Exception {
        Signature signature = Signature.getInstance("Ed25519");
        signature.initVerify(keys.getPublic());
        signature.update(message);
        return signature.verify(java.util.Base64.getDecoder().decode(signed.signature()));
    }

    private SignatureCost() {
    }
}
