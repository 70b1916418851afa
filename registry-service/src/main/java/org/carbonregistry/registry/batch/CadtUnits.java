package org.carbonregistry.registry.batch;

import jakarta.persistence.EntityManager;
import org.carbonregistry.events.Article6;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.events.SerialRanges;
import org.carbonregistry.registry.directory.AccountEntry;
import org.carbonregistry.registry.directory.Directory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every batch's units as CAD Trust v2 unit records, in serial order. Serials come from one registry-wide counter, so
 * a block's first serial identifies it among all batches and is the cursor: a page holds the units that start after
 * it. Held blocks come from the holdings, retired ones from the retirements; what is in neither was cancelled.
 */
@Component
class CadtUnits {

    private static final int BATCHES_PER_QUERY = 50;

    private final EntityManager entityManager;
    private final BatchViews views;
    private final Directory directory;

    CadtUnits(EntityManager entityManager, BatchViews views, Directory directory) {
        this.entityManager = entityManager;
        this.views = views;
        this.directory = directory;
    }

    /** Up to {@code limit} units starting after serial {@code after}; {@code next} is null on the last page. */
    record Page(List<CadtUnit> units, Long next) {
    }

    Page after(long after, int limit, String batchLinkBase) {
        List<CadtUnit> units = new ArrayList<>();
        Map<String, Optional<AccountEntry>> accounts = new HashMap<>();
        long from = after;
        while (units.size() <= limit) {
            List<BatchView> batches = entityManager.createQuery("select b from BatchView b"
                            + " where b.firstSerial + b.issued - 1 > :after order by b.firstSerial", BatchView.class)
                    .setParameter("after", from).setMaxResults(BATCHES_PER_QUERY).getResultList();
            for (BatchView batch : batches) {
                for (CadtUnit unit : unitsOf(batch, batchLinkBase, accounts)) {
                    if (Long.parseLong(unit.unitBlockStart()) > after) {
                        units.add(unit);
                    }
                }
                if (units.size() > limit) {
                    break;
                }
            }
            if (batches.size() < BATCHES_PER_QUERY) {
                break;
            }
            BatchView last = batches.get(batches.size() - 1);
            from = last.firstSerial() + last.issued() - 1;
        }
        if (units.size() <= limit) {
            return new Page(units, null);
        }
        List<CadtUnit> page = units.subList(0, limit);
        return new Page(List.copyOf(page), Long.parseLong(page.get(limit - 1).unitBlockStart()));
    }

    private List<CadtUnit> unitsOf(BatchView batch, String batchLinkBase, Map<String, Optional<AccountEntry>> accounts) {
        List<CadtUnit> units = new ArrayList<>();
        SerialRanges cancelled = SerialRanges.of(List.of(batch.issuedBlock()));
        for (HoldingView holding : views.holdingsOfBatch(batch.batchId())) {
            for (SerialBlock block : BatchViews.blocksOf(holding)) {
                units.add(unit(batch, block, "Held", null, owner(holding.accountId(), accounts), batchLinkBase));
                cancelled.remove(block);
            }
        }
        for (RetirementView retirement : views.retirementsOfBatch(batch.batchId())) {
            for (SerialBlock block : BatchViews.blocksOf(retirement)) {
                units.add(unit(batch, block, "Retired", "retirement " + retirement.retirementId(),
                        owner(retirement.accountId(), accounts), batchLinkBase));
                cancelled.remove(block);
            }
        }
        for (SerialBlock block : cancelled.blocks()) {
            units.add(unit(batch, block, "Cancelled", null, Optional.empty(), batchLinkBase));
        }
        units.sort(Comparator.comparingLong(u -> Long.parseLong(u.unitBlockStart())));
        return units;
    }

    private Optional<AccountEntry> owner(String accountId, Map<String, Optional<AccountEntry>> accounts) {
        return accounts.computeIfAbsent(accountId, directory::account);
    }

    private static CadtUnit unit(BatchView batch, SerialBlock block, String status, String statusReason,
                                 Optional<AccountEntry> owner, String batchLinkBase) {
        Article6 article6 = batch.article6();
        return new CadtUnit(batch.batchId() + ":" + block.first(), batch.batchId(), null,
                owner.map(AccountEntry::name).orElse(null),
                owner.map(a -> countryName(a.jurisdiction())).orElse(null), null,
                block.label(batch.serialPrefix()), Long.toString(block.first()), Long.toString(block.last()),
                block.quantity(), batch.vintageStart().getYear(), unitType(batch.category(), batch.removalSink()),
                batch.labels(), status, statusReason, batchLinkBase + batch.batchId(),
                switch (article6.correspondingAdjustment()) {
                    case NONE -> "Not Required";
                    case PENDING, APPLIED -> "Committed";
                },
                switch (article6.correspondingAdjustment()) {
                    case NONE -> "Not Applicable";
                    case PENDING -> "Pending";
                    case APPLIED -> "Completed";
                });
    }

    /** CADT's unitType picklist; a reduction's nature or technology is not recorded, so it is "Not Determined". */
    private static String unitType(ProjectCategory category, RemovalSink sink) {
        if (category == ProjectCategory.REMOVAL && sink == RemovalSink.BIOGENIC) {
            return "Removal - nature";
        }
        if (category == ProjectCategory.REMOVAL && sink == RemovalSink.TECHNOLOGICAL) {
            return "Removal - technical";
        }
        return "Not Determined";
    }

    /** CADT names countries in English (its countries picklist), the registry keeps ISO codes. */
    private static String countryName(String isoCode) {
        return isoCode == null ? null : new Locale("", isoCode).getDisplayCountry(Locale.ENGLISH);
    }
}
