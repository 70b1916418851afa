package org.carbonregistry.reporting.esrs;

import java.util.Locale;
import java.util.Set;

/** The 27 member states of the European Union (since 1 February 2020), as ISO 3166-1 alpha-2 codes. */
public final class EuMemberStates {

    public static final Set<String> CODES = Set.of(
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
            "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE");

    private EuMemberStates() {
    }

    /** Also accepts {@code EL}, the code EU institutions use for Greece. */
    public static boolean contains(String country) {
        if (country == null) {
            return false;
        }
        String code = country.trim().toUpperCase(Locale.ROOT);
        return CODES.contains(code) || code.equals("EL");
    }
}
