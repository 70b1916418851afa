package org.carbonregistry.registry.batch;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
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
@Table(name = "batch_view")
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
    private Instant issuedAt;
    private UUID issuedEventId;
    private long firstSerial;
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
        externalSerials = event.externalSerials();
    }

    void retired(long quantity) {
        retired += quantity;
    }

    void cancelled(long quantity) {
        cancelled += quantity;
    }

    void frozen(boolean frozen) {
        this.frozen = frozen;
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
    Instant issuedAt() { return issuedAt; }
    UUID issuedEventId() { return issuedEventId; }
    String externalSerials() { return externalSerials; }

    /** Issuance is one block from the registry-wide counter. */
    SerialBlock issuedBlock() { return new SerialBlock(firstSerial, firstSerial + issued - 1); }
}
