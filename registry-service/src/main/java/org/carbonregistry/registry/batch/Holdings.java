package org.carbonregistry.registry.batch;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.events.SerialRanges;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Who holds which serials of one batch. */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
class Holdings {

    private final Map<String, SerialRanges> byAccount = new HashMap<>();

    long held(String account) {
        SerialRanges ranges = byAccount.get(account);
        return ranges == null ? 0 : ranges.total();
    }

    long heldByAll() {
        return byAccount.values().stream().mapToLong(SerialRanges::total).sum();
    }

    /** Every holder's serial blocks, by account id. */
    Map<String, List<SerialBlock>> all() {
        var all = new TreeMap<String, List<SerialBlock>>();
        byAccount.forEach((account, ranges) -> all.put(account, ranges.blocks()));
        return all;
    }

    List<SerialBlock> lowest(String account, long quantity) {
        return byAccount.getOrDefault(account, new SerialRanges()).lowest(quantity);
    }

    void add(String account, List<SerialBlock> blocks) {
        byAccount.computeIfAbsent(account, a -> new SerialRanges()).addAll(blocks);
    }

    void remove(String account, List<SerialBlock> blocks) {
        SerialRanges ranges = byAccount.get(account);
        if (ranges == null) {
            throw new IllegalStateException("account " + account + " holds nothing of this batch");
        }
        ranges.removeAll(blocks);
        if (ranges.isEmpty()) {
            byAccount.remove(account);
        }
    }
}
