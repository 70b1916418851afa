package org.carbonregistry.kafka.local;

import java.nio.file.Path;
import java.util.Properties;

/**
 * Where a single-node KRaft broker keeps its data and which loopback ports it listens on, and the
 * server properties that follow from that.
 */
record BrokerSettings(Path dataDir, int port, int controllerPort) {

    static final String HOST = "127.0.0.1";
    static final int NODE_ID = 1;
    static final int DEFAULT_PARTITIONS = 3;

    /*
     * Fixed once the internal topics exist (group and transaction ids hash onto these partitions),
     * so they must never change for an existing data directory. Fewer than Kafka's default of 50
     * keeps the first consumer group and first transaction quick on a small machine.
     */
    static final int OFFSETS_TOPIC_PARTITIONS = 5;
    static final int TRANSACTION_STATE_PARTITIONS = 5;

    BrokerSettings {
        dataDir = dataDir.toAbsolutePath().normalize();
        if (port <= 0 || controllerPort <= 0 || port == controllerPort) {
            throw new IllegalArgumentException(
                    "need two distinct positive ports, got port=" + port + " controllerPort=" + controllerPort);
        }
    }

    Path logDir() {
        return dataDir.resolve("kraft-log");
    }

    Path propertiesFile() {
        return dataDir.resolve("server.properties");
    }

    String bootstrapServers() {
        return HOST + ":" + port;
    }

    Properties serverProperties() {
        Properties props = new Properties();
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", String.valueOf(NODE_ID));
        props.setProperty("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        props.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty("inter.broker.listener.name", "PLAINTEXT");
        props.setProperty("log.dirs", logDir().toString());

        // One node: every internal topic has a single replica, which is also the whole ISR.
        props.setProperty("offsets.topic.replication.factor", "1");
        props.setProperty("offsets.topic.num.partitions", String.valueOf(OFFSETS_TOPIC_PARTITIONS));
        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("transaction.state.log.num.partitions", String.valueOf(TRANSACTION_STATE_PARTITIONS));
        props.setProperty("default.replication.factor", "1");
        props.setProperty("min.insync.replicas", "1");

        props.setProperty("auto.create.topics.enable", "true");
        props.setProperty("num.partitions", String.valueOf(DEFAULT_PARTITIONS));
        props.setProperty("group.initial.rebalance.delay.ms", "0");

        // Sized for a developer machine or a test JVM rather than a production host: the cleaner's
        // dedupe buffer alone defaults to 128 MiB of heap.
        props.setProperty("num.network.threads", "2");
        props.setProperty("num.io.threads", "2");
        props.setProperty("background.threads", "2");
        props.setProperty("num.recovery.threads.per.data.dir", "1");
        props.setProperty("log.cleaner.threads", "1");
        props.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        return props;
    }
}
