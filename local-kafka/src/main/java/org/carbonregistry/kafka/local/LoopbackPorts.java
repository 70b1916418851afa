package org.carbonregistry.kafka.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

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
     * Replaces each 0 by a free ephemeral port. Both probe sockets stay open until both ports are
     * known, so the two picks never coincide. Another process may still grab a port before Kafka
     * binds it; the broker then fails to start with a {@link PortInUseException}.
     */
    static int[] resolve(int port, int controllerPort) {
        try (ServerSocket first = new ServerSocket(); ServerSocket second = new ServerSocket()) {
            int resolvedPort = port != 0 ? port : bindEphemeral(first);
            int resolvedControllerPort = controllerPort != 0 ? controllerPort : bindEphemeral(second);
            return new int[] {resolvedPort, resolvedControllerPort};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pick a free port on " + BrokerSettings.HOST, e);
        }
    }

    private static int bindEphemeral(ServerSocket socket) throws IOException {
        socket.bind(new InetSocketAddress(BrokerSettings.HOST, 0));
        return socket.getLocalPort();
    }
}
