package io.berth.agent.dns;

import io.berth.events.net.Ipv4;
import io.berth.events.net.Ipv4Cidr;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * The DNS server of one user-defined network on this node, listening on UDP port 53 of the network's gateway
 * address (the bridge's), which is the {@code nameserver} of every container on it. Names of the network are
 * answered from {@link EndpointNames}; a query from outside the network's subnet is refused, so one network
 * never learns another's names. Other names with a dot are relayed to the host's resolvers (as dockerd forwards
 * to the host's); a single unknown label is NXDOMAIN at once, never sent out.
 */
public final class NetworkDns implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NetworkDns.class.getName());
    private static final int FORWARD_TIMEOUT_MILLIS = 2000;

    private final String network;
    private final Ipv4Cidr subnet;
    private final EndpointNames names;
    private final Supplier<List<InetSocketAddress>> upstreams;
    private final ExecutorService forwards;
    private final DatagramSocket socket;
    private final Thread thread;

    /** Binds {@code listen}:{@code port} and starts answering. */
    public NetworkDns(String network, Ipv4Cidr subnet, Ipv4 listen, int port, EndpointNames names,
                      Supplier<List<InetSocketAddress>> upstreams, ExecutorService forwards) throws IOException {
        this.network = network;
        this.subnet = subnet;
        this.names = names;
        this.upstreams = upstreams;
        this.forwards = forwards;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(listen.toString()), port));
        this.thread = new Thread(this::serve, "berth-dns-" + network);
        thread.setDaemon(true);
        thread.start();
    }

    private void serve() {
        byte[] buf = new byte[1500];
        while (!socket.isClosed()) {
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(in);
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.log(System.Logger.Level.WARNING, "DNS of network " + network + ": " + e.getMessage());
                }
                continue;
            }
            try {
                handle(Arrays.copyOf(in.getData(), in.getLength()), (InetSocketAddress) in.getSocketAddress());
            } catch (RuntimeException e) {
                // one bad query (or a cluster map briefly away) must not end the server
                LOG.log(System.Logger.Level.WARNING, "DNS of network " + network + " failed a query: " + e);
            }
        }
    }

    private void handle(byte[] packet, InetSocketAddress from) {
        Optional<DnsMessage> parsed = DnsMessage.parse(packet, packet.length);
        if (parsed.isEmpty()) {
            return;
        }
        DnsMessage q = parsed.get();
        Ipv4 source;
        try {
            source = Ipv4.parse(from.getAddress().getHostAddress());
        } catch (IllegalArgumentException e) {
            send(q.error(DnsMessage.REFUSED), from);
            return;
        }
        if (!subnet.contains(source)) {
            send(q.error(DnsMessage.REFUSED), from);
            return;
        }
        List<Ipv4> found = names.resolve(network, source, q.name());
        if (!found.isEmpty()) {
            send(q.type() == DnsMessage.TYPE_A ? q.answer(found) : q.error(DnsMessage.NOERROR), from);
        } else if (!q.name().contains(".")) {
            send(q.error(DnsMessage.NXDOMAIN), from);
        } else {
            forwards.execute(() -> forward(q, packet, from));
        }
    }

    private void forward(DnsMessage q, byte[] packet, InetSocketAddress from) {
        for (InetSocketAddress upstream : upstreams.get()) {
            try (DatagramSocket out = new DatagramSocket()) {
                out.setSoTimeout(FORWARD_TIMEOUT_MILLIS);
                out.send(new DatagramPacket(packet, packet.length, upstream));
                byte[] buf = new byte[4096];
                DatagramPacket reply = new DatagramPacket(buf, buf.length);
                out.receive(reply);
                send(Arrays.copyOf(reply.getData(), reply.getLength()), from);
                return;
            } catch (SocketTimeoutException e) {
                // the next resolver, if any
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "forward to " + upstream + ": " + e.getMessage());
            }
        }
        send(q.error(DnsMessage.SERVFAIL), from);
    }

    private void send(byte[] answer, InetSocketAddress to) {
        try {
            socket.send(new DatagramPacket(answer, answer.length, to));
        } catch (SocketException e) {
            // closed meanwhile: the network went
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "DNS answer to " + to + ": " + e.getMessage());
        }
    }

    /** The bound port (53 unless a test asked for an ephemeral one). */
    public int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        socket.close();
    }
}
