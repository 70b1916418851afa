package org.carbonregistry.reporting.projection;

/** What one account holds of one batch is kept under this key (the primary key of {@code rpt_holdings}). */
record HoldingKey(String accountId, String batchId) {
}
