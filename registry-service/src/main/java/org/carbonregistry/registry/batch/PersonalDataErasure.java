package org.carbonregistry.registry.batch;

import java.time.Instant;

/** The answer to {@link ErasePersonalData}: when the retirement's personal data was (first) erased. */
public record PersonalDataErasure(String retirementId, Instant erasedAt) {
}
