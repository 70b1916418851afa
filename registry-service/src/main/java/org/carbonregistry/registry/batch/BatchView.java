package org.carbonregistry.registry.batch;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import org.carbonregistry.events.BatchInvalidated;
import org.carbonregistry.events.Article6;
import org.carbonregistry.events.Article6Authorization;
import org.carbonregistry.events.CorrespondingAdjustmentStatus;
import org.carbonregistry.events.BenefitType;
import org.carbonregistry.events.CreditsIssued;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.events.Standard;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** The public face of a batch: totals and status, kept in step with its events. */
@Entity
// expires_on: the expiry poll reads the due batches every minute, which must not scan every batch
@Table(name = "batch_view", indexes = @Index(name = "batch_view_expires_on", columnList = "expiresOn"))
class BatchView {

    @Id
    private String batchId;
    private String projectId;
    @Enumerated(EnumType.STRING)
    private Standard standard;
    private String projectCountry;
    @Enumerated(EnumType.STRING)
    private ProjectCategory category;
    @Enumerated(EnumType.STRING)
    private RemovalSink removalSink;
    private LocalDate vintageStart;
    private LocalDate vintageEnd;
    private String serialPrefix;
    /** comma-separated; long enough for every label an event under the size cap can carry */
    @Column(length = 200_000)
    private String labels;
    private boolean correspondingAdjustment;
    private long issued;
    private long retired;
    private long cancelled;
    private boolean frozen;
    /**
     * Credits cancelled by the batch's invalidation. It and the three fields after it are null while the batch is
     * valid (nullable, so that the column can be added to a table that has rows).
     */
    private Long invalidated;
    private UUID invalidationEventId;
    @Column(length = 500)
    private String invalidationReason;
    private Instant invalidatedAt;
    private Instant issuedAt;
    private UUID issuedEventId;
    private long firstSerial;
    // Nullable: rows written before benefit types and expiry have none of these.
    @Enumerated(EnumType.STRING)
    private BenefitType benefitType;
    private LocalDate expiresOn;
    private Long expired;
    private Instant expiredAt;
    /** Article 6 state; null in rows written before it existed, which {@link #article6()} reads from the boolean */
    @Enumerated(EnumType.STRING)
    private Article6Authorization article6Authorization;
    private String article6AuthorizationId;
    private String article6HostParty;
    @Enumerated(EnumType.STRING)
    private CorrespondingAdjustmentStatus article6CorrespondingAdjustment;
    private UUID firstInternationalTransferEventId;
    private Instant firstInternationalTransferAt;

    /** The buffer's share, set by {@code BufferContributed}; null for a batch that gave none (and older rows). */
    private String bufferPercent;
    private Long bufferContributed;
    private Long reversalCompensated;
    /** another programme's serial range for an imported batch; null for batches issued here */
    private String externalSerials;

    protected BatchView() {
    }

    BatchView(CreditsIssued event) {
        batchId = event.batchId();
        projectId = event.projectId();
        standard = event.standard();
        projectCountry = event.projectCountry();
        category = event.category();
        removalSink = event.removalSink();
        vintageStart = event.vintageStart();
        vintageEnd = event.vintageEnd();
        serialPrefix = event.serialPrefix();
        labels = String.join(",", event.labels());
        correspondingAdjustment = event.correspondingAdjustment();
        issued = event.quantity();
        issuedAt = event.occurredAt();
        issuedEventId = event.eventId();
        firstSerial = event.serialBlocks().get(0).first();
        benefitType = event.benefitTypeOrDefault();
        expiresOn = event.expiresOn();
        article6(Article6.of(event));
        externalSerials = event.externalSerials();
    }

    void article6(Article6 article6) {
        article6Authorization = article6.authorization();
        article6AuthorizationId = article6.authorizationId();
        article6HostParty = article6.hostParty();
        article6CorrespondingAdjustment = article6.correspondingAdjustment();
        correspondingAdjustment = article6.authorized();
    }

    void firstInternationalTransfer(UUID eventId, Instant at) {
        firstInternationalTransferEventId = eventId;
        firstInternationalTransferAt = at;
    }

    Article6 article6() {
        if (article6Authorization == null) {
            return correspondingAdjustment ? Article6.legacyAuthorized(projectCountry) : Article6.NOT_AUTHORIZED;
        }
        return new Article6(article6Authorization, article6AuthorizationId, article6HostParty,
                article6CorrespondingAdjustment);
    }

    long firstSerial() { return firstSerial; }
    UUID firstInternationalTransferEventId() { return firstInternationalTransferEventId; }
    Instant firstInternationalTransferAt() { return firstInternationalTransferAt; }

    void expired(long quantity, Instant at) {
        expired = expired() + quantity;
        expiredAt = at;
    }

    BenefitType benefitType() { return benefitType != null ? benefitType : BenefitType.defaultFor(category); }
    LocalDate expiresOn() { return expiresOn; }
    long expired() { return expired == null ? 0 : expired; }
    Instant expiredAt() { return expiredAt; }

    void retired(long quantity) {
        retired += quantity;
    }

    void cancelled(long quantity) {
        cancelled += quantity;
    }

    void bufferContributed(String percent, long quantity) {
        bufferPercent = percent;
        bufferContributed = quantity;
    }

    void reversalCompensated(long quantity) {
        reversalCompensated = reversalCompensated() + quantity;
        cancelled += quantity;
    }

    void frozen(boolean frozen) {
        this.frozen = frozen;
    }

    void invalidated(BatchInvalidated event) {
        invalidated = event.quantity();
        invalidationEventId = event.eventId();
        invalidationReason = event.reason();
        invalidatedAt = event.occurredAt();
    }

    String batchId() { return batchId; }
    String projectId() { return projectId; }
    Standard standard() { return standard; }
    String projectCountry() { return projectCountry; }
    ProjectCategory category() { return category; }
    RemovalSink removalSink() { return removalSink; }
    LocalDate vintageStart() { return vintageStart; }
    LocalDate vintageEnd() { return vintageEnd; }
    String serialPrefix() { return serialPrefix; }
    String labels() { return labels; }
    boolean correspondingAdjustment() { return correspondingAdjustment; }
    long issued() { return issued; }
    long retired() { return retired; }
    long cancelled() { return cancelled; }
    boolean frozen() { return frozen; }
    long invalidated() { return invalidated == null ? 0 : invalidated; }
    long held() { return issued - retired - cancelled - invalidated() - expired(); }
    UUID invalidationEventId() { return invalidationEventId; }
    String invalidationReason() { return invalidationReason; }
    Instant invalidatedAt() { return invalidatedAt; }

    /** {@code INVALIDATED} is final and outranks an expiry; both outrank a freeze that was never lifted. */
    String status() {
        return invalidationEventId != null ? "INVALIDATED" : expiredAt != null ? "EXPIRED" : frozen ? "FROZEN" : "ACTIVE";
    }
    Instant issuedAt() { return issuedAt; }
    UUID issuedEventId() { return issuedEventId; }
    String externalSerials() { return externalSerials; }

    String bufferPercent() { return bufferPercent; }
    long bufferContributed() { return bufferContributed == null ? 0 : bufferContributed; }
    long reversalCompensated() { return reversalCompensated == null ? 0 : reversalCompensated; }

    /** Issuance is one block from the registry-wide counter. */
    SerialBlock issuedBlock() { return new SerialBlock(firstSerial, firstSerial + issued - 1); }
}
