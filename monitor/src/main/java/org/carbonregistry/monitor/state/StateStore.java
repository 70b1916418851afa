package org.carbonregistry.monitor.state;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * The state directory: {@value #VERIFIED} is the state at the last verified checkpoint; {@value #PROGRESS} is a
 * run's work beyond it, saved now and then so a killed run resumes where it was. Both are replaced atomically
 * (written to a temporary file, forced to disk, renamed over the old one), so a kill at any moment leaves each
 * either old or new, never torn. Progress counts only while it starts from the verified checkpoint on disk:
 * a run that verified further, or found the entries wrong, leaves older progress behind to be ignored.
 */
public final class StateStore {

    static final String VERIFIED = "verified.json";
    static final String PROGRESS = "progress.json";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // the file channel must stay open after writing, to be forced to disk
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private final Path directory;

    /** @param directory where the state lives; null keeps nothing (every run starts from the first leaf) */
    public StateStore(Path directory) {
        this.directory = directory;
    }

    /** The state to continue from: the progress of an interrupted run if it still applies, else the verified state. */
    public MonitorState load() {
        removeTemporaryFiles();
        MonitorState verified = read(VERIFIED).orElseGet(MonitorState::empty);
        return read(PROGRESS)
                .filter(progress -> Objects.equals(progress.verified(), verified.verified())
                        && progress.position() >= verified.position())
                .orElse(verified);
    }

    public void saveProgress(MonitorState state) {
        write(PROGRESS, state);
    }

    /** Saves a state whose leaves all hashed to its checkpoint's root; progress toward it is done with. */
    public void saveVerified(MonitorState state) {
        write(VERIFIED, state);
        dropProgress();
    }

    /** Forgets the progress of this run: its leaves did not hash to the root they were meant to. */
    public void dropProgress() {
        if (directory != null) {
            try {
                Files.deleteIfExists(directory.resolve(PROGRESS));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + directory.resolve(PROGRESS), e);
            }
        }
    }

    /** What a run killed while writing left behind: never renamed into place, so never part of the state. */
    private void removeTemporaryFiles() {
        if (directory == null || !Files.isDirectory(directory)) {
            return;
        }
        try (var files = Files.newDirectoryStream(directory, "*.json*.tmp")) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up the monitor state in " + directory, e);
        }
    }

    private Optional<MonitorState> read(String name) {
        if (directory == null || !Files.exists(directory.resolve(name))) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(directory.resolve(name).toFile(), MonitorState.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the monitor state " + directory.resolve(name), e);
        }
    }

    private void write(String name, MonitorState state) {
        if (directory == null) {
            return;
        }
        try {
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, name, ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                JSON.writeValue(out, state);
                out.flush();
                channel.force(true);
            }
            Files.move(temporary, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the monitor state to " + directory, e);
        }
    }
}
