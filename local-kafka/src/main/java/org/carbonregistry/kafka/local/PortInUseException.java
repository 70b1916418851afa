package org.carbonregistry.kafka.local;

/**
 * A port the broker needs on 127.0.0.1 is already taken. The broker refuses to start rather than
 * let clients talk to whatever else is listening there, which may be somebody else's broker.
 */
public final class PortInUseException extends IllegalStateException {

    private final int port;

    PortInUseException(int port, String listener) {
        super(BrokerSettings.HOST + ":" + port + " (" + listener + ") is already in use by another process;"
                + " not starting a second Kafka broker there");
        this.port = port;
    }

    public int port() {
        return port;
    }
}
