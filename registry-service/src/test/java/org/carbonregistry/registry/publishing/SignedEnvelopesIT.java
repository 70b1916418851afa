package org.carbonregistry.registry.publishing;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.ledger.checkpoint.VerifierKey;
import org.carbonregistry.ledger.envelope.EnvelopeVerifier;
import org.carbonregistry.ledger.envelope.SignedEnvelope;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryEventsTopic;
import org.carbonregistry.registry.testing.RegistryEventsTopic.Published;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every record on {@code registry.events} carries the registry's Ed25519 signature over exactly its value, and it
 * verifies with the key {@code GET /api/registry-key} serves: with the project's verifier, and with Node's
 * {@code crypto.verify}, an implementation nobody here wrote.
 */
class SignedEnvelopesIT extends RunningRegistry {

    private static final Path NODE = Path.of("/usr/bin/node");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads {records:[{value,signature}], publicKey} and exits 0 only if every signature verifies. */
    private static final String NODE_VERIFIER = """
            const crypto = require('crypto');
            const fs = require('fs');
            const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
            const key = crypto.createPublicKey({key: {kty: 'OKP', crv: 'Ed25519', x: input.publicKey}, format: 'jwk'});
            let failed = 0;
            for (const record of input.records) {
              const ok = crypto.verify(null, Buffer.from(record.value, 'base64'), key,
                                       Buffer.from(record.signature, 'base64'));
              if (!ok) { failed++; console.error('does not verify: ' + record.eventId); }
            }
            console.log((input.records.length - failed) + ' of ' + input.records.length + ' verify');
            process.exit(failed === 0 && input.records.length > 0 ? 0 : 1);
            """;

    @Test
    void everyRecordIsSignedByTheKeyTheRegistryServes() throws Exception {
        VerifierKey registryKey = registryKey();
        List<Published> records = recordsOfANewScene();
        EnvelopeVerifier verifier = new EnvelopeVerifier(List.of(registryKey));

        for (Published record : records) {
            assertThat(record.header(SignedEnvelope.KEY_ID_HEADER)).isEqualTo(registryKey.keyIdHex());
            SignedEnvelope signed = signedEnvelopeOf(record);
            assertThat(verifier.problem(signed)).as("signature of %s", record.eventId()).isEmpty();
        }
        byte[] tampered = records.get(0).value().clone();
        tampered[tampered.length - 2] ^= 1;
        assertThat(verifier.problem(new SignedEnvelope(tampered, records.get(0).header(SignedEnvelope.SIGNATURE_HEADER),
                registryKey.keyIdHex()))).as("tampered record").isPresent();
    }

    @Test
    void nodesEd25519VerifiesTheSignaturesOfRealRecords(@TempDir Path directory) throws Exception {
        assumeTrue(Files.isExecutable(NODE), "node is not installed at " + NODE);
        VerifierKey registryKey = registryKey();
        List<Published> records = recordsOfANewScene();
        Path script = Files.writeString(directory.resolve("verify.js"), NODE_VERIFIER);

        List<Map<String, String>> genuine = new ArrayList<>();
        for (Published record : records) {
            genuine.add(Map.of("eventId", record.eventId(),
                    "value", Base64.getEncoder().encodeToString(record.value()),
                    "signature", record.header(SignedEnvelope.SIGNATURE_HEADER)));
        }
        assertThat(runNode(script, write(directory.resolve("genuine.json"), registryKey, genuine)))
                .as("node's verdict on the records as published").isZero();

        List<Map<String, String>> withOneTampered = new ArrayList<>(genuine);
        byte[] changed = records.get(records.size() - 1).value().clone();
        changed[changed.length / 2] ^= 0x01;
        withOneTampered.set(withOneTampered.size() - 1, Map.of("eventId", "tampered",
                "value", Base64.getEncoder().encodeToString(changed),
                "signature", genuine.get(genuine.size() - 1).get("signature")));
        assertThat(runNode(script, write(directory.resolve("tampered.json"), registryKey, withOneTampered)))
                .as("node's verdict with one record's bytes changed after signing").isNotZero();
    }

    private VerifierKey registryKey() throws Exception {
        var response = api.getText("/api/registry-key");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        VerifierKey key = VerifierKey.parse(response.body().strip());
        assertThat(key.name()).isEqualTo("carbon-registry.local/registry");
        assertThat(key.signatureType()).isEqualTo(VerifierKey.TYPE_ED25519);
        return key;
    }

    /** Accounts, a project, an issuance, a transfer and a retirement, as read back from the broker. */
    private List<Published> recordsOfANewScene() {
        RegistryScene scene = newScene(100);
        Api.require(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 10), 201);
        Api.require(scene.retire(scene.corporateKey(), scene.corporate(), 5), 201);
        Set<String> aggregates = Set.of(scene.developer(), scene.corporate(), scene.auditor(), scene.project(),
                scene.batch());
        List<Published> records = RegistryEventsTopic.read(SharedKafka.bootstrapServers(), aggregates,
                read -> read.size() >= 7, Duration.ofSeconds(60));
        assertThat(records).hasSizeGreaterThanOrEqualTo(7);
        return records;
    }

    private static SignedEnvelope signedEnvelopeOf(Published record) {
        return new SignedEnvelope(record.value(), record.header(SignedEnvelope.SIGNATURE_HEADER),
                record.header(SignedEnvelope.KEY_ID_HEADER));
    }

    private static Path write(Path file, VerifierKey key, List<Map<String, String>> records) throws Exception {
        String publicKey = Base64.getUrlEncoder().withoutPadding().encodeToString(key.publicKey());
        Files.writeString(file, JSON.writeValueAsString(Map.of("publicKey", publicKey, "records", records)));
        return file;
    }

    private static int runNode(Path script, Path input) throws Exception {
        Process node = new ProcessBuilder(NODE.toString(), script.toString(), input.toString())
                .redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished: %s", output).isTrue();
        System.out.println("node: " + output.strip());
        return node.exitValue();
    }
}
