package org.carbonregistry.registry.rules;

/**
 * A command that a registry rule turned down. Nothing was applied; {@code reason} says which rule, in
 * words a caller can act on. The web layer maps {@link Kind} to an HTTP status.
 */
public class CommandRefused extends RuntimeException {

    public enum Kind {
        /** The request itself is malformed or out of range. */
        INVALID,
        /** The addressed thing (batch, account, project) does not exist. */
        NOT_FOUND,
        /** The caller may not do this. */
        FORBIDDEN,
        /** The thing is in a state that forbids this now (e.g. a frozen batch, an existing id). */
        CONFLICT,
        /** A business rule says no (e.g. more credits than held). */
        UNPROCESSABLE
    }

    private final Kind kind;

    public CommandRefused(Kind kind, String reason) {
        super(reason);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static CommandRefused invalid(String reason) {
        return new CommandRefused(Kind.INVALID, reason);
    }

    public static CommandRefused notFound(String reason) {
        return new CommandRefused(Kind.NOT_FOUND, reason);
    }

    public static CommandRefused forbidden(String reason) {
        return new CommandRefused(Kind.FORBIDDEN, reason);
    }

    public static CommandRefused conflict(String reason) {
        return new CommandRefused(Kind.CONFLICT, reason);
    }

    public static CommandRefused unprocessable(String reason) {
        return new CommandRefused(Kind.UNPROCESSABLE, reason);
    }
}
