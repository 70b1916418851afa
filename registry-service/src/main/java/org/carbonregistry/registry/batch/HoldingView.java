package org.carbonregistry.registry.batch;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.carbonregistry.events.SerialRanges;

/** What one account holds of one batch, with its serial blocks. */
@Entity
@Table(name = "holding_view")
class HoldingView {

    @Id
    private String holdingId;
    @Column(nullable = false)
    private String accountId;
    @Column(nullable = false)
    private String batchId;
    private long quantity;
    @Column(length = 1_000_000)
    private String serialBlocks;
    /** credits this account held when the batch expired; nullable, rows written before expiry have none */
    private Long expired;

    protected HoldingView() {
    }

    HoldingView(String accountId, String batchId) {
        this.holdingId = id(accountId, batchId);
        this.accountId = accountId;
        this.batchId = batchId;
        this.serialBlocks = "[]";
    }

    static String id(String accountId, String batchId) {
        return accountId + "/" + batchId;
    }

    String accountId() { return accountId; }
    String batchId() { return batchId; }
    long quantity() { return quantity; }
    String serialBlocksJson() { return serialBlocks; }
    long expired() { return expired == null ? 0 : expired; }

    void expired(long quantity) {
        expired = expired() + quantity;
    }

    void update(SerialRanges ranges, String json) {
        this.quantity = ranges.total();
        this.serialBlocks = json;
    }
}
