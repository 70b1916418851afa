package org.carbonregistry.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

@ExtendWith(SharedKafka.Extension.class)
class SharedKafkaTest {

    @Test
    void everyCallReturnsTheSameRunningBroker() throws Exception {
        String first = SharedKafka.bootstrapServers();

        TestClients.sendAndWait(first, "shared", List.of("hello"));

        assertThat(SharedKafka.bootstrapServers()).isEqualTo(first);
        assertThat(TestClients.values(TestClients.consume(first, "shared", "read_committed", 1, Duration.ofSeconds(30))))
                .containsExactly("hello");
    }

    @Test
    void aLocalBrokerListensOnAnEphemeralLoopbackPortUnlessAnExternalOneIsConfigured() {
        String bootstrap = SharedKafka.bootstrapServers();

        if (SharedKafka.usesExternalBroker()) {
            assertThat(bootstrap).isEqualTo(System.getenv(SharedKafka.BOOTSTRAP_SERVERS_ENV).trim());
        } else {
            assertThat(bootstrap).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:9092");
        }
    }

    @Test
    void theExtensionStopsTheBrokerWhenTheTestRunEnds() {
        assumeFalse(SharedKafka.usesExternalBroker(), "an external broker is never stopped");
        SummaryGeneratingListener summary = new SummaryGeneratingListener();

        LauncherFactory.create().execute(request().selectors(selectClass(NestedRun.class)).build(), summary);

        assertThat(summary.getSummary().getTestsSucceededCount()).isEqualTo(1);
        int port = Integer.parseInt(NestedRun.bootstrapServers.substring("127.0.0.1:".length()));
        assertThat(LoopbackPorts.isFree(port)).as("shared broker stopped after the nested run").isTrue();
        assertThat(SharedKafka.bootstrapServers()).as("a later run gets a fresh broker").isNotEqualTo(NestedRun.bootstrapServers);
    }

    /** Runs only inside the nested test plan above; Surefire skips nested classes. */
    @ExtendWith(SharedKafka.Extension.class)
    static class NestedRun {

        static String bootstrapServers;

        @Test
        void usesTheSharedBroker() {
            bootstrapServers = SharedKafka.bootstrapServers();
            assertThat(LoopbackPorts.isFree(Integer.parseInt(bootstrapServers.split(":")[1]))).isFalse();
        }
    }
}
