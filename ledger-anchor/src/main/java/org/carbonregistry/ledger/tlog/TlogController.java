package org.carbonregistry.ledger.tlog;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.carbonregistry.ledger.proof.ApiLimits;
import org.carbonregistry.ledger.proof.ProblemException;
import org.carbonregistry.ledger.proof.ProofService;
import org.carbonregistry.ledger.storage.LedgerStorage;
import org.carbonregistry.ledger.storage.StoredCheckpoint;
import org.carbonregistry.ledger.tiles.TileAddress;
import org.carbonregistry.ledger.tiles.TileFormatException;
import org.carbonregistry.ledger.tiles.Tiles;
import org.carbonregistry.ledger.verify.InclusionProofDocument;
import org.carbonregistry.ledger.verify.TlogProof;
import org.carbonregistry.ledger.witness.WitnessedCheckpoints;
import org.carbonregistry.ledger.witness.WitnessedCheckpoints.Witnessed;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * c2sp.org/tlog-tiles under {@code /log/} (prefix {@code <ledger url>/log}), the log's c2sp.org/tlog-policy, and
 * c2sp.org/tlog-proof documents. Everything is public, like the other proofs. Only what a checkpoint covers is served:
 * a tile beyond the latest checkpoint's tree is a 404, never a preview of unsigned leaves.
 */
@RestController
class TlogController {

    static final MediaType TEXT_UTF8 = MediaType.parseMediaType("text/plain; charset=utf-8");
    /** A tile's bytes never change once it exists (a partial tile of width W included), so caches may keep it. */
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final String TILE_PREFIX = "/log/";
    /** How many cosigned checkpoints a tlog-proof looks back for one that meets the quorum. */
    private static final int COSIGNED_LOOKBACK = 50;

    private final LedgerStorage storage;
    private final WitnessedCheckpoints checkpoints;
    private final ProofService proofs;
    private final TileStore tiles;
    private final int retryAfterSeconds;

    TlogController(LedgerStorage storage, WitnessedCheckpoints checkpoints, ProofService proofs, TileStore tiles,
                   ApiLimits limits) {
        this.storage = storage;
        this.checkpoints = checkpoints;
        this.proofs = proofs;
        this.tiles = tiles;
        this.retryAfterSeconds = limits.retryAfterSeconds();
    }

    /** The latest checkpoint as a plain tlog-checkpoint with its witnesses' cosignatures; mutable, so not cached. */
    @GetMapping("/log/checkpoint")
    @ApiResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "text/plain", schema = @Schema(type = "string")))
    ResponseEntity<String> checkpoint() {
        return ResponseEntity.ok().contentType(TEXT_UTF8).cacheControl(CacheControl.noCache())
                .body(checkpoints.witnessed(latest()).note());
    }

    @GetMapping("/log/policy")
    @ApiResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "text/plain", schema = @Schema(type = "string")))
    ResponseEntity<String> policy() {
        return ResponseEntity.ok().contentType(TEXT_UTF8).body(checkpoints.policy().encode());
    }

    @GetMapping("/log/tile/**")
    ResponseEntity<byte[]> tile(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length() + TILE_PREFIX.length());
        TileAddress address;
        try {
            address = TileAddress.parse(path);
        } catch (TileFormatException e) {
            throw ProblemException.badRequest("'" + path + "' is not a c2sp.org/tlog-tiles path: " + e.getMessage());
        }
        byte[] served = tiles.served(address);
        if (served != null) {
            return tile(served);
        }
        long treeSize = latest().treeSize();
        if (!Tiles.covers(treeSize, address)) {
            String what = address.kind() == TileAddress.Kind.ENTRIES ? "entries" : "level " + address.level() + " hashes";
            String existing = (address.kind() == TileAddress.Kind.ENTRIES ? Tiles.entryBundle(address.index(), treeSize)
                    : Tiles.hashTile(address.level(), address.index(), treeSize))
                    .map(tile -> "; this index has " + tile.path()).orElse("");
            throw ProblemException.notFound("No such tile", address.path() + " is beyond the tree of the latest checkpoint"
                    + " (size " + treeSize + "): it needs " + what + " " + address.firstNode() + " to "
                    + (address.firstNode() + address.width() - 1) + ", the tree has "
                    + Tiles.nodeCount(address.level(), treeSize) + existing);
        }
        return tile(tiles.read(address));
    }

    private static ResponseEntity<byte[]> tile(byte[] bytes) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).header("Cache-Control", IMMUTABLE)
                .body(bytes);
    }

    /**
     * The event's c2sp.org/tlog-proof: the canonical envelope as {@code extra}, its index and inclusion proof, and
     * the newest checkpoint covering it whose cosignatures meet the policy's quorum (the latest one when no
     * witnesses are required). 404 with {@code Retry-After} while no such checkpoint exists yet.
     */
    @GetMapping("/api/proofs/tlog-proof")
    @ApiResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "text/plain", schema = @Schema(type = "string")))
    ResponseEntity<String> tlogProof(@RequestParam String eventId) {
        InclusionProofDocument latest = proofs.inclusion(eventId, null);
        Witnessed witnessed = quorumCheckpoint(latest.leafIndex(), latest.treeSize()).orElseThrow(() ->
                ProblemException.notYet("Not yet witnessed", "event " + latest.eventId() + " is leaf " + latest.leafIndex()
                        + ", but no checkpoint covering it is cosigned by the quorum " + checkpoints.policy().quorum()
                        + " of GET /log/policy yet", retryAfterSeconds));
        InclusionProofDocument proof = witnessed.treeSize() == latest.treeSize() ? latest
                : proofs.inclusion(eventId, witnessed.treeSize());
        TlogProof tlogProof = new TlogProof(Optional.of(proof.envelope()), proof.leafIndex(), proof.auditPath(),
                witnessed.note());
        return ResponseEntity.ok().contentType(TEXT_UTF8).body(tlogProof.encode());
    }

    private Optional<Witnessed> quorumCheckpoint(long leafIndex, long latestSize) {
        Witnessed latest = checkpoints.witnessed(proofs.checkpointAt(latestSize, "the latest tree size"));
        if (latest.quorumMet()) {
            return Optional.of(latest);
        }
        for (long size : storage.checkpoints().cosignedSizes(leafIndex, COSIGNED_LOOKBACK)) {
            Witnessed candidate = checkpoints.witnessed(proofs.checkpointAt(size, "a cosigned tree size"));
            if (candidate.quorumMet()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private StoredCheckpoint latest() {
        return proofs.latestCheckpoint().orElseThrow(() -> ProblemException.notYet("No checkpoint yet",
                "no checkpoint has been sealed yet: the log is empty", retryAfterSeconds));
    }
}
