package org.carbonregistry.bench.stack;

import org.carbonregistry.bench.OptionWords;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of {@link StackLoadDriver}.
 *
 * @param database      which databases a stack it starts uses
 * @param oneBatch      all clients retire from one batch (else each from its own)
 * @param clients       concurrent clients, each with its own account and key
 * @param seconds       measured seconds
 * @param warmupSeconds untimed seconds of the same load before the measured ones
 * @param rate          retirements per second, open loop; 0: closed loop, each client sends when answered
 * @param window        most requests in flight in the open loop
 * @param pollMillis    how often the ledger's checkpoint and reporting's offsets are sampled (the lags' resolution)
 * @param drainSeconds  longest wait for the ledger and reporting to catch up after the load
 * @param repo          where {@code ./registry} is
 * @param postgresUrl   the PostgreSQL server the fresh databases are created on
 * @param postgresUser  its user (trust or empty password)
 * @param kafkaClasspath a ready {@code kafka.classpath} for {@code ./registry up}, or null (it builds its own)
 * @param attach        a running stack instead of starting one, or null
 */
record StackOptions(Database database, boolean oneBatch, int clients, int seconds, int warmupSeconds, int rate,
                    int window, int pollMillis, int drainSeconds, Path repo, String postgresUrl, String postgresUser,
                    Path kafkaClasspath, Attach attach) {

    enum Database { H2, POSTGRESQL }

    /**
     * A stack that is already running. {@code pids} names the processes whose CPU is counted (from a data
     * directory of {@code ./registry up}, or {@code --pid name=pid}); {@code postgresDatabases} the databases whose
     * backends are counted.
     */
    record Attach(URI registry, URI ledger, URI reporting, String adminKey, Map<String, Long> pids,
                  Set<String> postgresDatabases) {
    }

    static final String USAGE = """
            StackLoadDriver: retirements over HTTP against the whole stack, as ./registry up runs it.
              --db h2|postgresql     databases of the stack it starts (default h2; postgresql: fresh databases on
                                     --pg-url, dropped at the end)
              --batches per-client|one   each client retires from its own batch, or all from one (default per-client)
              --clients N            concurrent clients (default 12)
              --seconds S            measured seconds (default 30)
              --warmup S             untimed seconds of the same load first (default 10)
              --rate R               open loop: R retirements/s, latency from the scheduled send (default 0: closed loop)
              --window N             most requests in flight in the open loop (default 256)
              --poll-ms N            sampling of checkpoints and reporting offsets (default 200)
              --drain-timeout S      longest wait for ledger and reporting to catch up (default 180)
              --repo DIR             where ./registry is (default .)
              --pg-url URL           default jdbc:postgresql://127.0.0.1:5432/postgres; --pg-user (default postgres)
              --kafka-classpath FILE a kafka.classpath for ./registry up (else it runs Maven to make one)
            Attach to a running stack instead of starting one:
              --data-dir DIR         the data directory of a running ./registry up (URLs, admin key, pids)
              --registry URL --ledger URL --reporting URL --admin-key KEY   or give them one by one
              --pid name=pid         a process to count the CPU of (repeatable)
              --pg-database NAME     a PostgreSQL database whose backends count as "postgresql" (repeatable)""";

    static StackOptions parse(String[] args) {
        Database database = Database.H2;
        boolean oneBatch = false;
        int clients = 12;
        int seconds = 30;
        int warmup = 10;
        int rate = 0;
        int window = 256;
        int pollMillis = 200;
        int drain = 180;
        Path repo = Path.of(".");
        String pgUrl = "jdbc:postgresql://127.0.0.1:5432/postgres";
        String pgUser = "postgres";
        Path kafkaClasspath = null;
        Path dataDir = null;
        Map<String, String> urls = new LinkedHashMap<>();
        String adminKey = null;
        Map<String, Long> pids = new LinkedHashMap<>();
        Set<String> pgDatabases = new LinkedHashSet<>();
        for (OptionWords.Option option : OptionWords.parse(args, Set.of())) {
            String name = option.name();
            String value = option.value();
            switch (name) {
                case "--db" -> database = switch (value) {
                    case "h2" -> Database.H2;
                    case "postgresql", "postgres", "pg" -> Database.POSTGRESQL;
                    default -> throw new IllegalArgumentException("--db takes h2 or postgresql, not " + value);
                };
                case "--batches" -> oneBatch = switch (value) {
                    case "one" -> true;
                    case "per-client" -> false;
                    default -> throw new IllegalArgumentException("--batches takes per-client or one, not " + value);
                };
                case "--clients" -> clients = OptionWords.positive(name, value);
                case "--seconds" -> seconds = OptionWords.positive(name, value);
                case "--warmup" -> warmup = OptionWords.nonNegative(name, value);
                case "--rate" -> rate = OptionWords.nonNegative(name, value);
                case "--window" -> window = OptionWords.positive(name, value);
                case "--poll-ms" -> pollMillis = OptionWords.positive(name, value);
                case "--drain-timeout" -> drain = OptionWords.positive(name, value);
                case "--repo" -> repo = Path.of(value);
                case "--pg-url" -> pgUrl = value;
                case "--pg-user" -> pgUser = value;
                case "--kafka-classpath" -> kafkaClasspath = Path.of(value);
                case "--data-dir" -> dataDir = Path.of(value);
                case "--registry", "--ledger", "--reporting" -> urls.put(name.substring(2), value);
                case "--admin-key" -> adminKey = value;
                case "--pid" -> {
                    int equals = value.indexOf('=');
                    if (equals < 1) {
                        throw new IllegalArgumentException("--pid needs name=pid, was " + value);
                    }
                    pids.put(value.substring(0, equals), (long) OptionWords.positive(name, value.substring(equals + 1)));
                }
                case "--pg-database" -> pgDatabases.add(value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        Attach attach = null;
        if (dataDir != null) {
            attach = StackDataDir.read(dataDir, urls, adminKey, pids, pgDatabases);
        } else if (!urls.isEmpty() || adminKey != null) {
            if (urls.size() != 3 || adminKey == null) {
                throw new IllegalArgumentException(
                        "attaching needs --registry, --ledger, --reporting and --admin-key (or --data-dir)");
            }
            attach = new Attach(URI.create(urls.get("registry")), URI.create(urls.get("ledger")),
                    URI.create(urls.get("reporting")), adminKey, Map.copyOf(pids), Set.copyOf(pgDatabases));
        }
        return new StackOptions(database, oneBatch, clients, seconds, warmup, rate, window, pollMillis, drain, repo,
                pgUrl, pgUser, kafkaClasspath, attach);
    }

    boolean openLoop() {
        return rate > 0;
    }

    /** How the row is named in the output, like the table in README. */
    String label() {
        String db = attach != null ? "attached" : database == Database.H2 ? "H2" : "PostgreSQL";
        String load = openLoop() ? "open loop " + rate + "/s" : clients + " clients";
        return db + ", " + load + ", " + (oneBatch ? "one batch" : "one batch per client");
    }
}
