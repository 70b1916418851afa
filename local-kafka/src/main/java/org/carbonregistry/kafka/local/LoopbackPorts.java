package org.carbonregistry.kafka.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Checks and picks TCP ports on 127.0.0.1. */
final class LoopbackPorts {

    private LoopbackPorts() {
    }

    /**
     * Whether nothing listens on the port. SO_REUSEADDR is on, as in Kafka's own listener, so
     * connections of a broker that just stopped (TIME_WAIT) do not count as "in use".
     */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(BrokerSettings.HOST, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Replaces each 0 by a free ephemeral port. All probe sockets stay open until every port is
     * known, so no two picks coincide. Another process may still grab a port before Kafka
     * binds it; the broker then fails to start with a {@link PortInUseException}.
     */
    static int[] resolve(int... ports) {
        List<ServerSocket> probes = new ArrayList<>();
        try {
            int[] resolved = new int[ports.length];
            for (int i = 0; i < ports.length; i++) {
                if (ports[i] != 0) {
                    resolved[i] = ports[i];
                } else {
                    ServerSocket probe = new ServerSocket();
                    probes.add(probe);
                    resolved[i] = bindEphemeral(probe);
                }
            }
            return resolved;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pick a free port on " + BrokerSettings.HOST, e);
        } finally {
            probes.forEach(LoopbackPorts::closeQuietly);
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // a probe socket that fails to close holds nothing Kafka needs
        }
    }

    private static int bindEphemeral(ServerSocket socket) throws IOException {
        socket.bind(new InetSocketAddress(BrokerSettings.HOST, 0));
        return socket.getLocalPort();
    }
}
