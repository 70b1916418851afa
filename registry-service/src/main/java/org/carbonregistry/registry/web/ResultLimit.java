package org.carbonregistry.registry.web;

import org.carbonregistry.registry.rules.CommandRefused;

/** The {@code limit} of a list endpoint: how many rows a caller wants, within what one answer may hold. */
public final class ResultLimit {

    public static final int DEFAULT = 50;
    public static final int MAX = 200;

    private ResultLimit() {
    }

    public static int of(Integer limit) {
        return of(limit, DEFAULT, MAX);
    }

    /** The same for a list with its own default and maximum (an export's pages are larger). */
    public static int of(Integer limit, int defaultLimit, int max) {
        if (limit == null) {
            return defaultLimit;
        }
        if (limit < 1 || limit > max) {
            throw CommandRefused.invalid("limit must be between 1 and " + max + ", was " + limit);
        }
        return limit;
    }
}
