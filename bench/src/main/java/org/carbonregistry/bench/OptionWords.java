package org.carbonregistry.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The command-line words of the bench's drivers: {@code --name value} or {@code --name=value}, and flags. */
public final class OptionWords {

    /** One option as given; {@code value} is null for a flag. */
    public record Option(String name, String value) {
    }

    private OptionWords() {
    }

    /**
     * @param flags names that take no value
     * @throws IllegalArgumentException with an empty message for {@code --help}, else naming what is wrong
     */
    public static List<Option> parse(String[] args, Set<String> flags) {
        // exec:java hands over -Dexec.args as one string when quoted oddly; split defensively.
        List<String> words = new ArrayList<>();
        for (String arg : args) {
            for (String word : arg.trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
        }
        List<Option> options = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String name = word;
            String value = null;
            int equals = word.indexOf('=');
            if (word.startsWith("--") && equals > 0) {
                name = word.substring(0, equals);
                value = word.substring(equals + 1);
            }
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException("");
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new IllegalArgumentException(name + " takes no value");
                }
            } else if (value == null) {
                if (i + 1 >= words.size()) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                value = words.get(++i);
            }
            options.add(new Option(name, value));
        }
        return options;
    }

    public static int positive(String name, String value) {
        int n = nonNegative(name, value);
        if (n == 0) {
            throw new IllegalArgumentException(name + " must be at least 1");
        }
        return n;
    }

    public static int nonNegative(String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a whole number, was " + value);
        }
    }
}
