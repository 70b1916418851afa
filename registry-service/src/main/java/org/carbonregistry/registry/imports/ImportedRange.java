package org.carbonregistry.registry.imports;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import org.carbonregistry.registry.imports.ExportRow.Status;

/**
 * A programme's serial range imported as one batch: the index that recognises a row imported before and refuses
 * a range that overlaps one (the same credits issued twice). Written before the batch is issued, with the batch id
 * chosen then, so an import stopped between the two finishes that batch when the file is sent again.
 */
@Entity
@Table(name = "import_range", indexes = @Index(name = "import_range_series",
        columnList = "source, series, last_serial"))
class ImportedRange {

    @Id
    private String batchId;
    @Column(name = "source", nullable = false)
    private String source;
    @Column(name = "series", nullable = false, length = 200)
    private String series;
    @Column(name = "first_serial", nullable = false)
    private long firstSerial;
    @Column(name = "last_serial", nullable = false)
    private long lastSerial;
    @Column(nullable = false, length = 200)
    private String serials;
    @Enumerated(EnumType.STRING)
    private Status status;
    private String importId;
    private long importRow;

    protected ImportedRange() {
    }

    ImportedRange(String batchId, ImportSource source, ExportRow.ExternalRange range, Status status, String importId,
                  long importRow) {
        this.batchId = batchId;
        this.source = source.code;
        this.series = range.series();
        this.firstSerial = range.first();
        this.lastSerial = range.last();
        this.serials = range.serials();
        this.status = status;
        this.importId = importId;
        this.importRow = importRow;
    }

    String batchId() { return batchId; }
    String serials() { return serials; }
    Status status() { return status; }
    long firstSerial() { return firstSerial; }
    long lastSerial() { return lastSerial; }
    String importId() { return importId; }
    long importRow() { return importRow; }
}
