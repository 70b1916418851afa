package org.carbonregistry.registry.web;

import org.carbonregistry.registry.rules.CommandRefused;

/** The {@code limit} of a list endpoint: how many rows a caller wants, within what one answer may hold. */
public final class ResultLimit {

    public static final int DEFAULT = 50;
    public static final int MAX = 200;

    private ResultLimit() {
    }

    public static int of(Integer limit) {
        if (limit == null) {
            return DEFAULT;
        }
        if (limit < 1 || limit > MAX) {
            throw CommandRefused.invalid("limit must be between 1 and " + MAX + ", was " + limit);
        }
        return limit;
    }
}
