package org.carbonregistry.registry.rules;

import org.carbonregistry.events.Commitment;

/** Commitments to free text that stays off the log, with the salt the caller drew. */
public final class Commitments {

    private Commitments() {
    }

    /** The commitment to {@code text}; refused when {@code saltField}'s salt is not 32 random bytes in base64. */
    public static String of(String text, String salt, String saltField) {
        try {
            return Commitment.of(text, salt);
        } catch (IllegalArgumentException | NullPointerException malformed) {
            throw CommandRefused.invalid(saltField + " must be " + Commitment.SALT_SIZE + " random bytes in base64");
        }
    }
}
