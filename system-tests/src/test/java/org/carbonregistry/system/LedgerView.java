package org.carbonregistry.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.NoteVerifier;
import org.carbonregistry.ledger.merkle.ProofVerifier;
import org.carbonregistry.ledger.verify.ConsistencyProofDocument;
import org.carbonregistry.ledger.verify.InclusionProofDocument;
import org.carbonregistry.ledger.verify.InclusionVerification;
import org.carbonregistry.system.stack.Api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The ledger as an auditor sees it over HTTP, checked with the ledger's own framework-free verifier classes. */
final class LedgerView {

    private final Api api;
    private final String url;

    LedgerView(Api api, String url) {
        this.api = api;
        this.url = url;
    }

    NoteVerifier verifier() throws Exception {
        return NoteVerifier.fromVerifierKey(api.getOrFail(url + "/api/public-key", null).requireOk("public key").body().strip());
    }

    /** Event ids of all leaves, in leaf order. */
    List<String> leafEventIds() {
        return leaves().stream().map(leaf -> leaf.get("eventId").asText()).toList();
    }

    /** The envelopes of all leaves, in leaf order, decoded from the bytes the ledger hashed. */
    List<EventEnvelope> leafEnvelopes() {
        return leaves().stream()
                .map(leaf -> EventEnvelope.fromCanonicalBytes(Base64.getDecoder().decode(leaf.get("envelope").asText())))
                .toList();
    }

    private List<JsonNode> leaves() {
        List<JsonNode> leaves = new ArrayList<>();
        long treeSize;
        do {
            JsonNode page = api.getOrFail(url + "/api/leaves?start=" + leaves.size(), null).requireOk("leaves").json();
            treeSize = page.get("treeSize").asLong();
            page.get("leaves").forEach(leaves::add);
            if (page.get("leaves").isEmpty()) {
                break;
            }
        } while (leaves.size() < treeSize);
        return leaves;
    }

    long checkpointedSize() {
        Api.Response latest = api.getOrFail(url + "/api/checkpoints/latest", null);
        return latest.status() == 404 ? 0 : Long.parseLong(latest.requireOk("latest checkpoint").body().split("\n")[1]);
    }

    /** Waits until every one of {@code eventIds} is a leaf covered by the latest checkpoint. */
    void awaitSealed(Collection<String> eventIds, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> missing = new HashSet<>(eventIds);
        while (true) {
            try {
                long sealed = checkpointedSize();
                List<String> leaves = leafEventIds();
                leaves.subList(0, (int) Math.min(sealed, leaves.size())).forEach(missing::remove);
                if (missing.isEmpty()) {
                    return;
                }
            } catch (RuntimeException restarting) {
                // the ledger is still starting after a kill: ask again
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(missing.size() + " accepted events are not sealed in the ledger after " + timeout
                        + ", e.g. " + missing.stream().limit(5).toList());
            }
            Thread.sleep(500);
        }
    }

    /**
     * Fetches the inclusion proof of every event and verifies it as an offline auditor would: the checkpoint's
     * signature, the envelope's leaf hash, the audit path to the signed root, and that the envelope is that event.
     */
    void verifyInclusionOfEach(Collection<String> eventIds) throws Exception {
        NoteVerifier verifier = verifier();
        ExecutorService auditors = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> checks = new ArrayList<>();
            for (String eventId : eventIds) {
                checks.add(auditors.submit(() -> {
                    InclusionProofDocument proof = InclusionProofDocument.parse(api.getOrFail(
                            url + "/api/proofs/inclusion?eventId=" + eventId, null).requireOk("inclusion proof of " + eventId).bytes());
                    assertThat(proof.eventId()).isEqualTo(eventId);
                    InclusionVerification.verify(proof, verifier);
                    return null;
                }));
            }
            for (Future<?> check : checks) {
                check.get();
            }
        } finally {
            auditors.shutdownNow();
        }
    }

    /** Verifies every checkpoint's signature and the consistency proof of each consecutive pair; returns the pairs. */
    int verifyConsecutiveConsistency() throws Exception {
        NoteVerifier verifier = verifier();
        List<Checkpoint> checkpoints = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = api.getOrFail(url + "/api/checkpoints?after=" + after + "&limit=1000", null).requireOk("checkpoints").json();
            if (page.isEmpty()) {
                break;
            }
            for (JsonNode entry : page) {
                checkpoints.add(verifier.verify(entry.get("note").asText()));
                after = entry.get("treeSize").asLong();
            }
        }
        for (int i = 1; i < checkpoints.size(); i++) {
            Checkpoint older = checkpoints.get(i - 1);
            Checkpoint newer = checkpoints.get(i);
            assertThat(newer.treeSize()).isGreaterThan(older.treeSize());
            ConsistencyProofDocument proof = ConsistencyProofDocument.parse(api.getOrFail(url + "/api/proofs/consistency?from="
                    + older.treeSize() + "&to=" + newer.treeSize(), null).requireOk("consistency proof").bytes());
            ProofVerifier.verifyConsistency(older.treeSize(), newer.treeSize(), older.rootHash(), newer.rootHash(), proof.path());
        }
        return checkpoints.size() - 1;
    }
}
