package org.carbonregistry.reporting.personaldata;

/**
 * What reporting holds of one retirement's personal data.
 *
 * @param state       {@code PENDING}, {@code VERIFIED} or {@code ERASED}
 * @param beneficiary the text, only while not erased (null once erased)
 */
public record PersonalData(String retirementId, String state, String beneficiary, String purpose,
                           String beneficiarySalt, String purposeSalt) {

    public static final String PENDING = "PENDING";
    public static final String VERIFIED = "VERIFIED";
    public static final String ERASED = "ERASED";

    public boolean verified() {
        return VERIFIED.equals(state);
    }

    public boolean erased() {
        return ERASED.equals(state);
    }

    /** Never the text: a log line or exception that prints a record must not print personal data. */
    @Override
    public String toString() {
        return "PersonalData[retirementId=" + retirementId + ", state=" + state + "]";
    }
}
