/**
 * A real Apache Kafka broker, or a three-node cluster, (KRaft, each node a combined broker and controller)
 * started from the Maven artifacts, without Docker, listening on 127.0.0.1 only. One implementation,
 * {@link org.carbonregistry.kafka.local.LocalKafkaBroker}, serves four uses.
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
 * idempotent producers with {@code acks=all} work (a single broker's internal topics have one replica,
 * min ISR 1).
 * Topics are auto-created with 3 partitions. A port that is already taken makes {@code start} and
 * {@code startAgain} fail with {@link org.carbonregistry.kafka.local.PortInUseException} instead of
 * joining whatever listens there.
 *
 * <h2>A three-node cluster in-process, for failover tests</h2>
 * <pre>{@code
 * try (LocalKafkaCluster kafka = LocalKafkaCluster.start(tempDir, 3)) {   // free ephemeral ports
 *     kafka.createTopic("registry-events", 3);      // 3 replicas, min.insync.replicas 2
 *     String bootstrap = kafka.bootstrapServers();  // "127.0.0.1:<p1>,127.0.0.1:<p2>,127.0.0.1:<p3>"
 *     kafka.broker(2).shutdown();                   // node 2 down: acks=all writes and reads go on
 *     kafka.broker(2).startAgain();                 // back, catching up from the others
 * }
 * }</pre>
 * Every node is a voter of the controller quorum, so any one of three may be down. Internal topics
 * ({@code __consumer_offsets}, {@code __transaction_state}) and auto-created topics also get three
 * replicas and min ISR 2; unclean leader election stays off. Node n keeps its data in
 * {@code dataDir/broker-n}; the nodes share the cluster id in {@code dataDir/cluster.id}. Why combined
 * nodes rather than one controller and three brokers: a lone controller would be the one process whose
 * loss stops every metadata change (no leader elections, so no failover), and it would be a fourth JVM on
 * a two-core machine; three combined nodes tolerate the loss of any one with three JVMs.
 * {@code LocalKafkaClusterIT} stops a partition leader while a producer and a consumer group go on, and
 * checks that every record is read exactly once after it returns.
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
 *      --data ./data/kafka --port 9092 --controller-port 9093 [--brokers 3 --node 2]
 * </pre>
 * Options default to {@code KAFKA_DATA_DIR}, {@code KAFKA_PORT}, {@code KAFKA_CONTROLLER_PORT},
 * {@code KAFKA_BROKERS}, then {@code ./data/kafka}, 9092, 9093, one broker. Prints
 * {@code Kafka broker ready at 127.0.0.1:<port>} when clients can connect (with {@code (node k of n)}
 * in a cluster) and {@code Kafka broker stopped} after a clean stop on SIGTERM; exits with 2 and a
 * message on standard error when a port is taken, 64 on bad options. Kafka logs at WARN on standard error.
 * {@code ./registry up --brokers 3} starts three such processes, node k on {@code port + 2(k-1)} and
 * {@code controller-port + 2(k-1)}, so a crashed node is restarted alone while the other two serve.
 *
 * <p>Kafka itself may halt the JVM on unrecoverable storage faults (for example when its data
 * directory is deleted while it runs); tests must not delete a running broker's directory.
 */
package org.carbonregistry.kafka.local;
