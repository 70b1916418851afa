package org.carbonregistry.events;

/**
 * The kind of carbon benefit a project delivers, as the EU carbon removals and carbon farming certification
 * framework (CRCF, Regulation (EU) 2024/3012) distinguishes them. Credits of a {@link #TEMPORARY_REMOVAL} project
 * stop being usable at the end of their monitoring period, so their batches carry an expiry date.
 */
public enum BenefitType {
    REDUCTION, PERMANENT_REMOVAL, TEMPORARY_REMOVAL, SOIL_EMISSION_REDUCTION;

    /**
     * The benefit type of a project registered without one (every project registered before the field existed):
     * a reduction for a REDUCTION project, a permanent removal for a REMOVAL project, because that is how the
     * registry has always treated them (their credits never expire).
     */
    public static BenefitType defaultFor(ProjectCategory category) {
        return category == ProjectCategory.REMOVAL ? PERMANENT_REMOVAL : REDUCTION;
    }

    /** The project category a benefit type belongs to. */
    public ProjectCategory category() {
        return this == PERMANENT_REMOVAL || this == TEMPORARY_REMOVAL ? ProjectCategory.REMOVAL : ProjectCategory.REDUCTION;
    }
}
