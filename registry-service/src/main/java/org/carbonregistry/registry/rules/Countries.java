package org.carbonregistry.registry.rules;

import java.util.Locale;
import java.util.Set;

/** Jurisdictions and project countries are ISO 3166-1 alpha-2 codes, upper case. */
public final class Countries {

    private static final Set<String> ISO_CODES = Set.of(Locale.getISOCountries());

    private Countries() {
    }

    public static String requireIso(String code, String field) {
        if (code == null || !ISO_CODES.contains(code)) {
            throw CommandRefused.invalid(field + " must be an ISO 3166-1 alpha-2 country code (e.g. DE, BR), was '"
                    + code + "'");
        }
        return code;
    }
}
