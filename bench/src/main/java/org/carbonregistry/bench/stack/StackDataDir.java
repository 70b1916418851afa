package org.carbonregistry.bench.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What {@code ./registry up} leaves in its data directory about the running stack: {@code stack.env} (the URLs),
 * {@code admin.key} and {@code pids/<name>} (kafka, registry-service, ledger-anchor, reporting).
 */
final class StackDataDir {

    private StackDataDir() {
    }

    /** The stack of {@code dir}; URLs, key and pids given explicitly win over the directory's. */
    static StackOptions.Attach read(Path dir, Map<String, String> urls, String adminKey, Map<String, Long> pids,
                                    Set<String> postgresDatabases) {
        try {
            Map<String, String> env = parseEnv(Files.readString(dir.resolve("stack.env")));
            Map<String, Long> allPids = new LinkedHashMap<>(pids(dir.resolve("pids")));
            allPids.putAll(pids);
            String key = adminKey != null ? adminKey : Files.readString(dir.resolve("admin.key")).trim();
            return new StackOptions.Attach(
                    URI.create(urls.getOrDefault("registry", required(env, "REGISTRY_URL"))),
                    URI.create(urls.getOrDefault("ledger", required(env, "LEDGER_URL"))),
                    URI.create(urls.getOrDefault("reporting", required(env, "REPORTING_URL"))),
                    key, Map.copyOf(allPids), Set.copyOf(postgresDatabases));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stack's data directory " + dir
                    + " (is ./registry up running with it?)", e);
        }
    }

    /** {@code NAME=value} lines, as {@code ./registry up} writes {@code stack.env}. */
    static Map<String, String> parseEnv(String text) {
        Map<String, String> env = new HashMap<>();
        for (String line : text.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0 && !line.startsWith("#")) {
                env.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
            }
        }
        return env;
    }

    static Map<String, Long> pids(Path pidDir) throws IOException {
        Map<String, Long> pids = new LinkedHashMap<>();
        if (!Files.isDirectory(pidDir)) {
            return pids;
        }
        try (Stream<Path> files = Files.list(pidDir)) {
            for (Path file : files.sorted().toList()) {
                String text = Files.readString(file).trim();
                if (text.matches("\\d+")) {
                    pids.put(file.getFileName().toString(), Long.parseLong(text));
                }
            }
        }
        return pids;
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("stack.env has no " + name);
        }
        return value;
    }
}
