package org.carbonregistry.registry.batch;

import java.util.HashSet;
import java.util.Set;

/** The retirement records as a test declares them: which retirement was made from which batch. */
class TestRetirementRecords implements RetirementRecords {

    private final Set<String> records = new HashSet<>();

    TestRetirementRecords add(String batchId, String retirementId) {
        records.add(batchId + "/" + retirementId);
        return this;
    }

    @Override
    public boolean retiredFrom(String batchId, String retirementId) {
        return records.contains(batchId + "/" + retirementId);
    }
}
