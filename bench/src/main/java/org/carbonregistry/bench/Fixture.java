package org.carbonregistry.bench;

import java.util.List;
import java.util.Map;

/**
 * What a scenario trades in: a few holder accounts, each holding a large share of every batch.
 *
 * @param holderKeys API keys of the holders (ACCOUNT_HOLDER), for HTTP; empty for the gateway
 */
record Fixture(List<String> holders, List<String> batchIds, Map<String, String> holderKeys) {

    static final int HOLDERS = 4;
    /** Enough that small transfers and retirements never exhaust a holder within a run. */
    static final long ISSUED_PER_BATCH = 10_000_000;
    static final long SHARE_PER_HOLDER = ISSUED_PER_BATCH / HOLDERS;

    Fixture {
        holders = List.copyOf(holders);
        batchIds = List.copyOf(batchIds);
        holderKeys = Map.copyOf(holderKeys);
    }
}
