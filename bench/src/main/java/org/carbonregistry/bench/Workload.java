package org.carbonregistry.bench;

import java.util.SplittableRandom;

/**
 * The command mix: three transfers between random holders for every retirement, each of 1 to 5 credits,
 * on a random batch of the fixture. Drift is tiny next to each holder's millions, so no holder runs dry.
 */
final class Workload {

    private static final double RETIREMENT_SHARE = 0.25;
    private static final int MAX_QUANTITY = 5;

    enum Kind { TRANSFER, RETIREMENT }

    /** {@code to} is null for a retirement. */
    record Operation(Kind kind, String batchId, String from, String to, long quantity) {
    }

    private final Fixture fixture;
    private final SplittableRandom random;

    Workload(Fixture fixture, long seed) {
        this.fixture = fixture;
        this.random = new SplittableRandom(seed);
    }

    Operation next() {
        String batchId = fixture.batchIds().get(random.nextInt(fixture.batchIds().size()));
        int holders = fixture.holders().size();
        int from = random.nextInt(holders);
        long quantity = 1 + random.nextInt(MAX_QUANTITY);
        if (random.nextDouble() < RETIREMENT_SHARE) {
            return new Operation(Kind.RETIREMENT, batchId, fixture.holders().get(from), null, quantity);
        }
        int to = (from + 1 + random.nextInt(holders - 1)) % holders;
        return new Operation(Kind.TRANSFER, batchId, fixture.holders().get(from), fixture.holders().get(to), quantity);
    }
}
