package org.carbonregistry.reporting.personaldata;

/**
 * One record of {@code registry.personal-data} as it came off the topic: key the retirement id, value the
 * {@code RetirementPersonalData} JSON, or null (a tombstone: the text was erased).
 */
public record PersonalDataRecord(int partition, long offset, String retirementId, byte[] value) {

    public boolean tombstone() {
        return value == null;
    }
}
