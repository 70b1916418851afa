package org.carbonregistry.events;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The controlled vocabulary of batch labels: the built-in codes, which always exist and are never registered as
 * events, and the syntax of the programme-defined codes an admin adds with {@link LabelRegistered}.
 *
 * <p>Batches issued before the vocabulary existed may carry free-form labels (e.g. {@code CORSIA}); they stay in
 * their {@link CreditsIssued} events as they were signed, and reports show them verbatim.
 */
public final class CreditLabels {

    /** ICVCM Core Carbon Principles approved. */
    public static final String CCP = "CCP";
    public static final String CORSIA_ELIGIBLE = "CORSIA_ELIGIBLE";
    public static final String CORSIA_FIRST_PHASE = "CORSIA_FIRST_PHASE";
    public static final String ARTICLE6_AUTHORIZED = "ARTICLE6_AUTHORIZED";

    /** code -> description, in this order in every listing */
    public static final List<Label> BUILT_IN = List.of(
            new Label(CCP, "Approved under the ICVCM Core Carbon Principles"),
            new Label(CORSIA_ELIGIBLE, "Eligible for offsetting under ICAO CORSIA"),
            new Label(CORSIA_FIRST_PHASE, "Eligible for the CORSIA first phase (2024-2026)"),
            new Label(ARTICLE6_AUTHORIZED, "Authorized by the host Party under Paris Agreement Article 6"));

    /** Upper-case letters, digits and underscores, 2 to 40 of them. */
    public static final Pattern CODE = Pattern.compile("[A-Z0-9_]{2,40}");

    private CreditLabels() {
    }

    public static boolean isBuiltIn(String code) {
        return BUILT_IN.stream().anyMatch(label -> label.code().equals(code));
    }

    public static boolean isWellFormed(String code) {
        return code != null && CODE.matcher(code).matches();
    }

    /** One entry of the vocabulary. */
    public record Label(String code, String description) {
    }
}
