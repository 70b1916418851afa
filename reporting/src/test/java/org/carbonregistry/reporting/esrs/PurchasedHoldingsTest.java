package org.carbonregistry.reporting.esrs;

import org.carbonregistry.events.SerialBlock;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fold behind purchasedNotCancelledTonnes, to the tonne: serials acquired by transfer and still held. */
class PurchasedHoldingsTest {

    private static PurchasedHoldings.Movement in(String account, long first, long last) {
        return new PurchasedHoldings.Movement(account, "b", true, List.of(new SerialBlock(first, last)));
    }

    private static PurchasedHoldings.Movement out(String account, long first, long last) {
        return new PurchasedHoldings.Movement(account, "b", false, List.of(new SerialBlock(first, last)));
    }

    @Test
    void onlyWhatCameInDuringTheYearAndIsStillHeldCounts() {
        PurchasedHoldings.Fold fold = new PurchasedHoldings.Fold();
        fold.apply(out("a", 1, 10));      // held since before the year: leaving changes nothing
        fold.apply(in("a", 100, 199));    // 100 bought
        fold.apply(out("a", 100, 129));   // 30 transferred on
        fold.apply(out("a", 130, 149));   // 20 retired
        assertThat(fold.tonnes()).isEqualTo(50);
        fold.apply(in("a", 300, 309));
        fold.apply(out("a", 300, 309));
        fold.apply(in("a", 300, 309));    // back again: counts once
        fold.apply(out("a", 150, 159));   // 10 cancelled
        fold.apply(out("a", 5, 160));     // straddles old and cancelled serials: only 160 was bought and held
        assertThat(fold.tonnes()).isEqualTo(49);
        fold.apply(in("other", 500, 504));
        assertThat(fold.tonnes()).as("registry-wide: every account's sum").isEqualTo(54);
    }

    @Test
    void aBatchIsItsOwnSerialSpace() {
        PurchasedHoldings.Fold fold = new PurchasedHoldings.Fold();
        fold.apply(new PurchasedHoldings.Movement("a", "b1", true, List.of(new SerialBlock(1, 10))));
        fold.apply(new PurchasedHoldings.Movement("a", "b2", false, List.of(new SerialBlock(1, 10))));
        assertThat(fold.tonnes()).isEqualTo(10);
    }
}
