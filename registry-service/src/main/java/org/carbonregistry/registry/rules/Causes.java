package org.carbonregistry.registry.rules;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Predicate;

/** Questions about an exception's chain of causes. */
public final class Causes {

    private Causes() {
    }

    /** Whether {@code failure} or any of its causes is one of {@code types}; a chain that loops ends. */
    public static boolean include(Throwable failure, Class<?>... types) {
        return anyMatch(failure, cause -> Arrays.stream(types).anyMatch(type -> type.isInstance(cause)));
    }

    /** Whether {@code failure} or any of its causes satisfies {@code test}; a chain that loops ends. */
    public static boolean anyMatch(Throwable failure, Predicate<Throwable> test) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (test.test(cause)) {
                return true;
            }
        }
        return false;
    }
}
