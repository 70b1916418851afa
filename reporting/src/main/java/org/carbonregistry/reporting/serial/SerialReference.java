package org.carbonregistry.reporting.serial;

import org.carbonregistry.access.Problems;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code GET /api/serials/{serial}} was asked for: a serial number ({@code 42}, {@code 000000042}) or its full
 * label ({@code VCS-1A2B3C4D-2023-000000042}, as {@code SerialBlock.label} writes it). The prefix itself ends in
 * digits (the vintage year), so the number is whatever follows the last hyphen.
 *
 * @param prefix the label's serial prefix, null when a bare number was given
 */
record SerialReference(long serial, String prefix) {

    private static final Pattern FORM = Pattern.compile("(?:(.+)-)?(\\d{1,18})");

    /** 400 unless the text is a serial number (1 or more) or a label ending in one. */
    static SerialReference parse(String text) {
        Matcher form = FORM.matcher(text == null ? "" : text.strip());
        if (!form.matches()) {
            throw Problems.badRequest("'" + text + "' is not a serial: give its number (e.g. 42) or its full label"
                    + " (serial prefix, a hyphen and the nine-digit number, e.g. VCS-1A2B3C4D-2023-000000042)");
        }
        long serial = Long.parseLong(form.group(2));
        if (serial < 1) {
            throw Problems.badRequest("serial numbers start at 1; '" + text + "' names serial " + serial);
        }
        return new SerialReference(serial, form.group(1));
    }

    /** Whether a batch with this serial prefix is the one the label meant (a bare number fits any). */
    boolean fits(String serialPrefix) {
        return prefix == null || prefix.equalsIgnoreCase(serialPrefix);
    }
}
