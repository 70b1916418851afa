package org.carbonregistry.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Figures of one measured run.
 *
 * @param commands          commands answered (successfully or not) in the measured run
 * @param cpuMillisPerCommand this JVM's CPU time (driver, service, in-process broker) per command
 * @param jvmCpuShare       this JVM's share of all cores during the run, 0..1
 * @param machineCpuShare   the machine's busy share of all cores during the run, any process, 0..1
 * @param publishedPerSecond events the Kafka publisher handled per second during the run
 * @param backlogAtEnd      events stored but not yet published when the run ended
 * @param kafkaDrain        how long after the run the publisher had caught up; null if not within the wait
 * @param conservation      the result of {@link ConservationCheck} on the scenario's batches
 */
record ScenarioResult(String scenario, String database, String load, long commands, Duration duration,
                      double p50Millis, double p90Millis, double p99Millis, double maxMillis,
                      long heapUsedAfterGcBytes, int errors, double cpuMillisPerCommand, double jvmCpuShare,
                      double machineCpuShare, double publishedPerSecond, long backlogAtEnd,
                      Duration kafkaDrain, String conservation, List<String> firstErrors) {

    record Publishing(double perSecond, long backlogAtEnd, Duration drain) {
    }

    static ScenarioResult of(String scenario, String database, String load, LatencyRecorder recorder,
                             Duration duration, CpuUsage cpuBefore, CpuUsage cpuAfter, long heapUsedAfterGcBytes,
                             Publishing publishing, String conservation) {
        long[] sorted = recorder.sorted();
        List<String> errors = new ArrayList<>();
        recorder.firstErrors().forEach(errors::add);
        return new ScenarioResult(scenario, database, load, sorted.length, duration,
                LatencyRecorder.percentileMillis(sorted, 0.50), LatencyRecorder.percentileMillis(sorted, 0.90), LatencyRecorder.percentileMillis(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
                heapUsedAfterGcBytes, recorder.errors(), cpuAfter.processMillisPerCommand(cpuBefore, sorted.length),
                cpuAfter.processShare(cpuBefore), cpuAfter.machineShare(cpuBefore), publishing.perSecond(), publishing.backlogAtEnd(),
                publishing.drain(), conservation, List.copyOf(errors));
    }

    double commandsPerSecond() {
        return commands / (duration.toNanos() / 1e9);
    }

    static String header() {
        return String.format(Locale.ROOT,
                "%-14s %-10s %-17s %8s %6s %7s %7s %7s %7s %7s %7s %6s %6s %5s %5s %6s %7s %7s %s",
                "scenario", "database", "load", "commands", "secs", "cmd/s", "p50 ms", "p90 ms", "p99 ms", "max ms",
                "heap MB", "errors", "cpu ms", "jvm%", "box%", "pub/s", "backlog", "drain s", "conservation");
    }

    String row() {
        return String.format(Locale.ROOT,
                "%-14s %-10s %-17s %8d %6.1f %7.1f %7.2f %7.2f %7.2f %7.1f %7d %6d %6.2f %5.0f %5.0f %6.0f %7d %7s %s",
                scenario, database, load, commands, duration.toNanos() / 1e9, commandsPerSecond(),
                p50Millis, p90Millis, p99Millis, maxMillis, heapUsedAfterGcBytes / (1024 * 1024), errors,
                cpuMillisPerCommand, 100 * jvmCpuShare, 100 * machineCpuShare, publishedPerSecond, backlogAtEnd,
                kafkaDrain == null ? "n/a" : String.format(Locale.ROOT, "%.1f", kafkaDrain.toMillis() / 1000.0),
                conservation);
    }
}
