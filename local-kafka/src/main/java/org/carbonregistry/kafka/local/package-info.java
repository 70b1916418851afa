/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) started from the
 * Maven artifacts, without Docker, listening on 127.0.0.1 only. One implementation,
 * {@link org.carbonregistry.kafka.local.LocalKafkaBroker}, serves three uses.
 *
 * <h2>In-process, for integration tests</h2>
 * <pre>{@code
 * try (LocalKafkaBroker kafka = LocalKafkaBroker.start(tempDir, 0, 0)) {   // 0 = free ephemeral ports
 *     kafka.createTopic("registry-events", 3);
 *     String bootstrap = kafka.bootstrapServers();                         // "127.0.0.1:<port>"
 *     kafka.shutdown();     // Kafka down: clients see connection failures
 *     kafka.startAgain();   // back on the same ports with the same topics, records and offsets
 * }
 * }</pre>
 * Storage is formatted on first use of a data directory and reused afterwards. Transactions and
 * idempotent producers with {@code acks=all} work (internal topics have one replica, min ISR 1).
 * Topics are auto-created with 3 partitions. A port that is already taken makes {@code start} and
 * {@code startAgain} fail with {@link org.carbonregistry.kafka.local.PortInUseException} instead of
 * joining whatever listens there.
 *
 * <h2>One broker per test JVM</h2>
 * <pre>{@code
 * @ExtendWith(SharedKafka.Extension.class)
 * class RetirementPublishingIT {
 *     @DynamicPropertySource
 *     static void kafka(DynamicPropertyRegistry registry) {
 *         registry.add("spring.kafka.bootstrap-servers", SharedKafka::bootstrapServers);
 *     }
 * }
 * }</pre>
 * {@link org.carbonregistry.kafka.local.SharedKafka#bootstrapServers()} returns
 * {@code KAFKA_BOOTSTRAP_SERVERS} when set, otherwise it starts one broker lazily on ephemeral
 * ports in a temporary directory. The extension stops it and deletes the directory when the test
 * run ends; without the extension a JVM shutdown hook does. Tests that stop the broker must use
 * their own {@code LocalKafkaBroker}, never the shared one. Spring contexts cached across test
 * classes outlive the run's end, so their Kafka clients may log connection warnings while the
 * JVM exits.
 *
 * <h2>As a process, for {@code ./registry up}</h2>
 * <pre>
 * java -cp &lt;classpath of local-kafka&gt; org.carbonregistry.kafka.local.LocalKafkaMain \
 *      --data ./data/kafka --port 9092 --controller-port 9093
 * </pre>
 * Options default to {@code KAFKA_DATA_DIR}, {@code KAFKA_PORT}, {@code KAFKA_CONTROLLER_PORT},
 * then {@code ./data/kafka}, 9092, 9093. Prints {@code Kafka broker ready at 127.0.0.1:<port>} when
 * clients can connect and {@code Kafka broker stopped} after a clean stop on SIGTERM; exits with 2
 * and a message on standard error when a port is taken. Kafka logs at WARN on standard error.
 *
 * <p>Kafka itself may halt the JVM on unrecoverable storage faults (for example when its data
 * directory is deleted while it runs); tests must not delete a running broker's directory.
 */
package org.carbonregistry.kafka.local;
