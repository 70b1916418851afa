package org.carbonregistry.registry.testing;

import org.carbonregistry.registry.rules.CommandRefused;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Matches a {@link CommandRefused} of one kind, for {@code expectException(Matcher)}. */
public final class Refusals {

    private Refusals() {
    }

    public static Matcher<CommandRefused> refused(CommandRefused.Kind kind) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(CommandRefused refusal) {
                return refusal.kind() == kind;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a command refused as ").appendValue(kind);
            }

            @Override
            protected void describeMismatchSafely(CommandRefused refusal, Description description) {
                description.appendText("was refused as ").appendValue(refusal.kind())
                        .appendText(": ").appendValue(refusal.getMessage());
            }
        };
    }
}
