package org.carbonregistry.reporting.certificate;

import org.carbonregistry.events.RetirementPersonalData;
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.reporting.ledger.LedgerAnswer;
import org.carbonregistry.reporting.ledger.TlogProofAnswer;
import org.carbonregistry.reporting.retirement.RetirementView;
import org.carbonregistry.reporting.testing.Pdfs;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class CertificatePdfTest {

    private static final UUID EVENT = UUID.fromString("5f0c3b9e-2a41-4c7e-9d3f-0a1b2c3d4e5f");
    private static final URI PROOF = URI.create("http://ledger.example:8081/api/proofs/inclusion?eventId=" + EVENT);
    private static final UUID INVALIDATION = UUID.fromString("0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9");
    private static final String TLOG_PROOF_URL = "http://ledger.example:8081/api/proofs/tlog-proof?eventId=" + EVENT;

    private static final RetirementPersonalData TEXT = RetirementPersonalData.withNewSalts("ret-2024-0001", "ACME Corp",
            "FY2024 net-zero claim");

    private static RetirementView retirement(String beneficiary) {
        return new RetirementView("ret-2024-0001", EVENT, "batch-7", "acct-42", 250,
                List.of(new SerialBlock(1001, 1200), new SerialBlock(1301, 1350)), "VCS-BATCH7-2022", beneficiary,
                TEXT.purpose(), 2024, "DE", Instant.parse("2024-06-30T12:34:56.789Z"), "proj-1",
                "Amazon Reforestation", "Forestry", "VCS", "BR", "REMOVAL", "BIOGENIC", LocalDate.of(2022, 1, 1),
                LocalDate.of(2022, 12, 31), true, List.of("CCP"), 2, 77L, "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=",
                RetirementView.PERSONAL_DATA_VERIFIED, TEXT.beneficiaryCommitment(), TEXT.purposeCommitment(),
                TEXT.beneficiarySalt(), TEXT.purposeSalt(), null);
    }

    private static RetirementView erased() {
        RetirementView kept = retirement(null);
        return new RetirementView(kept.retirementId(), kept.eventId(), kept.batchId(), kept.accountId(), kept.quantity(),
                kept.serialBlocks(), kept.serialPrefix(), null, null, kept.reportingYear(), kept.jurisdiction(),
                kept.retiredAt(), kept.projectId(), kept.projectName(), kept.projectType(), kept.standard(),
                kept.projectCountry(), kept.category(), kept.removalSink(), kept.vintageStart(), kept.vintageEnd(),
                kept.correspondingAdjustment(), kept.labels(), kept.kafkaPartition(), kept.kafkaOffset(), kept.leafHash(),
                RetirementView.PERSONAL_DATA_ERASED, TEXT.beneficiaryCommitment(), TEXT.purposeCommitment(), null, null,
                null);
    }

    private static RetirementView invalidated() {
        RetirementView kept = retirement("ACME Corp");
        return new RetirementView(kept.retirementId(), kept.eventId(), kept.batchId(), kept.accountId(), kept.quantity(),
                kept.serialBlocks(), kept.serialPrefix(), kept.beneficiary(), kept.purpose(), kept.reportingYear(),
                kept.jurisdiction(), kept.retiredAt(), kept.projectId(), kept.projectName(), kept.projectType(),
                kept.standard(), kept.projectCountry(), kept.category(), kept.removalSink(), kept.vintageStart(),
                kept.vintageEnd(), kept.correspondingAdjustment(), kept.labels(), kept.kafkaPartition(),
                kept.kafkaOffset(), kept.leafHash(), kept.personalData(), kept.beneficiaryCommitment(),
                kept.purposeCommitment(), kept.beneficiarySalt(), kept.purposeSalt(),
                new RetirementView.Invalidation(INVALIDATION, "project verification withdrawn",
                        Instant.parse("2025-02-03T04:05:06.007Z")));
    }

    /** The page's text with line breaks and runs of spaces as single spaces: where a line wraps is layout. */
    private static String text(byte[] pdf) throws Exception {
        return Pdfs.text(pdf).replaceAll("\\s+", " ");
    }

    private static byte[] render(RetirementView retirement, LedgerAnswer answer) throws Exception {
        return render(retirement, answer, new TlogProofAnswer.NotYetCheckpointed("3"));
    }

    private static byte[] render(RetirementView retirement, LedgerAnswer answer, TlogProofAnswer tlogProof) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CertificatePdf().write(retirement, answer, PROOF, tlogProof, TLOG_PROOF_URL, out);
        return out.toByteArray();
    }

    @Test
    void theTlogProofIsPrintedInMonospaceWithHowToCheckIt() throws Exception {
        String hash = "3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        String proof = "c2sp.org/tlog-proof@v1\nextra eyJldmVudElkIjoiNWYwYyJ9\nindex 1234\n" + hash + "\n\n"
                + "ledger.example\n5000\n" + hash + "\n\n\u2014 ledger.example AAAAAQ==\n";
        byte[] pdf = render(retirement("ACME Corp"), new LedgerAnswer.Anchored(1234, 5000, hash, "ledger.example", "note"),
                new TlogProofAnswer.Proof(proof, 1234, 5000));

        String text = text(pdf);
        assertThat(text).contains("Transparency-log proof (c2sp.org/tlog-proof@v1)",
                "verify --tlog-proof f --policy p", "c2sp.org/tlog-proof@v1 extra eyJldmVudElkIjoiNWYwYyJ9 index 1234",
                "\u2014 ledger.example AAAAAQ==", "tlogProof field of /api/retirements/ret-2024-0001");
        assertThat(Pdfs.text(pdf)).as("the proof keeps its lines").contains("index 1234\n" + hash + "\n");
    }

    @Test
    void aTlogProofNotYetCheckpointedIsStatedLikeTheInclusionProof() throws Exception {
        assertThat(text(render(retirement("ACME Corp"), new LedgerAnswer.NotYetAnchored("3"))))
                .contains("tlog-proof: not yet checkpointed; fetch it at " + TLOG_PROOF_URL)
                .doesNotContain("verify --tlog-proof");
        assertThat(text(render(retirement("ACME Corp"), new LedgerAnswer.Unreachable("down"),
                new TlogProofAnswer.Unreachable("connection refused"))))
                .contains("tlog-proof: not yet available; fetch it at " + TLOG_PROOF_URL, "connection refused");
        assertThat(text(render(retirement("ACME Corp"), new LedgerAnswer.Unverified("bad"),
                new TlogProofAnswer.Unverified("checkpoint signature: bad"))))
                .contains("tlog-proof: NOT VERIFIED: checkpoint signature: bad").doesNotContain("verify --tlog-proof");
    }

    @Test
    void anAnchoredCertificateNamesEverythingAndItsCheckpoint() throws Exception {
        byte[] pdf = render(retirement("ACME Corp"), new LedgerAnswer.Anchored(1234, 5000,
                "3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "ledger.example", "note"));

        String text = text(pdf);
        assertThat(Pdfs.pages(pdf)).as("the certificate, then the tlog-proof's page").isEqualTo(2);
        assertThat(text).contains("Retirement certificate", "ACME Corp", "250 tCO2e",
                "VCS-BATCH7-2022-000001001-000001200", "VCS-BATCH7-2022-000001301-000001350",
                "Amazon Reforestation", "2022", "2024-06-30T12:34:56.789Z", "ret-2024-0001", EVENT.toString(),
                "Ledger leaf index 1234", "tree size 5000, root 3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                "yes (Article 6)", "FY2024 net-zero claim");
        assertThat(text).doesNotContain("not yet anchored");
        assertThat(Pdfs.qrCode(pdf, 0)).isEqualTo(PROOF.toString());
    }

    @Test
    void aCertificateForAnEventNotYetAnchoredSaysSoPlainly() throws Exception {
        byte[] pdf = render(retirement("ACME Corp"), new LedgerAnswer.NotYetAnchored("5"));

        assertThat(text(pdf)).contains("not yet anchored; verify at " + PROOF).doesNotContain("leaf index");
        assertThat(Pdfs.qrCode(pdf, 0)).isEqualTo(PROOF.toString());
    }

    @Test
    void anUnreachableLedgerIsStatedWithTheReason() throws Exception {
        byte[] pdf = render(retirement("ACME Corp"), new LedgerAnswer.Unreachable("connection refused"));

        assertThat(text(pdf)).contains("not yet anchored; verify at " + PROOF, "connection refused");
    }

    @Test
    void aProofThatDidNotVerifyIsNeverPresentedAsProof() throws Exception {
        byte[] pdf = render(retirement("ACME Corp"), new LedgerAnswer.Unverified("the audit path does not lead to the checkpoint's root"));

        assertThat(text(pdf)).contains("NOT VERIFIED: the audit path does not lead").doesNotContain("leaf index");
    }

    @Test
    void charactersTheStandardFontsCannotShowAreReplacedNotFatal() throws Exception {
        byte[] pdf = render(retirement("Zürich Énergie 株式会社"), new LedgerAnswer.NotYetAnchored(null));

        assertThat(text(pdf)).contains("Zürich Énergie ????");
    }

    @Test
    void theHolderIsToldHowToProveTheBeneficiaryWithTheSaltAndCommitment() throws Exception {
        String text = Pdfs.text(render(retirement("ACME Corp"), new LedgerAnswer.NotYetAnchored(null)));

        assertThat(text.replaceAll("\\s+", "")).contains(TEXT.beneficiarySalt(), TEXT.purposeSalt(),
                TEXT.beneficiaryCommitment(), TEXT.purposeCommitment());
        assertThat(text.replaceAll("\\s+", " ")).contains("verify --proof p.json --beneficiary \"ACME Corp\" --salt");
    }

    @Test
    void anErasedCertificateShowsTheMarkAndTheCommitmentsOnly() throws Exception {
        String text = text(render(erased(), new LedgerAnswer.NotYetAnchored(null)));

        assertThat(text).contains("[erased]", "were erased").doesNotContain("ACME Corp", "FY2024 net-zero claim",
                "--beneficiary");
        assertThat(text.replace(" ", "")).contains(TEXT.beneficiaryCommitment()).doesNotContain(TEXT.beneficiarySalt());
    }

    @Test
    void aRetirementFromAnInvalidatedBatchSaysItNeedsReplacing() throws Exception {
        String text = text(render(invalidated(), new LedgerAnswer.NotYetAnchored(null)));

        assertThat(text).contains("INVALIDATED BATCH: this retirement needs replacing",
                "a claim resting on this retirement needs replacing with credits of a valid batch",
                "project verification withdrawn", INVALIDATION.toString(), "2025-02-03T04:05:06.007Z",
                "250 tCO2e", "ACME Corp");
        assertThat(text(render(retirement("ACME Corp"), new LedgerAnswer.NotYetAnchored(null))))
                .doesNotContain("INVALIDATED", "needs replacing");
    }
}
