package org.carbonregistry.ledger;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.carbonregistry.ledger.checkpoint.NoteSigner;
import org.carbonregistry.ledger.checkpoint.SigningKeys;
import org.carbonregistry.ledger.proof.ApiLimits;
import org.carbonregistry.ledger.proof.ProofService;
import org.carbonregistry.ledger.sequencer.CheckpointPolicy;
import org.carbonregistry.ledger.sequencer.KafkaSequencer;
import org.carbonregistry.ledger.sequencer.KafkaSettings;
import org.carbonregistry.ledger.sequencer.LedgerMetrics;
import org.carbonregistry.ledger.sequencer.LedgerWriter;
import org.carbonregistry.ledger.sequencer.SequenceHealthIndicator;
import org.carbonregistry.ledger.sequencer.SequencerHealthIndicator;
import org.carbonregistry.ledger.sequencer.SequencerLease;
import org.carbonregistry.ledger.sequencer.TrustedRegistryKeys;
import org.carbonregistry.ledger.storage.LedgerSchema;
import org.carbonregistry.ledger.storage.LedgerStorage;
import org.carbonregistry.ledger.tlog.TileStore;
import org.carbonregistry.ledger.witness.CheckpointFileSink;
import org.carbonregistry.ledger.witness.WitnessClient;
import org.carbonregistry.ledger.witness.WitnessEndpoint;
import org.carbonregistry.ledger.witness.WitnessPublisher;
import org.carbonregistry.ledger.witness.WitnessedCheckpoints;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the framework-free parts (storage, writer, lease, witnesses) into the Spring Boot service. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LedgerProperties.class)
class LedgerConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** PostgreSQL sends a JDBC batch as multi-row inserts only when asked to: that is most of the append cost. */
    @Bean
    static BeanPostProcessor postgresBatchInserts() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null
                        && hikari.getJdbcUrl().startsWith("jdbc:postgresql:")
                        && !hikari.getJdbcUrl().contains("reWriteBatchedInserts")) {
                    hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
                }
                return bean;
            }
        };
    }

    @Bean
    LedgerStorage ledgerStorage(JdbcTemplate jdbc) {
        LedgerSchema.create(jdbc);
        return LedgerStorage.over(jdbc);
    }

    @Bean
    NoteSigner noteSigner(LedgerProperties properties) {
        Path keyFile = properties.signingKey();
        try {
            return new NoteSigner(properties.origin(), SigningKeys.loadOrGenerate(keyFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load or create the signing key " + keyFile.toAbsolutePath(), e);
        }
    }

    @Bean
    ApiLimits apiLimits(LedgerProperties properties) {
        LedgerProperties.Api api = properties.api();
        return new ApiLimits(api.maxLeavesPerPage(), api.maxNodesPerPage(), api.maxCheckpointsPerPage(), api.retryAfterSeconds());
    }

    @Bean
    TileStore tileStore(LedgerStorage storage, LedgerProperties properties) {
        return new TileStore(storage, properties.api().tileCache().toBytes());
    }

    @Bean
    ProofService proofService(LedgerStorage storage, ApiLimits limits) {
        return new ProofService(storage, limits.retryAfterSeconds());
    }

    @Bean
    LedgerMetrics ledgerMetrics(MeterRegistry meters, LedgerStorage storage) {
        Gauge.builder("ledger.quarantine.size", storage.quarantine(), quarantine -> quarantine.count())
                .description("Records held in quarantine").register(meters);
        return new LedgerMetrics(meters);
    }

    @Bean
    SequencerLease sequencerLease(JdbcTemplate jdbc, TransactionTemplate transactions, LedgerProperties properties, Clock clock) {
        String instance = properties.sequencer().instanceId();
        if (instance.isBlank()) {
            instance = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        }
        return new SequencerLease(jdbc, transactions, instance, properties.sequencer().leaseDuration(), clock);
    }

    @Bean
    TrustedRegistryKeys trustedRegistryKeys(LedgerProperties properties, LedgerStorage storage, Clock clock) {
        LedgerProperties.Registry registry = properties.registry();
        return TrustedRegistryKeys.configure(registry.verifierKeys(), storage.registryKeys(), registry.url(),
                registry.fetchTimeout(), clock);
    }

    @Bean
    LedgerWriter ledgerWriter(LedgerStorage storage, TransactionTemplate transactions, SequencerLease lease,
                              NoteSigner signer, LedgerProperties properties, Clock clock, LedgerMetrics metrics,
                              TrustedRegistryKeys registryKeys) {
        LedgerProperties.Checkpoints checkpoints = properties.checkpoint();
        return new LedgerWriter(storage, transactions, lease, signer,
                new CheckpointPolicy(checkpoints.interval(), checkpoints.maxLeaves()), clock, metrics, registryKeys);
    }

    @Bean
    @ConditionalOnProperty(name = "ledger.sequencer.enabled", havingValue = "true", matchIfMissing = true)
    KafkaSequencer kafkaSequencer(LedgerWriter writer, SequencerLease lease, LedgerProperties properties,
                                  LedgerMetrics metrics, Clock clock, List<WitnessPublisher> witnesses,
                                  List<CheckpointFileSink> fileSinks, TrustedRegistryKeys registryKeys) {
        witnesses.forEach(writer::addListener);
        fileSinks.forEach(writer::addListener);
        LedgerProperties.Kafka kafka = properties.kafka();
        return new KafkaSequencer(writer, lease, new KafkaSettings(kafka.bootstrapServers(), kafka.topic(), kafka.groupId(),
                kafka.maxPollRecords(), kafka.pollTimeout(), kafka.fetchMinBytes(), kafka.fetchMaxWait()), properties.sequencer().renewInterval(), metrics, clock, registryKeys);
    }

    /** Always present, so the readiness group that names it is valid on read-only replicas too. */
    @Bean("sequencer")
    SequencerHealthIndicator sequencerHealthIndicator(ObjectProvider<KafkaSequencer> sequencer, Clock clock) {
        return new SequencerHealthIndicator(sequencer.getIfAvailable(), clock);
    }

    /** Gaps and repeats in aggregate sequences: in /actuator/health, not in readiness (see the class). */
    @Bean("sequences")
    SequenceHealthIndicator sequenceHealthIndicator(LedgerStorage storage) {
        return new SequenceHealthIndicator(storage.sequences());
    }

    /** Plain checkpoints for witnesses, /log/checkpoint and tlog-proofs, and the published policy. */
    @Bean
    WitnessedCheckpoints witnessedCheckpoints(NoteSigner signer, LedgerStorage storage, LedgerProperties properties) {
        LedgerProperties.Witness witness = properties.witness();
        return new WitnessedCheckpoints(signer, storage.checkpoints(), WitnessEndpoint.parseAll(witness.witnesses()),
                witness.quorum());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("!'${ledger.witness.witnesses:}'.isBlank()")
    WitnessPublisher witnessPublisher(LedgerProperties properties, LedgerStorage storage, WitnessedCheckpoints plain,
                                      MeterRegistry meters) {
        LedgerProperties.Witness witness = properties.witness();
        List<WitnessEndpoint> endpoints = WitnessEndpoint.parseAll(witness.witnesses());
        HttpClient http = HttpClient.newBuilder().connectTimeout(witness.timeout()).build();
        return new WitnessPublisher(endpoints, storage, plain, new WitnessClient(http, witness.timeout()),
                witness.retryMin(), witness.retryMax(), meters);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("!'${ledger.checkpoint.directory:}'.isBlank()")
    CheckpointFileSink checkpointFileSink(LedgerProperties properties, LedgerStorage storage) {
        return new CheckpointFileSink(Path.of(properties.checkpoint().directory()), storage.checkpoints());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "ledger";
        }
    }
}
