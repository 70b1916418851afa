package org.carbonregistry.kafka.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.kafka.common.Uuid;

/**
 * The id every node of a local cluster formats its storage with. The nodes may be separate processes starting at
 * the same moment, so the first one to publish an id wins and the others read it: the id is written to a file of
 * its own, then hard-linked to its final name, which fails if another node got there first.
 */
final class ClusterId {

    private ClusterId() {
    }

    static String readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Path candidate = Files.createTempFile(file.getParent(), "cluster.id.", ".tmp");
                try {
                    Files.writeString(candidate, Uuid.randomUuid().toString(), StandardCharsets.US_ASCII);
                    Files.createLink(file, candidate);
                } catch (FileAlreadyExistsException anotherNodeWasFirst) {
                    // read theirs below
                } finally {
                    Files.deleteIfExists(candidate);
                }
            }
            String id = Files.readString(file, StandardCharsets.US_ASCII).strip();
            Uuid.fromString(id); // a damaged file must stop the start, not split the cluster
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the cluster id in " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " does not hold a Kafka cluster id", e);
        }
    }
}
