package org.carbonregistry.ledger.witness;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.ledger.checkpoint.NoteSigner;
import org.carbonregistry.ledger.checkpoint.VerifierKey;
import org.carbonregistry.ledger.policy.TlogPolicy;
import org.carbonregistry.ledger.storage.CheckpointStore;
import org.carbonregistry.ledger.storage.StoredCheckpoint;
import org.carbonregistry.ledger.storage.StoredCosignature;

/**
 * The plain c2sp.org/tlog-checkpoint of each sealed checkpoint: origin, size and root with no extension line, signed
 * by the log key. It is what witnesses cosign (public witnesses such as litewitness refuse extension lines) and what
 * {@code /log/checkpoint} and tlog-proofs carry; the chained note with its {@code prev} line stays the stored
 * checkpoint, and a verifier links the two by size and root.
 *
 * <p>The plain note is derived, not stored: Ed25519 signatures are deterministic (RFC 8032), so signing the same text
 * with the same key gives the same bytes on every instance and at every time. The stored chained note must be signed
 * by this instance's key, otherwise nothing is derived (a replica with another key file would sign a different log).
 * Cosignature lines are served only after verifying them, with the configured witness key, over the plain note.
 */
public final class WitnessedCheckpoints {

    /** Tree sizes whose notes are kept: the latest and recent ones are asked for again and again, older rarely. */
    private static final int CACHED_SIZES = 1000;

    private final NoteSigner signer;
    private final CheckpointStore checkpoints;
    private final Map<String, WitnessEndpoint> witnesses;
    private final TlogPolicy policy;
    /** Derived once per tree size: deriving verifies the stored note and signs, for every request otherwise. */
    private final Cache<Long, String> plainNotes = Caffeine.newBuilder().maximumSize(CACHED_SIZES).build();
    /**
     * The verified answer per tree size with the cosignature rows it was verified from: witnesses add rows after a
     * checkpoint is sealed, so an answer stands only while the rows are the same.
     */
    private final Cache<Long, Verified> verified = Caffeine.newBuilder().maximumSize(CACHED_SIZES).build();

    /**
     * @param quorum the witness quorum rule of the published policy: {@code none}, {@code any}, {@code all} or a
     *               number of witnesses; blank is {@code any} with witnesses and {@code none} without
     */
    public WitnessedCheckpoints(NoteSigner signer, CheckpointStore checkpoints, List<WitnessEndpoint> witnesses,
                                String quorum) {
        this.signer = signer;
        this.checkpoints = checkpoints;
        this.witnesses = witnesses.stream().collect(Collectors.toMap(WitnessEndpoint::name, Function.identity()));
        String rule = quorum == null || quorum.isBlank() ? (witnesses.isEmpty() ? TlogPolicy.NONE : "any") : quorum.strip();
        try {
            this.policy = TlogPolicy.of(VerifierKey.parse(signer.verifierKey()),
                    witnesses.stream().map(w -> new TlogPolicy.Witness(w.name(), w.key(), null)).toList(), rule, "witnesses");
        } catch (NoteException | IllegalArgumentException e) {
            throw new IllegalArgumentException("LEDGER_WITNESS_QUORUM: " + e.getMessage(), e);
        }
    }

    /** The log's c2sp.org/tlog-policy: its key, the witnesses' keys, the quorum. */
    public TlogPolicy policy() {
        return policy;
    }

    /** The plain checkpoint of {@code checkpoint}, signed by the log key, without cosignatures. */
    public String plainNote(StoredCheckpoint checkpoint) {
        return plainNotes.get(checkpoint.treeSize(), size -> derivePlainNote(checkpoint));
    }

    private String derivePlainNote(StoredCheckpoint checkpoint) {
        Checkpoint chained;
        try {
            chained = signer.verifier().verify(checkpoint.note());
        } catch (NoteException e) {
            throw new IllegalStateException("the stored checkpoint at tree size " + checkpoint.treeSize()
                    + " is not signed by this instance's key " + signer.verifierKey() + ": " + e.getMessage());
        }
        return signer.sign(Checkpoint.first(chained.origin(), chained.treeSize(), chained.rootHash()));
    }

    /**
     * The plain checkpoint with the cosignature line of every configured witness that cosigned it validly. The rows
     * are read on every call; their signatures are verified only when they changed since the last call for this size.
     */
    public Witnessed witnessed(StoredCheckpoint checkpoint) {
        List<StoredCosignature> rows = checkpoints.cosignatures(checkpoint.treeSize());
        Verified cached = verified.getIfPresent(checkpoint.treeSize());
        if (cached != null && cached.rows().equals(rows)) {
            return cached.witnessed();
        }
        Witnessed witnessed = verify(checkpoint, rows);
        verified.put(checkpoint.treeSize(), new Verified(List.copyOf(rows), witnessed));
        return witnessed;
    }

    private Witnessed verify(StoredCheckpoint checkpoint, List<StoredCosignature> rows) {
        String plain = plainNote(checkpoint);
        StringBuilder note = new StringBuilder(plain);
        List<String> cosigners = new ArrayList<>();
        for (StoredCosignature cosignature : rows) {
            Optional<String> line = verifiedLine(plain, cosignature);
            if (line.isPresent()) {
                note.append(line.get());
                cosigners.add(cosignature.witness());
            }
        }
        return new Witnessed(checkpoint.treeSize(), note.toString(), List.copyOf(cosigners),
                policy.quorumMet(Set.copyOf(cosigners)));
    }

    /** A plain checkpoint note with its verified cosignatures, who they are by, and whether they meet the quorum. */
    public record Witnessed(long treeSize, String note, List<String> cosigners, boolean quorumMet) {
    }

    private record Verified(List<StoredCosignature> rows, Witnessed witnessed) {
    }

    /**
     * The stored line if it is the configured witness's valid cosignature of {@code plainNote}. Rows by a witness no
     * longer configured, or made over the chained note before witnesses were sent plain notes, are left out.
     */
    Optional<String> verifiedLine(String plainNote, StoredCosignature cosignature) {
        WitnessEndpoint witness = witnesses.get(cosignature.witness());
        if (witness == null) {
            return Optional.empty();
        }
        String line = cosignature.signatureLine() + "\n";
        try {
            witness.verifier().verify(plainNote + line);
            return Optional.of(line);
        } catch (NoteException e) {
            return Optional.empty();
        }
    }
}
