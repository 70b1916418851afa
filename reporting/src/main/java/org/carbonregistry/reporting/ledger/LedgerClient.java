package org.carbonregistry.reporting.ledger;

import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.NoteVerifier;
import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.ledger.checkpoint.StdBase64;
import org.carbonregistry.ledger.checkpoint.VerifierKey;
import org.carbonregistry.ledger.merkle.MerkleHash;
import org.carbonregistry.ledger.policy.TlogPolicy;
import org.carbonregistry.ledger.verify.InclusionProofDocument;
import org.carbonregistry.ledger.verify.InclusionVerification;
import org.carbonregistry.ledger.verify.ProofDocumentException;
import org.carbonregistry.ledger.verify.TlogProof;
import org.carbonregistry.ledger.verify.TlogProofVerification;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Asks the ledger-anchor service ({@code GET <LEDGER_URL>/api/proofs/inclusion?eventId=E}) where an event sits in
 * the log, and checks the answer with ledger-core's verifier before anything calls the event anchored: the
 * checkpoint must be signed by the ledger's key, the audit path must lead to its root, and the leaf must be the
 * event as reporting received it. Never throws: an unreachable ledger or an event not yet anchored is an answer
 * like any other.
 */
public class LedgerClient {

    private final String baseUrl;
    private final HttpClient http;
    private final Duration timeout;
    private final Supplier<NoteVerifier> ledgerKey;

    /** @param ledgerKey the ledger's checkpoint key (configured or pinned); may throw while it cannot be had */
    public LedgerClient(URI ledgerUrl, Duration timeout, Supplier<NoteVerifier> ledgerKey) {
        String url = ledgerUrl.toString();
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.timeout = timeout;
        this.ledgerKey = ledgerKey;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Where anyone can fetch the event's inclusion proof; what the certificate's QR code encodes. */
    public URI proofUrl(UUID eventId) {
        return URI.create(proofUrlText(eventId));
    }

    /** {@link #proofUrl} as text, without parsing it again (reports write one per row). */
    public String proofUrlText(UUID eventId) {
        return baseUrl + "/api/proofs/inclusion?eventId=" + eventId;
    }

    /** Where anyone can fetch the event's c2sp.org/tlog-proof. */
    public String tlogProofUrlText(UUID eventId) {
        return baseUrl + "/api/proofs/tlog-proof?eventId=" + eventId;
    }

    /**
     * @param expectedLeafHash base64 SHA-256(0x00 || canonical envelope) of the event as reporting received it
     */
    public LedgerAnswer inclusion(UUID eventId, String expectedLeafHash) {
        HttpResponse<byte[]> response;
        try {
            response = get(proofUrl(eventId), "application/json");
        } catch (UnreachableLedger e) {
            return new LedgerAnswer.Unreachable(e.getMessage());
        }
        if (response.statusCode() == 404) {
            return new LedgerAnswer.NotYetAnchored(response.headers().firstValue("Retry-After").orElse(null));
        }
        if (response.statusCode() != 200) {
            return new LedgerAnswer.Unreachable("the ledger answered HTTP " + response.statusCode());
        }
        InclusionProofDocument proof;
        try {
            proof = InclusionProofDocument.parse(response.body());
        } catch (ProofDocumentException e) {
            return new LedgerAnswer.Unverified("the ledger's answer is not an inclusion proof: " + e.getMessage());
        }
        NoteVerifier verifier;
        try {
            verifier = ledgerKey.get();
        } catch (RuntimeException e) {
            return new LedgerAnswer.Unreachable("the ledger's public key is not known, so its checkpoint cannot be"
                    + " checked: " + e.getMessage());
        }
        return check(eventId, expectedLeafHash, proof, verifier);
    }

    /**
     * The event's c2sp.org/tlog-proof ({@code GET <LEDGER_URL>/api/proofs/tlog-proof?eventId=E}), checked like the
     * inclusion proof before it is handed on: the entry is the event as reporting received it, the checkpoint is
     * signed by the ledger's key, the inclusion proof leads to its root. The witness quorum is not checked here (a
     * policy with the ledger's key and quorum {@code none}): which witnesses to trust is the holder's choice.
     *
     * @param expectedLeafHash base64 SHA-256(0x00 || canonical envelope) of the event as reporting received it
     */
    public TlogProofAnswer tlogProof(UUID eventId, String expectedLeafHash) {
        HttpResponse<byte[]> response;
        try {
            response = get(URI.create(tlogProofUrlText(eventId)), "text/plain");
        } catch (UnreachableLedger e) {
            return new TlogProofAnswer.Unreachable(e.getMessage());
        }
        if (response.statusCode() == 404) {
            return new TlogProofAnswer.NotYetCheckpointed(response.headers().firstValue("Retry-After").orElse(null));
        }
        if (response.statusCode() != 200) {
            return new TlogProofAnswer.Unreachable("the ledger answered HTTP " + response.statusCode());
        }
        TlogProof proof;
        try {
            proof = TlogProof.parse(response.body());
        } catch (ProofDocumentException e) {
            return new TlogProofAnswer.Unverified("the ledger's answer is not a tlog-proof: " + e.getMessage());
        }
        NoteVerifier verifier;
        try {
            verifier = ledgerKey.get();
        } catch (RuntimeException e) {
            return new TlogProofAnswer.Unreachable("the ledger's public key is not known, so its checkpoint cannot be"
                    + " checked: " + e.getMessage());
        }
        return checkTlogProof(eventId, expectedLeafHash, proof, new String(response.body(), StandardCharsets.UTF_8), verifier);
    }

    static TlogProofAnswer checkTlogProof(UUID eventId, String expectedLeafHash, TlogProof proof, String text,
                                          NoteVerifier ledgerKey) {
        if (expectedLeafHash != null && proof.extra().isPresent() && !MessageDigest.isEqual(
                MerkleHash.leafHash(proof.extra().get()), Base64.getDecoder().decode(expectedLeafHash))) {
            return new TlogProofAnswer.Unverified("the tlog-proof's entry is not the event as reporting received it");
        }
        TlogProofVerification.Result result;
        try {
            TlogPolicy keyOnly = TlogPolicy.of(VerifierKey.parse(ledgerKey.verifierKey()), List.of(), TlogPolicy.NONE, "witnesses");
            result = TlogProofVerification.verify(proof, keyOnly, (step, detail) -> { });
        } catch (NoteException e) {
            return new TlogProofAnswer.Unverified("the ledger's key is not a note verifier key: " + e.getMessage());
        } catch (InclusionVerification.Failed failed) {
            return new TlogProofAnswer.Unverified(failed.getMessage());
        }
        if (!eventId.toString().equals(result.eventId())) {
            return new TlogProofAnswer.Unverified("the ledger answered with a tlog-proof for event " + result.eventId());
        }
        return new TlogProofAnswer.Proof(text, result.index(), result.checkpoint().treeSize());
    }

    private HttpResponse<byte[]> get(URI url, String accept) throws UnreachableLedger {
        try {
            return http.send(HttpRequest.newBuilder(url).timeout(timeout).header("Accept", accept).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UnreachableLedger("the ledger at " + baseUrl + " cannot be reached ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableLedger("interrupted while asking the ledger");
        }
    }

    private static final class UnreachableLedger extends Exception {
        private static final long serialVersionUID = 1L;

        UnreachableLedger(String message) {
            super(message);
        }
    }

    static LedgerAnswer check(UUID eventId, String expectedLeafHash, InclusionProofDocument proof, NoteVerifier ledgerKey) {
        if (!eventId.toString().equals(proof.eventId())) {
            return new LedgerAnswer.Unverified("the ledger answered for event " + proof.eventId());
        }
        if (expectedLeafHash != null
                && !MessageDigest.isEqual(proof.leafHash(), Base64.getDecoder().decode(expectedLeafHash))) {
            return new LedgerAnswer.Unverified("the ledger's leaf is not the event as reporting received it");
        }
        Checkpoint checkpoint;
        try {
            checkpoint = InclusionVerification.verify(proof, ledgerKey);
        } catch (InclusionVerification.Failed failed) {
            return new LedgerAnswer.Unverified(failed.getMessage());
        }
        return new LedgerAnswer.Anchored(proof.leafIndex(), checkpoint.treeSize(), StdBase64.encode(checkpoint.rootHash()),
                checkpoint.origin(), proof.checkpoint());
    }
}
