package org.carbonregistry.reporting.certificate;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.carbonregistry.events.EventJson;
import org.carbonregistry.reporting.ledger.LedgerAnswer;
import org.carbonregistry.reporting.ledger.TlogProofAnswer;
import org.carbonregistry.reporting.pdf.PdfPages;
import org.carbonregistry.reporting.retirement.RetirementJson;
import org.carbonregistry.reporting.retirement.RetirementView;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;

/**
 * A retirement certificate, one page: who the credits were retired for, how many, which serials from which project
 * and vintage, when, the retirement and event ids, where the event sits in the ledger (leaf index and the
 * checkpoint that covers it) and a QR code of the inclusion-proof URL. If the ledger cannot vouch for the event
 * yet, the certificate says so instead of citing a proof. The event's c2sp.org/tlog-proof follows on a second page
 * as monospace text, so the holder can check the event offline, witnesses included.
 *
 * <p>The log carries only commitments to the beneficiary and purpose. While the text exists the certificate prints
 * it with its salts and the commitments, and tells the holder how to prove it with {@code verify}; once erased it
 * says so and prints the commitments alone.
 */
public class CertificatePdf {

    private static final float KEY_WIDTH = 150;
    private static final float QR_SIZE = 130;

    public void write(RetirementView retirement, LedgerAnswer ledger, URI proofUrl, TlogProofAnswer tlogProof,
                      String tlogProofUrl, OutputStream out) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle("Retirement certificate " + retirement.retirementId());
            info.setProducer("carbon registry reporting");
            try (PdfPages page = new PdfPages(document, PDRectangle.A4, 50, "Retirement certificate "
                    + retirement.retirementId() + " - event " + retirement.eventId())) {
                page.newPage();
                page.text(PdfPages.BOLD, 22, "Retirement certificate");
                page.gap(6);
                page.text(PdfPages.REGULAR, 11, retirement.quantity() + " tonnes of CO2e in carbon credits were retired"
                        + " (permanently cancelled) on behalf of:");
                page.gap(2);
                page.text(PdfPages.BOLD, 16, beneficiary(retirement));
                if (retirement.invalidated()) {
                    page.gap(6);
                    page.text(PdfPages.BOLD, 12, "INVALIDATED BATCH: this retirement needs replacing");
                    page.text(PdfPages.REGULAR, 10, RetirementJson.REPLACEMENT + " Reason: "
                            + retirement.invalidation().reason() + " (event " + retirement.invalidation().eventId()
                            + ", " + EventJson.INSTANT_FORMAT.format(retirement.invalidation().invalidatedAt()) + ").");
                }
                page.gap(10);
                page.keyValue("Beneficiary", beneficiary(retirement), KEY_WIDTH, 10);
                page.keyValue("Quantity", retirement.quantity() + " tCO2e (" + retirement.quantity() + " credits)", KEY_WIDTH, 10);
                page.keyValue("Serial range", String.join(", ", retirement.serialLabels()), KEY_WIDTH, 10);
                page.keyValue("Project", orDash(retirement.projectName()) + " (" + orDash(retirement.projectId()) + ")", KEY_WIDTH, 10);
                page.keyValue("Standard", orDash(retirement.standard()), KEY_WIDTH, 10);
                page.keyValue("Project type", orDash(retirement.projectType()), KEY_WIDTH, 10);
                page.keyValue("Project country", orDash(retirement.projectCountry()), KEY_WIDTH, 10);
                page.keyValue("Category", orDash(retirement.category())
                        + (retirement.removalSink() == null ? "" : " (" + retirement.removalSink().toLowerCase() + " sink)"), KEY_WIDTH, 10);
                page.keyValue("Vintage", retirement.vintage() + (retirement.vintageStart() == null ? ""
                        : " (" + retirement.vintageStart() + " to " + retirement.vintageEnd() + ")"), KEY_WIDTH, 10);
                page.keyValue("Corresponding adjustment", retirement.correspondingAdjustment() == null ? "-"
                        : retirement.correspondingAdjustment() ? "yes (Article 6)" : "no", KEY_WIDTH, 10);
                page.keyValue("Retired on", EventJson.INSTANT_FORMAT.format(retirement.retiredAt()), KEY_WIDTH, 10);
                page.keyValue("Purpose / claim", retirement.erased() ? ERASED : orDash(retirement.purpose()), KEY_WIDTH, 10);
                page.keyValue("Reporting year", String.valueOf(retirement.reportingYear()), KEY_WIDTH, 10);
                page.keyValue("Retiring account", retirement.accountId(), KEY_WIDTH, 10);
                page.keyValue("Batch", retirement.batchId(), KEY_WIDTH, 10);
                page.keyValue("Retirement id", retirement.retirementId(), KEY_WIDTH, 10);
                page.keyValue("Event id", retirement.eventId().toString(), KEY_WIDTH, 10);
                page.gap(12);
                personalDataSection(page, retirement);
                page.gap(12);
                page.text(PdfPages.BOLD, 12, "Ledger");
                ledgerSection(page, ledger, proofUrl);
                page.keyValue("Leaf hash", orDash(retirement.leafHash()) + " (SHA-256 of 0x00 and the event's canonical"
                        + " bytes, as reporting received them)", KEY_WIDTH, 9);
                page.gap(12);
                page.ensureSpace(QR_SIZE + 30);
                float bottom = page.y() - QR_SIZE;
                QrCode.of(proofUrl.toString()).draw(page.content(), page.margin(), bottom, QR_SIZE);
                page.gap(QR_SIZE);
                page.text(PdfPages.REGULAR, 8, "Scan for the inclusion proof: " + proofUrl);
                // The certificate stays one page; the proof, long and for machines, starts the second.
                page.newPage();
                tlogProofSection(page, retirement, tlogProof, tlogProofUrl);
            }
            document.save(out);
        }
    }

    private static void ledgerSection(PdfPages page, LedgerAnswer ledger, URI proofUrl) throws IOException {
        if (ledger instanceof LedgerAnswer.Anchored anchored) {
            page.keyValue("Ledger leaf index", String.valueOf(anchored.leafIndex()), KEY_WIDTH, 10);
            page.keyValue("Checkpoint", "tree size " + anchored.treeSize() + ", root " + anchored.rootHash(), KEY_WIDTH, 10);
            page.keyValue("Log", anchored.origin(), KEY_WIDTH, 10);
            page.text(PdfPages.REGULAR, 9, "The checkpoint is signed by the ledger's key and the inclusion proof leads to"
                    + " its root; both were checked when this certificate was made. Verify them independently at " + proofUrl);
        } else if (ledger instanceof LedgerAnswer.NotYetAnchored) {
            page.text(PdfPages.BOLD, 10, "Ledger: not yet anchored; verify at " + proofUrl);
            page.text(PdfPages.REGULAR, 9, "The ledger had not sealed this event when the certificate was made.");
        } else if (ledger instanceof LedgerAnswer.Unreachable unreachable) {
            page.text(PdfPages.BOLD, 10, "Ledger: not yet anchored; verify at " + proofUrl);
            page.text(PdfPages.REGULAR, 9, "The ledger could not be asked when the certificate was made: "
                    + unreachable.reason());
        } else if (ledger instanceof LedgerAnswer.Unverified unverified) {
            page.text(PdfPages.BOLD, 10, "Ledger: NOT VERIFIED: " + unverified.reason() + "; verify at " + proofUrl);
        }
    }

    /** Point size of the tlog-proof block: Courier at 5 pt fits 165 characters a line, a base64 hash on one. */
    private static final float PROOF_FONT_SIZE = 5;

    private static void tlogProofSection(PdfPages page, RetirementView retirement, TlogProofAnswer answer, String url)
            throws IOException {
        page.text(PdfPages.BOLD, 12, "Transparency-log proof (c2sp.org/tlog-proof@v1)");
        if (answer instanceof TlogProofAnswer.Proof proof) {
            page.text(PdfPages.REGULAR, 9, "To check this event offline, witnesses included: save the text below as f and"
                    + " the ledger's policy (its /log/policy, or one you trust) as p, then run verify --tlog-proof f"
                    + " --policy p. Long lines are wrapped here; the exact text is the tlogProof field of"
                    + " /api/retirements/" + retirement.retirementId() + " and is served at " + url);
            page.gap(4);
            page.text(PdfPages.MONO, PROOF_FONT_SIZE, proof.text());
        } else if (answer instanceof TlogProofAnswer.NotYetCheckpointed) {
            page.text(PdfPages.BOLD, 10, "tlog-proof: not yet checkpointed; fetch it at " + url);
            page.text(PdfPages.REGULAR, 9, "No checkpoint of the ledger covered this event with its witnesses' cosignatures"
                    + " when the certificate was made.");
        } else if (answer instanceof TlogProofAnswer.Unreachable unreachable) {
            page.text(PdfPages.BOLD, 10, "tlog-proof: not yet available; fetch it at " + url);
            page.text(PdfPages.REGULAR, 9, "The ledger could not be asked when the certificate was made: "
                    + unreachable.reason());
        } else if (answer instanceof TlogProofAnswer.Unverified unverified) {
            page.text(PdfPages.BOLD, 10, "tlog-proof: NOT VERIFIED: " + unverified.reason() + "; fetch it at " + url);
        }
    }

    static final String ERASED = "[erased]";

    private static String beneficiary(RetirementView retirement) {
        if (retirement.erased()) {
            return ERASED;
        }
        return retirement.beneficiary() == null ? "(not yet received from the registry)" : retirement.beneficiary();
    }

    private static void personalDataSection(PdfPages page, RetirementView retirement) throws IOException {
        page.text(PdfPages.BOLD, 12, "Beneficiary and purpose in the ledger");
        if (retirement.erased()) {
            page.text(PdfPages.REGULAR, 9, "The beneficiary and purpose of this retirement were erased at the request of"
                    + " the person concerned. The ledger keeps only these commitments, which reveal nothing without the"
                    + " erased salts; every proof still verifies.");
        }
        page.keyValue("Beneficiary commitment", orDash(retirement.beneficiaryCommitment()), KEY_WIDTH, 9);
        if (retirement.beneficiarySalt() != null) {
            page.keyValue("Beneficiary salt", retirement.beneficiarySalt(), KEY_WIDTH, 9);
        }
        page.keyValue("Purpose commitment", orDash(retirement.purposeCommitment()), KEY_WIDTH, 9);
        if (retirement.purposeSalt() != null) {
            page.keyValue("Purpose salt", retirement.purposeSalt(), KEY_WIDTH, 9);
        }
        if (retirement.beneficiary() != null && retirement.beneficiarySalt() != null) {
            page.text(PdfPages.REGULAR, 9, "To prove the beneficiary: verify --proof p.json --beneficiary \""
                    + retirement.beneficiary() + "\" --salt " + retirement.beneficiarySalt()
                    + " (p.json: the inclusion proof below; the same with the purpose and its salt).");
        }
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
