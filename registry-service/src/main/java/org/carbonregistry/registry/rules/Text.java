package org.carbonregistry.registry.rules;

/** Free-text fields: present, trimmed of nothing, and of a size a report and a PDF can carry. */
public final class Text {

    private Text() {
    }

    public static String require(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw CommandRefused.invalid(field + " is required");
        }
        if (value.length() > maxLength) {
            throw CommandRefused.invalid(field + " must be at most " + maxLength + " characters");
        }
        return value;
    }
}
