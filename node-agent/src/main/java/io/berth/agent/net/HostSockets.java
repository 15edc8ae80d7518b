package io.berth.agent.net;

import io.berth.events.spec.PortBinding;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Whether a host port is free of the host's own sockets: DNAT would otherwise silently steal a port a host
 * process listens on. Tried by binding it for a moment, on the asked address or all of them.
 */
final class HostSockets {

    static boolean free(PortBinding b) {
        try {
            InetAddress at = InetAddress.getByName(b.hostIp().isEmpty() ? "0.0.0.0" : b.hostIp());
            if (b.protocol().equals("udp")) {
                try (DatagramSocket s = new DatagramSocket(null)) {
                    s.bind(new InetSocketAddress(at, b.hostPort()));
                }
            } else {
                try (ServerSocket s = new ServerSocket()) {
                    s.bind(new InetSocketAddress(at, b.hostPort()));
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private HostSockets() {
    }
}
