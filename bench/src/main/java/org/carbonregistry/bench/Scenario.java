package org.carbonregistry.bench;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** What is measured: which way commands reach the registry, and over how many batches they spread. */
enum Scenario {
    GATEWAY_HOT("gateway-hot", Transport.GATEWAY, 1),
    GATEWAY_SPREAD("gateway-spread", Transport.GATEWAY, 100),
    HTTP_HOT("http-hot", Transport.HTTP, 1),
    HTTP_SPREAD("http-spread", Transport.HTTP, 100);

    enum Transport { GATEWAY, HTTP }

    private final String label;
    private final Transport transport;
    private final int batches;

    Scenario(String label, Transport transport, int batches) {
        this.label = label;
        this.transport = transport;
        this.batches = batches;
    }

    String label() {
        return label;
    }

    Transport transport() {
        return transport;
    }

    /** One batch: every command contends for the same aggregate; many: commands rarely meet. */
    int batches() {
        return batches;
    }

    static List<Scenario> parse(String text) {
        if (text.equals("all")) {
            return List.of(values());
        }
        return Arrays.stream(text.split(",")).map(String::trim).map(Scenario::byLabel).distinct().toList();
    }

    private static Scenario byLabel(String label) {
        return Arrays.stream(values()).filter(s -> s.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + label + "'; one of "
                        + Arrays.stream(values()).map(Scenario::label).collect(Collectors.joining("|")) + "|all"));
    }
}
