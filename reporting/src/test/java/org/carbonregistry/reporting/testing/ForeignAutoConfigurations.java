package org.carbonregistry.reporting.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;

/**
 * The auto-configurations that registry-service (a test dependency, booted in the same JVM) brings onto reporting's
 * test classpath: Axon, Spring Security and JPA. Excluded from reporting's context so that it is
 * configured in tests as it is in production, where none of them is on the classpath.
 */
public final class ForeignAutoConfigurations {

    private static final String IMPORTS = "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";
    private static final List<String> FOREIGN_PREFIXES = List.of("org.axonframework.",
            "org.springframework.boot.autoconfigure.orm.jpa.", "org.springframework.boot.autoconfigure.data.jpa.");

    private ForeignAutoConfigurations() {
    }

    /** Comma-separated, for {@code spring.autoconfigure.exclude}. */
    public static String exclusions() {
        TreeSet<String> excluded = new TreeSet<>();
        try {
            Enumeration<URL> files = ForeignAutoConfigurations.class.getClassLoader().getResources(IMPORTS);
            while (files.hasMoreElements()) {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(files.nextElement().openStream(),
                        StandardCharsets.UTF_8))) {
                    reader.lines().map(String::trim)
                            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                            .filter(ForeignAutoConfigurations::foreign)
                            .forEach(excluded::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return String.join(",", excluded);
    }

    private static boolean foreign(String autoConfiguration) {
        return FOREIGN_PREFIXES.stream().anyMatch(autoConfiguration::startsWith) || autoConfiguration.contains(".security.");
    }
}
