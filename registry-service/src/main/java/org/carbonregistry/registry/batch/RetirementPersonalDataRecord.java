package org.carbonregistry.registry.batch;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.carbonregistry.events.RetirementPersonalData;

/**
 * The only place the registry keeps a retirement's beneficiary and purpose and the salts of their commitments.
 * Deleted, not blanked, when they are erased.
 */
@Entity
@Table(name = "retirement_personal_data")
class RetirementPersonalDataRecord {

    @Id
    private String retirementId;
    @Column(length = 1000, nullable = false)
    private String beneficiary;
    @Column(length = 2000, nullable = false)
    private String purpose;
    @Column(length = 64, nullable = false)
    private String beneficiarySalt;
    @Column(length = 64, nullable = false)
    private String purposeSalt;

    protected RetirementPersonalDataRecord() {
    }

    RetirementPersonalDataRecord(RetirementPersonalData data) {
        retirementId = data.retirementId();
        beneficiary = data.beneficiary();
        purpose = data.purpose();
        beneficiarySalt = data.beneficiarySalt();
        purposeSalt = data.purposeSalt();
    }

    RetirementPersonalData data() {
        return new RetirementPersonalData(retirementId, beneficiary, purpose, beneficiarySalt, purposeSalt);
    }

    @Override
    public String toString() {
        return "RetirementPersonalDataRecord[" + retirementId + "]";
    }
}
