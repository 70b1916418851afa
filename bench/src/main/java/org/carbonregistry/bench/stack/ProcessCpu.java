package org.carbonregistry.bench.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * CPU time of other processes, read from {@code /proc/<pid>/stat} (user + system time in clock ticks), so that
 * each process of the stack can be charged its own share: on a shared machine a process's CPU per command moves
 * much less than throughput does.
 */
final class ProcessCpu {

    private static final Path PROC = Path.of("/proc");

    /** Clock ticks per second of {@code /proc} times; USER_HZ is 100 on every Linux we run on. */
    static final long TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /**
     * User plus system ticks from one {@code /proc/<pid>/stat} line. The command name (field 2) is in parentheses
     * and may itself hold spaces and parentheses, so fields are counted from the last ')': utime and stime are
     * fields 14 and 15 of the line.
     */
    static long ticks(String statLine) {
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + statLine);
        }
        // after ")": field 3 (state) is the first, so utime (14) is the 12th and stime (15) the 13th
        String[] fields = statLine.substring(close + 1).trim().split("\\s+");
        if (fields.length < 13) {
            throw new IllegalArgumentException("too few fields in /proc/<pid>/stat line: " + statLine);
        }
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** CPU ticks of one process so far, or empty when it is gone. */
    static OptionalLong ticks(long pid) {
        try {
            return OptionalLong.of(ticks(Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"))));
        } catch (IOException | RuntimeException gone) {
            return OptionalLong.empty();
        }
    }

    /**
     * Whether a process's command line (NUL-separated, as in {@code /proc/<pid>/cmdline}) is a PostgreSQL backend
     * serving one of {@code databases}: the postmaster retitles each backend {@code postgres: [<cluster>: ]<user>
     * <database> <client> <state>} (Debian's servers put the cluster name first).
     */
    static boolean isBackendOf(String cmdline, Collection<String> databases) {
        String title = cmdline.replace('\0', ' ').trim();
        if (!title.startsWith("postgres: ")) {
            return false;
        }
        for (String word : title.split("\\s+")) {
            if (databases.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** Ticks so far of every PostgreSQL backend serving one of {@code databases}, by pid. */
    static Map<Long, Long> backendTicks(Collection<String> databases) {
        Map<Long, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path process : processes) {
                try {
                    String cmdline = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (isBackendOf(cmdline, databases)) {
                        long pid = Long.parseLong(process.getFileName().toString());
                        ticks(pid).ifPresent(t -> ticks.put(pid, t));
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            // no /proc: not Linux, nothing to count
        }
        return ticks;
    }

    /**
     * Milliseconds of CPU between two scans of backends: a backend present at the end but not at the start
     * started during the run and counts whole; one gone by the end is lost (pools keep their connections, so
     * that is rare).
     */
    static double backendMillis(Map<Long, Long> before, Map<Long, Long> after) {
        long ticks = 0;
        for (Map.Entry<Long, Long> end : after.entrySet()) {
            ticks += end.getValue() - before.getOrDefault(end.getKey(), 0L);
        }
        return ticks * 1000.0 / TICKS_PER_SECOND;
    }
}
