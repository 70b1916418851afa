package org.carbonregistry.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Command-line options of the load driver.
 *
 * @param commands         measured commands per gateway scenario
 * @param maxSeconds       longest measured gateway run; it stops early, with fewer commands, when this runs out
 * @param threads          gateway client threads, each sending synchronously
 * @param rate             HTTP requests per second, scheduled at fixed intervals (open loop)
 * @param seconds          length of a measured HTTP run
 * @param warmup           untimed commands (gateway) or requests (HTTP) before each measured run
 * @param window           most HTTP requests in flight at once
 * @param jfr              where to write a Java Flight Recorder profile of the measured runs, or null
 * @param serviceProperties {@code key=value} settings passed to registry-service (they win over its defaults)
 */
record DriverOptions(List<Scenario> scenarios, int commands, int maxSeconds, int threads, int rate, int seconds, int warmup,
                     int window, Path jfr, List<String> serviceProperties) {

    static final String USAGE = """
            RegistryLoadDriver: transfers and retirements against registry-service, figures printed.
              --scenario gateway-hot|gateway-spread|http-hot|http-spread|all   (default all; comma-separated list allowed)
              --commands N      measured commands per gateway scenario (default 20000)
              --max-seconds S   stop a gateway run after S seconds even if not all commands were sent (default 30)
              --threads N       gateway client threads (default 8)
              --rate R          HTTP requests per second, open loop (default 500)
              --seconds S       measured HTTP seconds (default 20)
              --warmup N        untimed commands/requests before each scenario (default 2000)
              --window N        most HTTP requests in flight (default 256)
              --jfr FILE        record a JFR profile of the measured runs into FILE
              --service-property key=value   a registry-service setting, repeatable
                                (e.g. spring.datasource.hikari.maximum-pool-size=8)
            Database: a fresh H2 file database in a temp directory, or, when REGISTRY_DB_URL is a PostgreSQL URL
            (with REGISTRY_DB_USER / REGISTRY_DB_PASSWORD), a fresh database created on that server and dropped
            at the end. Kafka: KAFKA_BOOTSTRAP_SERVERS, else an in-process broker.""";

    static DriverOptions parse(String[] args) {
        List<Scenario> scenarios = Scenario.parse("all");
        int commands = 20_000;
        int maxSeconds = 30;
        int threads = 8;
        int rate = 500;
        int seconds = 20;
        int warmup = 2_000;
        int window = 256;
        Path jfr = null;
        List<String> serviceProperties = new ArrayList<>();
        for (OptionWords.Option option : OptionWords.parse(args, Set.of())) {
            String name = option.name();
            String value = option.value();
            switch (name) {
                case "--scenario" -> scenarios = Scenario.parse(value);
                case "--commands" -> commands = OptionWords.positive(name, value);
                case "--max-seconds" -> maxSeconds = OptionWords.positive(name, value);
                case "--threads" -> threads = OptionWords.positive(name, value);
                case "--rate" -> rate = OptionWords.positive(name, value);
                case "--seconds" -> seconds = OptionWords.positive(name, value);
                case "--warmup" -> warmup = OptionWords.nonNegative(name, value);
                case "--window" -> window = OptionWords.positive(name, value);
                case "--jfr" -> jfr = Path.of(value);
                case "--service-property" -> {
                    if (value.indexOf('=') < 1) {
                        throw new IllegalArgumentException("--service-property needs key=value, was " + value);
                    }
                    serviceProperties.add(value);
                }
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return new DriverOptions(scenarios, commands, maxSeconds, threads, rate, seconds, warmup, window, jfr,
                List.copyOf(serviceProperties));
    }
}
