package org.carbonregistry.registry.rules;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** Questions about an exception's chain of causes. */
public final class Causes {

    private Causes() {
    }

    /** Whether {@code failure} or any of its causes is one of {@code types}; a chain that loops ends. */
    public static boolean include(Throwable failure, Class<?>... types) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            for (Class<?> type : types) {
                if (type.isInstance(cause)) {
                    return true;
                }
            }
        }
        return false;
    }
}
