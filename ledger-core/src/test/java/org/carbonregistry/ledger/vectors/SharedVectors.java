package org.carbonregistry.ledger.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's {@code vectors/} directory: one set of vector files read by the Java and JavaScript tests alike. */
public final class SharedVectors {

    public static final Path DIRECTORY = locate();

    private SharedVectors() {
    }

    public static JsonNode read(String file) {
        try {
            return new ObjectMapper().readTree(DIRECTORY.resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("vectors").resolve("rfc6962-tree.json"))) {
                return dir.resolve("vectors");
            }
        }
        throw new IllegalStateException("no vectors/ directory above " + Path.of("").toAbsolutePath());
    }
}
