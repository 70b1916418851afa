package org.carbonregistry.reporting.retirement;

import org.carbonregistry.events.SerialBlock;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * One retirement with what a report says about it: the batch's project, standard, country, category and vintage
 * (as CreditsIssued stated them), the project's name and type, and where the event sits in the topic and ledger.
 * Project and batch fields are null if their events have not been projected.
 *
 * <p>Beneficiary, purpose and their salts are the personal data: present only while it is {@link #PERSONAL_DATA_VERIFIED
 * verified} against the commitments the log carries, null while it has not arrived ({@link #PERSONAL_DATA_PENDING})
 * and for ever once {@link #erased()}.
 *
 * <p>{@code invalidation} is set when the batch was invalidated (before the report was made, whenever the retirement
 * happened): the credits stay retired, but a claim made with them needs replacing.
 */
public record RetirementView(String retirementId, UUID eventId, String batchId, String accountId, long quantity,
                             List<SerialBlock> serialBlocks, String serialPrefix, String beneficiary, String purpose,
                             int reportingYear, String jurisdiction, Instant retiredAt, String projectId,
                             String projectName, String projectType, String standard, String projectCountry,
                             String category, String removalSink, LocalDate vintageStart, LocalDate vintageEnd,
                             Boolean correspondingAdjustment, List<String> labels, Integer kafkaPartition,
                             Long kafkaOffset, String leafHash, String personalData, String beneficiaryCommitment,
                             String purposeCommitment, String beneficiarySalt, String purposeSalt,
                             Invalidation invalidation) {

    /** The batch's {@code BatchInvalidated}: its event, reason and time. */
    public record Invalidation(UUID eventId, String reason, Instant invalidatedAt) {
    }

    /** Whether the retirement's batch was invalidated, so a claim resting on it needs replacing. */
    public boolean invalidated() {
        return invalidation != null;
    }

    public static final String PERSONAL_DATA_VERIFIED = "verified";
    public static final String PERSONAL_DATA_PENDING = "pending";
    public static final String PERSONAL_DATA_ERASED = "erased";

    /** Whether the beneficiary and purpose were erased (GDPR Art. 17); the commitments remain. */
    public boolean erased() {
        return PERSONAL_DATA_ERASED.equals(personalData);
    }

    /** The serial ranges as labels ({@code PREFIX-000000001-000000100}), or bare numbers without a known prefix. */
    public List<String> serialLabels() {
        return serialBlocks.stream().map(block -> label(serialPrefix, block)).toList();
    }

    /**
     * {@link SerialBlock#label} without {@code String.format}, which costs more than the rest of an annex row:
     * {@code PREFIX-%09d-%09d}. Bare {@code first-last} without a known prefix.
     */
    public static String label(String serialPrefix, SerialBlock block) {
        if (serialPrefix == null) {
            return block.first() + "-" + block.last();
        }
        StringBuilder label = new StringBuilder(serialPrefix.length() + 20).append(serialPrefix).append('-');
        padded(label, block.first());
        label.append('-');
        padded(label, block.last());
        return label.toString();
    }

    private static void padded(StringBuilder out, long serial) {
        String digits = Long.toString(serial);
        for (int i = digits.length(); i < 9; i++) {
            out.append('0');
        }
        out.append(digits);
    }

    /** {@code 2023} for a vintage within one year, {@code 2022-2023} across years, {@code unknown} without a batch. */
    public String vintage() {
        return vintageLabel(vintageStart, vintageEnd);
    }

    public static String vintageLabel(LocalDate start, LocalDate end) {
        if (start == null || end == null) {
            return "unknown";
        }
        return start.getYear() == end.getYear() ? String.valueOf(start.getYear()) : start.getYear() + "-" + end.getYear();
    }
}
