package org.carbonregistry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Imports a generated Verra export of {@code --rows} rows (default 100,000) into registry-service booted in this
 * JVM, sends the same file again, and prints rows per second for both and the peak heap in use while they ran.
 * The file is written to disk first and streamed from there, so the heap figure is the registry's (and this
 * driver's small sampler), not the file's. Run it with a small {@code -Xmx} to see the import's memory stay
 * bounded. It asserts nothing.
 * <pre>
 * java -Xmx512m -cp … org.carbonregistry.bench.ImportBenchmark --rows 100000
 * </pre>
 */
public final class ImportBenchmark {

    private static final String TOPIC = "registry.bench.imports." + System.currentTimeMillis();
    static final String VERRA_HEADER = "Issuance Date,Sustainable Development Goals,Vintage Start,Vintage End,ID,"
            + "Name,Country/Area,Project Type,Methodology,Total Vintage Quantity,Quantity Issued,Serial Number,"
            + "Additional Certifications,Retirement/Cancellation Date,Retirement Beneficiary,Retirement Reason,"
            + "Retirement Details";

    private ImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = 100_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--rows")) {
                rows = Integer.parseInt(args[i + 1]);
            } else {
                System.err.println("usage: ImportBenchmark [--rows N]");
                System.exit(2);
            }
        }
        Path file = Files.createTempFile("verra-export-", ".csv");
        int exit = 0;
        try (BenchDatabase database = BenchDatabase.fromEnvironment();
             BenchKafka kafka = BenchKafka.fromEnvironment()) {
            kafka.createTopic(TOPIC);
            long bytes = writeVerraExport(file, rows);
            say(String.format(Locale.ROOT, "Verra export: %,d rows, %,d bytes; database %s; Kafka %s; max heap %d MB",
                    rows, bytes, database.label(), kafka.label(), Runtime.getRuntime().maxMemory() >> 20));
            try (RunningRegistry registry = RunningRegistry.boot(database, kafka.bootstrapServers(), TOPIC,
                    List.of("registry.imports.progress-every=" + Math.max(1_000, rows / 10)))) {
                for (String pass : List.of("first import", "same file again")) {
                    HeapSampler heap = HeapSampler.start();
                    long start = System.nanoTime();
                    JsonNode report = post(registry, file);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    String heapUse = heap.stop();
                    say(String.format(Locale.ROOT, "%s: %,d rows in %.1f s = %.0f rows/s; %,d batches created,"
                                    + " %,d completed, %,d unchanged, %,d refused; %s",
                            pass, report.path("rowsRead").asLong(), seconds, report.path("rowsRead").asLong() / seconds,
                            report.path("batchesCreated").asLong(), report.path("rowsCompleted").asLong(),
                            report.path("rowsUnchanged").asLong(), report.path("rowsRefusedTotal").asLong(),
                            heapUse));
                }
                Duration drained = registry.awaitKafkaPublished(Duration.ofMinutes(10));
                say("Kafka publisher " + (drained == null ? "still behind after 10 min" : "caught up "
                        + drained.toSeconds() + " s after the second pass"));
            }
        } catch (Exception e) {
            e.printStackTrace();
            exit = 1;
        } finally {
            Files.deleteIfExists(file);
        }
        // Axon leaves a non-daemon janitor thread behind.
        System.exit(exit);
    }

    private static JsonNode post(RunningRegistry registry, Path file) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(registry.baseUri() + "/api/imports?source=verra"))
                .timeout(Duration.ofHours(3))
                .header("Authorization", "Bearer " + registry.adminKey())
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(file))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("import answered " + response.statusCode() + ": " + response.body());
        }
        return new ObjectMapper().readTree(response.body());
    }

    /**
     * A Verra VCU export in its real columns: 500 projects, blocks of 1 to 2,000 VCUs, one in ten retired, one in
     * fifty cancelled, one in seven split into a retired front and an active rest (two rows).
     */
    static long writeVerraExport(Path file, int rows) throws IOException {
        var random = new Random(42);
        long next = 900_000_000L;
        int written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(VERRA_HEADER);
            out.write('\n');
            for (int block = 0; written < rows; block++) {
                int project = 1_000 + block % 500;
                int year = 2012 + block % 10;
                long quantity = 2 + random.nextInt(2_000);
                boolean split = block % 7 == 3 && written + 2 <= rows;
                long front = split ? quantity / 2 : quantity;
                String status = block % 50 == 7 ? "cancelled" : block % 10 == 1 ? "retired" : "issued";
                long first = next;
                for (int part = 0; part < (split ? 2 : 1); part++) {
                    long partQuantity = part == 0 ? front : quantity - front;
                    long last = first + partQuantity - 1;
                    String state = split ? (part == 0 ? "retired" : "issued") : status;
                    out.write((year + 1) + "-02-01,," + year + "-01-01," + year + "-12-31," + project
                            + ",Project " + project + ",Brazil," + (project % 3 == 0
                            ? "Agriculture Forestry and Other Land Use,VM0047," : "Energy industries (renewable/non-renewable sources),ACM0002,")
                            + "\"" + String.format(Locale.ROOT, "%,d", quantity * 20) + "\",\""
                            + String.format(Locale.ROOT, "%,d", partQuantity) + "\"," + (10_000 + block) + "-" + first
                            + "-" + last + "-VCS-VCU-262-VER-BR-14-" + project + "-0101" + year + "-3112" + year
                            + "-0,,");
                    out.write(switch (state) {
                        case "retired" -> (year + 2) + "-05-01,Bench Corp,Environmental Benefit,for the bench";
                        case "cancelled" -> (year + 2) + "-05-01,,Cancellation - Other,";
                        default -> ",,,";
                    });
                    out.write('\n');
                    written++;
                    first = last + 1;
                }
                next = first;
            }
        }
        return Files.size(file);
    }

    /**
     * The most heap in use, sampled every 20 ms, and the most left in use right after a collection (the heap pools'
     * usage after their latest GC, summed): the second is what the import keeps alive, the first also holds garbage.
     */
    private static final class HeapSampler {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong peakAfterGc = new AtomicLong();
        private volatile boolean running = true;
        private final Thread thread;

        private HeapSampler() {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            thread = new Thread(() -> {
                while (running) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    peakAfterGc.accumulateAndGet(ManagementFactory.getMemoryPoolMXBeans().stream()
                            .filter(pool -> pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null)
                            .mapToLong(pool -> pool.getCollectionUsage().getUsed()).sum(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
        }

        static HeapSampler start() {
            System.gc();
            HeapSampler sampler = new HeapSampler();
            sampler.thread.start();
            return sampler;
        }

        String stop() throws InterruptedException {
            running = false;
            thread.join();
            return String.format(Locale.ROOT, "peak heap used %d MB, after GC at most %d MB", peak.get() >> 20,
                    peakAfterGc.get() >> 20);
        }
    }

    private static void say(String line) {
        System.out.println("[import-bench] " + line);
    }
}
