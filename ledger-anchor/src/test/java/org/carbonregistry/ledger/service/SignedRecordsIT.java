package org.carbonregistry.ledger.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.carbonregistry.events.CanonicalJson;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.ledger.audit.AuditCli;
import org.carbonregistry.ledger.testing.LedgerHttp.Response;
import org.carbonregistry.ledger.testing.RunningLedger;
import org.carbonregistry.ledger.testing.TestDatabase;
import org.carbonregistry.ledger.verify.InclusionProofDocument;
import org.carbonregistry.ledger.verify.VerifyCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only the registry writes history. A PLAIN Kafka producer (kafka-clients and the JDK's Ed25519, no registry or ledger
 * code: envelopes, signatures, headers and the registry's verifier key are made here by hand) writes canonical
 * {@code CreditsRetired} envelopes: unsigned, signed with another key, and signed but changed afterwards. None becomes
 * a leaf; each is quarantined as {@code bad-signature}. Correctly signed ones become leaves whose proofs carry the
 * signature, and their aggregates' sequence gaps and repeats are recorded, counted, shown in health and by the audit.
 */
@ExtendWith(SharedKafka.Extension.class)
class SignedRecordsIT {

    static final String REGISTRY_KEY_NAME = "registry.test/registry";

    @TempDir
    static Path directory;
    static RunningLedger ledger;
    static KeyPair registryKey;
    static String registryVerifierKey;
    static String unsigned;
    static String byAnotherKey;
    static String changedAfterSigning;
    static List<String> genuine = new ArrayList<>();
    static String repeat;
    static String afterGap;
    static Map<String, String> signatureOf = new HashMap<>();
    static String otherKeyId;

    @BeforeAll
    static void ledgerFedByAPlainProducer() throws Exception {
        registryKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        registryVerifierKey = verifierKey(REGISTRY_KEY_NAME, registryKey);
        KeyPair otherKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        otherKeyId = keyId(REGISTRY_KEY_NAME, otherKey);
        String topic = "registry.events.signed-" + UUID.randomUUID();
        ledger = RunningLedger.start(TestDatabase.create(), SharedKafka.bootstrapServers(), topic,
                directory.resolve("ledger-key.pem"), Map.of("ledger.registry.verifier-keys", registryVerifierKey));

        try (KafkaProducer<byte[], byte[]> producer = plainProducer()) {
            unsigned = UUID.randomUUID().toString();
            send(producer, topic, retirement(unsigned, "batch-a", 0), null, null);

            byAnotherKey = UUID.randomUUID().toString();
            byte[] forged = retirement(byAnotherKey, "batch-a", 0);
            send(producer, topic, forged, sign(otherKey, forged), keyId(REGISTRY_KEY_NAME, otherKey));

            changedAfterSigning = UUID.randomUUID().toString();
            byte[] signedBytes = retirement(changedAfterSigning, "batch-a", 0);
            byte[] changed = new String(signedBytes, StandardCharsets.UTF_8).replace("\"quantity\":5", "\"quantity\":9")
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(changed).isNotEqualTo(signedBytes);
            assertThat(CanonicalJson.isCanonical(changed)).isTrue();
            send(producer, topic, changed, sign(registryKey, signedBytes), keyId(REGISTRY_KEY_NAME, registryKey));

            // Genuine events: batch-a 0, 1, 3 (a gap: 2 is missing); batch-b 0, 1, 1 (a repeat under another event id).
            for (String[] event : new String[][] {{"batch-a", "0"}, {"batch-a", "1"}, {"batch-a", "3"}, {"batch-b", "0"},
                    {"batch-b", "1"}, {"batch-b", "1"}}) {
                String eventId = UUID.randomUUID().toString();
                byte[] envelope = retirement(eventId, event[0], Long.parseLong(event[1]));
                String signature = sign(registryKey, envelope);
                send(producer, topic, envelope, signature, keyId(REGISTRY_KEY_NAME, registryKey));
                genuine.add(eventId);
                signatureOf.put(eventId, signature);
            }
            afterGap = genuine.get(2);
            repeat = genuine.get(5);
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ledger.http.checkpointedSize() == genuine.size());
    }

    @AfterAll
    static void stop() {
        if (ledger != null) {
            ledger.close();
        }
    }

    @Test
    void noRecordWithoutAValidRegistrySignatureBecomesALeaf() {
        assertThat(ledger.http.treeSize()).isEqualTo(genuine.size());
        for (String eventId : List.of(unsigned, byAnotherKey, changedAfterSigning)) {
            Response proof = ledger.http.get("/api/proofs/inclusion?eventId=" + eventId);
            assertThat(proof.status()).as(eventId).isEqualTo(404);
            assertThat(proof.json().get("detail").asText()).contains("is not in the ledger");
        }
        List<String> leaves = ledger.http.get("/api/leaves?start=0").json().get("leaves").findValuesAsText("eventId");
        assertThat(leaves).containsExactlyElementsOf(genuine);
    }

    @Test
    void eachIsInTheQuarantineAsBadSignatureWithTheReasonAndCounted() {
        JsonNode quarantine = ledger.http.get("/api/quarantine").json();
        assertThat(quarantine).hasSize(3);
        assertThat(quarantine.findValuesAsText("reason")).containsOnly("bad-signature");
        assertThat(quarantine.findValuesAsText("detail")).containsExactly(
                "the record has no registry-signature or registry-key-id header",
                "signed with key " + otherKeyId + ", which is not a trusted registry key",
                "the signature of key " + keyId(REGISTRY_KEY_NAME, registryKey) + " does not verify over the record's bytes");
        String value = new String(Base64.getDecoder().decode(quarantine.get(0).get("value").asText()), StandardCharsets.UTF_8);
        assertThat(value).contains(unsigned);

        String prometheus = ledger.auditor.get("/actuator/prometheus").body();
        assertThat(prometheus).contains("ledger_records_quarantined_total{reason=\"bad-signature\"} 3.0",
                "ledger_records_quarantined_total{reason=\"not-canonical\"} 0.0");
    }

    @Test
    void theProofOfAGenuineEventCarriesTheRegistrySignatureAndVerifiesWithTheRegistryKey() throws Exception {
        String eventId = genuine.get(0);
        Response response = ledger.http.get("/api/proofs/inclusion?eventId=" + eventId);
        InclusionProofDocument proof = InclusionProofDocument.parse(response.bytes());
        assertThat(response.json().get("registrySignature").asText()).isEqualTo(signatureOf.get(eventId));
        assertThat(proof.registryKeyId()).isEqualTo(keyId(REGISTRY_KEY_NAME, registryKey));
        JsonNode leaf = ledger.http.get("/api/leaves?start=0&end=1").json().get("leaves").get(0);
        assertThat(leaf.get("registrySignature").asText()).isEqualTo(signatureOf.get(eventId));

        Path file = Files.write(directory.resolve("proof.json"), response.bytes());
        String ledgerKey = ledger.http.get("/api/public-key").body().strip();
        assertThat(verify("--key", ledgerKey, "--proof", file.toString(), "--registry-key", registryVerifierKey))
                .isEqualTo(VerifyCli.VERIFIED);
        String otherRegistry = verifierKey(REGISTRY_KEY_NAME, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        assertThat(verify("--key", ledgerKey, "--proof", file.toString(), "--registry-key", otherRegistry))
                .isEqualTo(VerifyCli.FAILED);
    }

    @Test
    void aGapAndARepeatInAggregateSequencesAreListedCountedAndInHealth() {
        JsonNode anomalies = ledger.http.get("/api/sequence-anomalies").json();
        assertThat(anomalies).hasSize(2);
        assertThat(anomalies.get(0).get("kind").asText()).isEqualTo("gap");
        assertThat(anomalies.get(0).get("aggregateId").asText()).isEqualTo("batch-a");
        assertThat(anomalies.get(0).get("expected").asLong()).isEqualTo(2);
        assertThat(anomalies.get(0).get("got").asLong()).isEqualTo(3);
        assertThat(anomalies.get(0).get("eventId").asText()).isEqualTo(afterGap);
        assertThat(anomalies.get(1).get("kind").asText()).isEqualTo("repeat");
        assertThat(anomalies.get(1).get("eventId").asText()).isEqualTo(repeat);
        assertThat(anomalies.get(1).get("leafIndex").asLong()).isEqualTo(5);
        assertThat(ledger.http.get("/api/sequence-anomalies?after=2").json()).hasSize(1);
        assertThat(ledger.http.get("/api/sequence-anomalies?limit=0").status()).isEqualTo(400);

        assertThat(ledger.auditor.get("/actuator/prometheus").body()).contains("ledger_sequence_anomalies_total{kind=\"gap\"} 1.0",
                "ledger_sequence_anomalies_total{kind=\"repeat\"} 1.0");
        JsonNode sequences = ledger.auditor.get("/actuator/health").json().path("components").path("sequences");
        assertThat(sequences.path("status").asText()).isEqualTo("UP");
        assertThat(sequences.path("details").path("anomalies").asLong()).isEqualTo(2);
        assertThat(sequences.path("details").path("latest").get(0).path("eventId").asText()).isEqualTo(repeat);
        assertThat(ledger.http.get("/actuator/health/readiness").json().path("status").asText()).isEqualTo("UP");
    }

    @Test
    void theAuditPrintsTheAnomaliesItFindsInTheLeavesAndPasses() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AuditCli.run(new String[] {"audit", "--url", ledger.baseUrl(), "--key",
                ledger.http.get("/api/public-key").body().strip()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(
                "WARNING sequence gap in aggregate batch-a at leaf 2 (event " + afterGap + "): expected sequence 2, got 3",
                "WARNING sequence repeat in aggregate batch-b at leaf 5 (event " + repeat + "): expected sequence 2, got 1",
                "ok sequences: 2 gap(s) or repeat(s)");
    }

    @Test
    void theAuditChecksEveryLeafsRegistrySignatureWithTheRegistryKey() throws Exception {
        String ledgerKey = ledger.http.get("/api/public-key").body().strip();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = AuditCli.run(new String[] {"audit", "--url", ledger.baseUrl(), "--key", ledgerKey, "--registry-key",
                registryVerifierKey}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ok registry signatures: " + genuine.size() + " leaves signed");

        String otherRegistry = verifierKey(REGISTRY_KEY_NAME, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int failed = AuditCli.run(new String[] {"audit", "--url", ledger.baseUrl(), "--key", ledgerKey, "--registry-key",
                otherRegistry}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(failed).isEqualTo(AuditCli.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("FAILED leaf 0: registry signature of event " + genuine.get(0))
                .contains("not a trusted registry key");
    }

    @Test
    void withoutAConfiguredKeyAndNoKeyFromTheRegistryTheLedgerIsNotReadyAndSaysWhy() throws Exception {
        String topic = "registry.events.nokey-" + UUID.randomUUID();
        // The stand-in registry answers introspection (so an auditor may read the reason) but serves no key (404).
        try (RunningLedger keyless = RunningLedger.start(TestDatabase.create(), SharedKafka.bootstrapServers(), topic,
                directory.resolve("keyless.pem"), Map.of("ledger.registry.verifier-keys", ""));
             KafkaProducer<byte[], byte[]> producer = plainProducer()) {
            String registryUrl = keyless.registry().orElseThrow().url();
            byte[] envelope = retirement(UUID.randomUUID().toString(), "batch-c", 0);
            send(producer, topic, envelope, sign(registryKey, envelope), keyId(REGISTRY_KEY_NAME, registryKey));
            producer.flush();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode readiness = keyless.auditor.get("/actuator/health/readiness").json();
                assertThat(readiness.path("status").asText()).isEqualTo("DOWN");
                assertThat(readiness.path("components").path("sequencer").path("details").path("reason").asText())
                        .contains("REGISTRY_VERIFIER_KEYS is not set", registryUrl + "/api/registry-key", "answered 404");
            });
            JsonNode anonymous = keyless.http.get("/actuator/health/readiness").json();
            assertThat(anonymous.path("status").asText()).isEqualTo("DOWN");
            assertThat(anonymous.has("components")).as("the reason is for auditors and administrators").isFalse();
            assertThat(keyless.http.treeSize()).isZero();
        }
    }

    // --- a plain producer, by hand ---

    static KafkaProducer<byte[], byte[]> plainProducer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(properties);
    }

    /** Sends with one record key for all, so that all land in one partition and the leaves keep the order sent. */
    static void send(KafkaProducer<byte[], byte[]> producer, String topic, byte[] value, String signature, String keyId)
            throws Exception {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, "registry".getBytes(StandardCharsets.UTF_8), value);
        if (signature != null) {
            record.headers().add("registry-signature", signature.getBytes(StandardCharsets.UTF_8));
            record.headers().add("registry-key-id", keyId.getBytes(StandardCharsets.UTF_8));
        }
        producer.send(record).get();
    }

    /** A canonical (RFC 8785: keys sorted, no whitespace) CreditsRetired envelope, written out by hand. */
    static byte[] retirement(String eventId, String batchId, long sequence) {
        String commitment = Base64.getEncoder().encodeToString(new byte[32]);
        String json = "{\"actor\":\"acct-1\",\"aggregateId\":\"" + batchId + "\",\"eventId\":\"" + eventId
                + "\",\"occurredAt\":\"2026-01-02T03:04:05.123Z\",\"payload\":{\"account\":\"acct-1\",\"batchId\":\"" + batchId
                + "\",\"beneficiaryCommitment\":\"" + commitment + "\",\"eventId\":\"" + eventId
                + "\",\"jurisdiction\":\"DE\",\"occurredAt\":\"2026-01-02T03:04:05.123Z\",\"purposeCommitment\":\"" + commitment
                + "\",\"quantity\":5,\"reportingYear\":2026,\"retirementId\":\"" + UUID.randomUUID()
                + "\",\"serialBlocks\":[{\"first\":1,\"last\":5}]},\"sequence\":" + sequence + ",\"type\":\"CreditsRetired\"}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThat(CanonicalJson.isCanonical(bytes)).as(json).isTrue();
        return bytes;
    }

    static String sign(KeyPair key, byte[] bytes) throws Exception {
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initSign(key.getPrivate());
        ed25519.update(bytes);
        return Base64.getEncoder().encodeToString(ed25519.sign());
    }

    /** The note verifier key {@code <name>+<key id>+<base64(0x01 || public key)>} (c2sp.org/signed-note). */
    static String verifierKey(String name, KeyPair key) throws Exception {
        byte[] typed = ByteBuffer.allocate(33).put((byte) 0x01).put(rawPublicKey(key)).array();
        return name + "+" + keyId(name, key) + "+" + Base64.getEncoder().encodeToString(typed);
    }

    /** First 4 bytes of SHA-256(name || 0x0A || 0x01 || public key), as 8 hex digits. */
    static String keyId(String name, KeyPair key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(name.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0x0A);
            sha256.update((byte) 0x01);
            sha256.update(rawPublicKey(key));
            return HexFormat.of().formatHex(Arrays.copyOf(sha256.digest(), 4));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The raw 32-byte Ed25519 key: the end of its X.509 SubjectPublicKeyInfo encoding. */
    static byte[] rawPublicKey(KeyPair key) {
        byte[] encoded = key.getPublic().getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
    }

    static int verify(String... options) {
        List<String> args = new ArrayList<>(List.of("verify"));
        args.addAll(List.of(options));
        return VerifyCli.run(args.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

}
