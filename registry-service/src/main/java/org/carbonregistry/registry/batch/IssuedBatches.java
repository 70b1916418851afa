package org.carbonregistry.registry.batch;

import org.springframework.stereotype.Component;

import java.util.Optional;

/** What other features may read of a batch: whether it exists and how much of it is retired or cancelled. */
@Component
public class IssuedBatches {

    public record Totals(long issued, long retired, long cancelled) {
    }

    private final BatchViews views;

    IssuedBatches(BatchViews views) {
        this.views = views;
    }

    public Optional<Totals> totals(String batchId) {
        return views.batch(batchId).map(b -> new Totals(b.issued(), b.retired(), b.cancelled()));
    }
}
