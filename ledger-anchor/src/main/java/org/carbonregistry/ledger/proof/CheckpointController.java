package org.carbonregistry.ledger.proof;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.ledger.checkpoint.NoteSigner;
import org.carbonregistry.ledger.checkpoint.SignedNote;
import org.carbonregistry.ledger.checkpoint.StdBase64;
import org.carbonregistry.ledger.storage.LedgerStorage;
import org.carbonregistry.ledger.storage.StoredCheckpoint;
import org.carbonregistry.ledger.storage.StoredCosignature;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Signed checkpoints (text/plain signed notes), the list of them with witness cosignatures, and the public key. */
@RestController
class CheckpointController {

    private final ProofService proofs;
    private final LedgerStorage storage;
    private final NoteSigner signer;
    private final int maxPerPage;
    private final int retryAfterSeconds;

    CheckpointController(ProofService proofs, LedgerStorage storage, NoteSigner signer, ApiLimits limits) {
        this.proofs = proofs;
        this.storage = storage;
        this.signer = signer;
        this.maxPerPage = limits.maxCheckpointsPerPage();
        this.retryAfterSeconds = limits.retryAfterSeconds();
    }

    record CosignatureView(String witness, long cosignedAt, String signature) {
    }

    record CheckpointView(long treeSize, String rootHash, String note, String sealedAt, List<CosignatureView> cosignatures) {
    }

    @GetMapping("/api/public-key")
    @ApiResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "text/plain", schema = @Schema(type = "string")))
    ResponseEntity<String> publicKey() {
        return TextResponses.text(signer.verifierKey() + "\n");
    }

    @GetMapping("/api/checkpoints/latest")
    @ApiResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "text/plain", schema = @Schema(type = "string")))
    ResponseEntity<String> latest() {
        StoredCheckpoint latest = proofs.latestCheckpoint().orElseThrow(() -> ProblemException.notYet("No checkpoint yet",
                "no checkpoint has been sealed yet: the log is empty", retryAfterSeconds));
        return TextResponses.text(latest.note());
    }

    @GetMapping("/api/checkpoints/{treeSize}")
    @ApiResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "text/plain", schema = @Schema(type = "string")))
    ResponseEntity<String> at(@PathVariable long treeSize) {
        return TextResponses.text(proofs.checkpointAt(treeSize, "the path's tree size").note());
    }

    /** Checkpoints with a tree size above {@code after}, smallest first, at most {@code limit}. */
    @GetMapping("/api/checkpoints")
    List<CheckpointView> list(@RequestParam(defaultValue = "0") long after,
                              @RequestParam(required = false) Integer limit) {
        int pageSize = limit == null ? maxPerPage : limit;
        if (pageSize < 1 || pageSize > maxPerPage) {
            throw ProblemException.badRequest("limit must be between 1 and " + maxPerPage + ", was " + pageSize);
        }
        List<StoredCheckpoint> checkpoints = storage.checkpoints().after(after, pageSize);
        if (checkpoints.isEmpty()) {
            return List.of();
        }
        Map<Long, List<CosignatureView>> cosignatures = storage.checkpoints()
                .cosignatures(checkpoints.get(0).treeSize(), checkpoints.get(checkpoints.size() - 1).treeSize()).stream()
                .collect(Collectors.groupingBy(StoredCosignature::treeSize, Collectors.mapping(
                        c -> new CosignatureView(c.witness(), c.cosignedAt().getEpochSecond(), c.signatureLine()),
                        Collectors.toList())));
        return checkpoints.stream().map(checkpoint -> new CheckpointView(checkpoint.treeSize(), rootHash(checkpoint),
                checkpoint.note(), checkpoint.sealedAt().toString(),
                cosignatures.getOrDefault(checkpoint.treeSize(), List.of()))).toList();
    }

    /** The root as the note states it (null if the stored note does not parse: the audit will say why). */
    private static String rootHash(StoredCheckpoint checkpoint) {
        try {
            return StdBase64.encode(Checkpoint.parse(SignedNote.parse(checkpoint.note()).text()).rootHash());
        } catch (NoteException e) {
            return null;
        }
    }
}
