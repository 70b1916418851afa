package org.carbonregistry.events;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.util.List;
import java.util.Objects;

/**
 * The personal data of one retirement, as it travels on the compacted topic {@link #TOPIC} (record key the
 * retirement id; a tombstone, a null value, once it is erased). Never on {@code registry.events}, never in the
 * ledger: the log carries only the {@link Commitment commitments} that {@link #beneficiaryCommitment()} and
 * {@link #purposeCommitment()} recompute.
 */
public record RetirementPersonalData(String retirementId, String beneficiary, String purpose,
                                     String beneficiarySalt, String purposeSalt) {

    public static final String TOPIC = "registry.personal-data";
    /** The personal fields, named as in this record's JSON and in a retirement request. */
    public static final List<String> FIELDS = List.of("beneficiary", "purpose", "beneficiarySalt", "purposeSalt");

    public RetirementPersonalData {
        Objects.requireNonNull(retirementId, "retirementId");
        Objects.requireNonNull(beneficiary, "beneficiary");
        Objects.requireNonNull(purpose, "purpose");
        Commitment.decodeSalt(beneficiarySalt);
        Commitment.decodeSalt(purposeSalt);
    }

    /** New personal data with fresh random salts. */
    public static RetirementPersonalData withNewSalts(String retirementId, String beneficiary, String purpose) {
        return new RetirementPersonalData(retirementId, beneficiary, purpose,
                Commitment.encodeSalt(Commitment.newSalt()), Commitment.encodeSalt(Commitment.newSalt()));
    }

    public String beneficiaryCommitment() {
        return Commitment.of(beneficiary, beneficiarySalt);
    }

    public String purposeCommitment() {
        return Commitment.of(purpose, purposeSalt);
    }

    /** Whether these are the text and salts behind the commitments of {@code retirement}. */
    public boolean opens(CreditsRetired retirement) {
        return retirement.retirementId().equals(retirementId)
                && Commitment.opens(retirement.beneficiaryCommitment(), beneficiary, beneficiarySalt)
                && Commitment.opens(retirement.purposeCommitment(), purpose, purposeSalt);
    }

    /** The topic value: {@code {"retirementId","beneficiary","purpose","beneficiarySalt","purposeSalt"}}. */
    public byte[] toJson() {
        try {
            return EventJson.mapper().writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static RetirementPersonalData fromJson(byte[] json) {
        try {
            return EventJson.mapper().readValue(json, RetirementPersonalData.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a personal-data record: " + e.getMessage(), e);
        }
    }
}
