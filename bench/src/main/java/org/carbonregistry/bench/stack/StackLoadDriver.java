package org.carbonregistry.bench.stack;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.bench.CpuUsage;
import org.carbonregistry.bench.LatencyRecorder;
import org.carbonregistry.bench.OpenLoop;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Retirements over HTTP against the whole registry as users run it ({@code ./registry up}: a Kafka broker and the
 * three services as separate processes, on H2 or PostgreSQL), or against a running stack. Prints accepted
 * retirements per second, latency, CPU per accepted retirement of each process, the lag from accepted to
 * checkpointed in the ledger and to reported, and reconciles what was accepted with the ledger and the reports
 * (exit 1 when they differ).
 */
public final class StackLoadDriver {

    /** Credits each client holds: far more than it can retire in a run, so no retirement is refused for want. */
    private static final int CREDITS_PER_CLIENT = 10_000_000;
    private static final List<String> PROCESSES = List.of("registry-service", "ledger-anchor", "reporting", "kafka");

    private final StackOptions options;
    private final StackApi api;
    private final StackOptions.Attach stack;
    private final int year = Year.now().getValue();
    private final ConcurrentLinkedQueue<StackApi.Accepted> accepted = new ConcurrentLinkedQueue<>();
    private final AtomicLong failed = new AtomicLong();

    private StackLoadDriver(StackOptions options, StackOptions.Attach stack) {
        this.options = options;
        this.stack = stack;
        this.api = new StackApi(stack);
    }

    public static void main(String[] args) {
        StackOptions options;
        try {
            options = StackOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.println(StackOptions.USAGE);
            System.exit(2);
            return;
        }
        int status;
        LaunchedStack launched = null;
        try {
            if (options.attach() == null) {
                launched = LaunchedStack.start(options);
            }
            status = new StackLoadDriver(options, launched != null ? launched.attach() : options.attach()).drive();
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        } finally {
            if (launched != null) {
                System.out.println("stopping the stack ...");
                launched.close();
            }
        }
        System.exit(status);
    }

    private int drive() throws IOException, InterruptedException {
        System.out.printf("== %s, %d s measured after %d s warm-up; %s ==%n", options.label(), options.seconds(),
                options.warmupSeconds(), Instant.now());
        List<StackApi.Client> clients = api.setUp(options.clients(), options.oneBatch(), CREDITS_PER_CLIENT);
        long tonnesBefore = api.reportedTonnes(year);
        LatencyRecorder latencies = new LatencyRecorder(10_000_000);
        Measurement measurement;
        try (Progress progress = new Progress(api, options.pollMillis())) {
            long[] window = options.openLoop() ? openLoop(clients, latencies) : closedLoop(clients, latencies);
            measurement = drainAndMeasure(window[0], window[1], tonnesBefore, progress);
        }
        Optional<StackApi.CommandGroups> groupsAfter = api.commandGroups();
        return print(latencies, measurement, groupsAfter);
    }

    /** @return when the measured run started and when its last answer came */
    private long[] closedLoop(List<StackApi.Client> clients, LatencyRecorder latencies) throws InterruptedException {
        long start = System.nanoTime();
        long measuredFrom = start + Duration.ofSeconds(options.warmupSeconds()).toNanos();
        long end = measuredFrom + Duration.ofSeconds(options.seconds()).toNanos();
        AtomicLong lastAnswer = new AtomicLong(measuredFrom);
        List<Thread> threads = new ArrayList<>();
        for (StackApi.Client client : clients) {
            Thread thread = new Thread(() -> {
                for (int n = 0; ; n++) {
                    long sent = System.nanoTime();
                    if (sent >= end) {
                        return;
                    }
                    boolean measured = sent >= measuredFrom;
                    try {
                        StackApi.Accepted answer = api.retire(client, 1 + n % 5, year, measured, sent).join();
                        accepted.add(answer);
                        if (measured) {
                            latencies.record(answer.acceptedNanos() - sent);
                            lastAnswer.accumulateAndGet(answer.acceptedNanos(), Math::max);
                        }
                    } catch (CompletionException e) {
                        failed.incrementAndGet();
                        if (measured) {
                            latencies.error(String.valueOf(e.getCause()));
                        }
                    }
                }
            }, "client-" + threads.size());
            threads.add(thread);
            thread.start();
        }
        snapshotAt(measuredFrom);
        for (Thread thread : threads) {
            thread.join();
        }
        return new long[] {measuredFrom, lastAnswer.get()};
    }

    private long[] openLoop(List<StackApi.Client> clients, LatencyRecorder latencies) throws InterruptedException {
        Duration answerWithin = StackApi.GIVE_UP_AFTER.plusSeconds(30);
        if (options.warmupSeconds() > 0) {
            OpenLoop.run(options.rate(), options.rate() * options.warmupSeconds(), options.window(), answerWithin,
                    new LatencyRecorder(1), i -> send(clients, i, false));
        }
        snapshotAt(System.nanoTime());
        long measuredFrom = System.nanoTime();
        Duration took = OpenLoop.run(options.rate(), options.rate() * options.seconds(), options.window(), answerWithin,
                latencies, i -> send(clients, i, true));
        return new long[] {measuredFrom, measuredFrom + took.toNanos()};
    }

    private CompletableFuture<String> send(List<StackApi.Client> clients, int i, boolean measured) {
        return api.retire(clients.get(i % clients.size()), 1 + i % 5, year, measured, System.nanoTime())
                .handle((answer, failure) -> {
                    if (answer != null) {
                        accepted.add(answer);
                        return null;
                    }
                    failed.incrementAndGet();
                    return String.valueOf(failure instanceof CompletionException ? failure.getCause() : failure);
                });
    }

    // ---- CPU ----

    private volatile Map<String, Long> cpuBefore;
    private volatile Map<Long, Long> backendsBefore;
    private volatile CpuUsage machineBefore;
    private volatile Optional<StackApi.CommandGroups> groupsBefore = Optional.empty();

    /** Sleeps until {@code nanos}, then takes the CPU snapshot the measured run starts from. */
    private void snapshotAt(long nanos) throws InterruptedException {
        for (long wait = nanos - System.nanoTime(); wait > 0; wait = nanos - System.nanoTime()) {
            Thread.sleep(Math.max(1, wait / 1_000_000));
        }
        cpuBefore = processTicks();
        backendsBefore = ProcessCpu.backendTicks(stack.postgresDatabases());
        machineBefore = CpuUsage.now();
        groupsBefore = api.commandGroups();
    }

    private Map<String, Long> processTicks() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        stack.pids().forEach((name, pid) -> ProcessCpu.ticks(pid).ifPresent(t -> ticks.put(name, t)));
        return ticks;
    }

    // ---- drain, lags, reconciliation ----

    private record Measurement(long measuredFrom, long lastAnswer, long drainedAt, boolean drained,
                               Map<String, Double> cpuMillis, double machineShare,
                               long[] toCheckpoint, long[] toReport, List<String> mismatches, long acceptedTonnes,
                               long reportedTonnes) {
    }

    private Measurement drainAndMeasure(long measuredFrom, long lastAnswer, long tonnesBefore,
                                        Progress progress) throws IOException, InterruptedException {
        List<StackApi.Accepted> all = List.copyOf(accepted);
        long acceptedTonnes = all.stream().mapToLong(StackApi.Accepted::quantity).sum();
        Map<String, List<Long>> leavesByEvent = new HashMap<>();
        long[] nextLeaf = {0};
        long deadline = System.nanoTime() + Duration.ofSeconds(options.drainSeconds()).toNanos();
        boolean drained = false;
        long reported = -1;
        while (System.nanoTime() < deadline) {
            reported = api.reportedTonnes(year) - tonnesBefore;
            readLeaves(leavesByEvent, nextLeaf);
            long maxLeaf = all.stream().mapToLong(a -> leavesByEvent.getOrDefault(a.eventId(), List.of(Long.MAX_VALUE - 1)).get(0))
                    .max().orElse(-1);
            if (reported >= acceptedTonnes && maxLeaf < Long.MAX_VALUE - 1 && api.checkpointSize() > maxLeaf) {
                drained = true;
                break;
            }
            Thread.sleep(250);
        }
        long drainedAt = System.nanoTime();
        Map<String, Long> cpuAfter = processTicks();
        Map<Long, Long> backendsAfter = ProcessCpu.backendTicks(stack.postgresDatabases());
        CpuUsage machineAfter = CpuUsage.now();
        Map<String, Double> cpuMillis = new LinkedHashMap<>();
        cpuAfter.forEach((name, ticks) -> {
            if (cpuBefore.containsKey(name)) {
                cpuMillis.put(name, (ticks - cpuBefore.get(name)) * 1000.0 / ProcessCpu.TICKS_PER_SECOND);
            }
        });
        if (!stack.postgresDatabases().isEmpty()) {
            cpuMillis.put("postgresql", ProcessCpu.backendMillis(backendsBefore, backendsAfter));
        }
        // one more sample after the drain, so that every covered record has one that saw it
        Thread.sleep(options.pollMillis() * 2L);
        List<Progress.Sample> samples = progress.samples();
        readLeaves(leavesByEvent, nextLeaf);
        Map<String, JsonNode> inReports = api.reportedRetirements(year);
        List<String> mismatches = new ArrayList<>();
        List<Long> toCheckpoint = new ArrayList<>();
        List<Long> toReport = new ArrayList<>();
        for (StackApi.Accepted retirement : all) {
            List<Long> leaves = leavesByEvent.getOrDefault(retirement.eventId(), List.of());
            JsonNode row = inReports.get(retirement.retirementId());
            if (leaves.size() != 1) {
                mismatches.add("retirement " + retirement.retirementId() + " (event " + retirement.eventId() + ") is in the ledger "
                        + leaves.size() + " times");
            }
            if (row == null) {
                mismatches.add("retirement " + retirement.retirementId() + " is not in the reports");
            } else if (row.get("quantity").asInt() != retirement.quantity()) {
                mismatches.add("retirement " + retirement.retirementId() + " of " + retirement.quantity() + " t is reported as "
                        + row.get("quantity").asInt() + " t");
            }
            if (!retirement.measured()) {
                continue;
            }
            if (leaves.size() == 1) {
                OptionalLong at = Progress.checkpointed(samples, leaves.get(0));
                at.ifPresent(t -> toCheckpoint.add(Math.max(0, t - retirement.acceptedNanos())));
            }
            JsonNode source = row == null ? null : row.path("source");
            if (source != null && source.hasNonNull("partition")) {
                OptionalLong at = Progress.reported(samples, source.get("partition").asInt(), source.get("offset").asLong());
                at.ifPresent(t -> toReport.add(Math.max(0, t - retirement.acceptedNanos())));
            }
        }
        long reportedTonnes = api.reportedTonnes(year) - tonnesBefore;
        if (reportedTonnes != acceptedTonnes) {
            mismatches.add(0, acceptedTonnes + " t accepted, but the ESRS E1-7 report (registry-wide, " + year + ") grew by "
                    + reportedTonnes + " t");
        }
        return new Measurement(measuredFrom, lastAnswer, drainedAt, drained, cpuMillis,
                machineAfter.machineShare(machineBefore), sorted(toCheckpoint), sorted(toReport), mismatches,
                acceptedTonnes, reportedTonnes);
    }

    /** Pages through the ledger's leaves from {@code next[0]} on, noting each event's leaf indexes. */
    private void readLeaves(Map<String, List<Long>> byEvent, long[] next) throws IOException, InterruptedException {
        for (Map<Long, String> page = api.leaves(next[0]); !page.isEmpty(); page = api.leaves(next[0])) {
            page.forEach((index, eventId) -> byEvent.computeIfAbsent(eventId, e -> new ArrayList<>()).add(index));
            next[0] += page.size();
        }
    }

    private static long[] sorted(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    // ---- output ----

    private int print(LatencyRecorder latencies, Measurement m, Optional<StackApi.CommandGroups> groupsAfter) {
        long measuredAccepted = accepted.stream().filter(StackApi.Accepted::measured).count();
        long retried = accepted.stream().filter(a -> a.measured() && a.attempts() > 1).count();
        double seconds = (m.lastAnswer() - m.measuredFrom()) / 1e9;
        double perSecond = measuredAccepted / seconds;
        long[] sorted = latencies.sorted();
        double p50 = LatencyRecorder.percentileMillis(sorted, 0.50);
        double p99 = LatencyRecorder.percentileMillis(sorted, 0.99);
        System.out.printf(Locale.ROOT, "accepted        %,d retirements in %.1f s: %.1f/s (%d retried, %d failed after %d s of retries)%n",
                measuredAccepted, seconds, perSecond, retried, latencies.errors(), StackApi.GIVE_UP_AFTER.toSeconds());
        latencies.firstErrors().forEach(error -> System.out.println("  error: " + error));
        System.out.printf(Locale.ROOT, "latency         p50 %.1f ms, p99 %.1f ms, max %.1f ms (%s)%n", p50, p99,
                LatencyRecorder.percentileMillis(sorted, 1.0),
                options.openLoop() ? "from the scheduled send time" : "from the first attempt to the 201");
        String cpu = cpuPerRetirement(m.cpuMillis(), measuredAccepted);
        System.out.printf(Locale.ROOT, "CPU ms/accepted %s; machine %.0f %% busy (all processes, shared machine)%n", cpu,
                m.machineShare() * 100);
        Optional<StackApi.CommandGroups> before = groupsBefore;
        if (before.isPresent() && groupsAfter.isPresent()) {
            long groups = groupsAfter.get().groups() - before.get().groups();
            long commands = groupsAfter.get().commands() - before.get().commands();
            System.out.printf(Locale.ROOT, "command groups  %,d commands in %,d transactions: %.2f per transaction%n",
                    commands, groups, groups == 0 ? 0.0 : (double) commands / groups);
        }
        System.out.printf(Locale.ROOT, "lag             accepted -> checkpointed: %s%n", lag(m.toCheckpoint()));
        System.out.printf(Locale.ROOT, "                accepted -> reported:     %s%n", lag(m.toReport()));
        System.out.printf(Locale.ROOT, "drain           %s %.1f s after the last answer (sampled every %d ms)%n",
                m.drained() ? "all checkpointed and reported" : "NOT DRAINED within the timeout,",
                (m.drainedAt() - m.lastAnswer()) / 1e9, options.pollMillis());
        boolean ok = m.mismatches().isEmpty() && m.drained();
        if (ok) {
            System.out.printf(Locale.ROOT, "reconciliation  OK: %,d retirements (warm-up included), %,d t accepted = %,d t in the"
                    + " ESRS E1-7 report; each in the ledger once and in the reports with its quantity%n",
                    accepted.size(), m.acceptedTonnes(), m.reportedTonnes());
        } else {
            System.out.printf(Locale.ROOT, "reconciliation  MISMATCH: %,d t accepted, %,d t reported; %d problems%n",
                    m.acceptedTonnes(), m.reportedTonnes(), m.mismatches().size());
            m.mismatches().stream().limit(10).forEach(problem -> System.out.println("  " + problem));
        }
        System.out.printf(Locale.ROOT, "row | %s | %.0f/s | %.0f / %.0f ms | %s | %s / %s%n", options.label(), perSecond, p50, p99,
                cpu, lagShort(m.toCheckpoint()), lagShort(m.toReport()));
        return ok ? 0 : 1;
    }

    private static String cpuPerRetirement(Map<String, Double> millis, long accepted) {
        List<String> names = new ArrayList<>(PROCESSES);
        millis.keySet().stream().filter(name -> !names.contains(name)).forEach(names::add);
        return names.stream()
                .map(name -> name + " " + (millis.containsKey(name) && accepted > 0
                        ? String.format(Locale.ROOT, "%.2f", millis.get(name) / accepted) : "n/a"))
                .collect(Collectors.joining(" / "));
    }

    private static String lag(long[] sorted) {
        if (sorted.length == 0) {
            return "no samples";
        }
        return String.format(Locale.ROOT, "p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d retirements)",
                LatencyRecorder.percentileMillis(sorted, 0.5), LatencyRecorder.percentileMillis(sorted, 0.99),
                LatencyRecorder.percentileMillis(sorted, 1.0), sorted.length);
    }

    private static String lagShort(long[] sorted) {
        return sorted.length == 0 ? "n/a" : String.format(Locale.ROOT, "%.0f / %.0f ms",
                LatencyRecorder.percentileMillis(sorted, 0.5), LatencyRecorder.percentileMillis(sorted, 0.99));
    }
}
