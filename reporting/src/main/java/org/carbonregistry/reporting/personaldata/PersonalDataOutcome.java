package org.carbonregistry.reporting.personaldata;

/** What became of one personal-data record, or of the personal data when its retirement arrived. */
public enum PersonalDataOutcome {
    /** It opens the retirement's commitments: kept and shown. */
    VERIFIED,
    /** Its retirement has not been projected yet: kept, checked when it arrives, shown only then. */
    PENDING,
    /** It does not open the retirement's commitments, or cannot be read: ignored (and counted). */
    REJECTED,
    /** A tombstone or {@code PersonalDataErased}: text and salts deleted, the retirement marked erased. */
    ERASED,
    /** Personal data for a retirement already erased: erasure is final, it is ignored. */
    AFTER_ERASURE
}
