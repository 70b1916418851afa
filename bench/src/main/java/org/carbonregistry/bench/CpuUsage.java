package org.carbonregistry.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU spent by this JVM and by the whole machine between two points. On a shared machine throughput moves with
 * everybody else's load; the JVM's CPU time per command moves much less, and the machine's busy share says how
 * much of the machine the run had.
 */
public record CpuUsage(long processCpuNanos, long wallNanos, long machineBusyTicks, long machineTotalTicks) {

    private static final Path PROC_STAT = Path.of("/proc/stat");

    public static CpuUsage now() {
        long process = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
        long busy = -1;
        long total = -1;
        try {
            // First line: "cpu  user nice system idle iowait irq softirq steal ..." in clock ticks.
            String[] fields = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
            total = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                total += Long.parseLong(fields[i]);
            }
            busy = total - Long.parseLong(fields[4]) - Long.parseLong(fields[5]);
        } catch (IOException | RuntimeException e) {
            // Not Linux: the machine's share stays unknown.
        }
        return new CpuUsage(process, System.nanoTime(), busy, total);
    }

    /** Milliseconds of this JVM's CPU per command since {@code start}. */
    double processMillisPerCommand(CpuUsage start, long commands) {
        if (processCpuNanos < 0 || commands == 0) {
            return Double.NaN;
        }
        return (processCpuNanos - start.processCpuNanos) / 1e6 / commands;
    }

    /** Share of this JVM's CPU in all of the machine's cores since {@code start}, 0..1. */
    double processShare(CpuUsage start) {
        int cores = Runtime.getRuntime().availableProcessors();
        return processCpuNanos < 0 ? Double.NaN
                : (double) (processCpuNanos - start.processCpuNanos) / ((wallNanos - start.wallNanos) * (double) cores);
    }

    /** Busy share of all of the machine's cores since {@code start}, 0..1, from any process. */
    public double machineShare(CpuUsage start) {
        long total = machineTotalTicks - start.machineTotalTicks;
        return machineTotalTicks < 0 || total <= 0 ? Double.NaN
                : (double) (machineBusyTicks - start.machineBusyTicks) / total;
    }
}
