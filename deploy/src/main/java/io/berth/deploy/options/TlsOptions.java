package io.berth.deploy.options;

import io.berth.gateway.http.ApiTls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * Decides how the API's TCP listener is guarded: plain HTTP is allowed on loopback only; anywhere else the
 * launcher refuses to start unless mutual TLS is configured, because the API is root on every node.
 */
final class TlsOptions {
    private static final String HOW = "--tlsverify --tlscacert CA.pem --tlscert SERVER-CERT.pem --tlskey "
            + "SERVER-KEY.pem (make them with: ./berth certs DIR)";

    private TlsOptions() {
    }

    /** The TLS to serve {@code tcp} with, null for plain HTTP; refuses combinations that would expose the API. */
    static ApiTls of(HostPort tcp, boolean verify, boolean insecure, String ca, String cert, String key) {
        boolean anyFile = !ca.isBlank() || !cert.isBlank() || !key.isBlank();
        if (verify && insecure) {
            throw new BadOptionException("--tlsverify and --insecure-tcp contradict each other: pick one");
        }
        if (!verify) {
            if (anyFile) {
                throw new BadOptionException("--tlscacert, --tlscert and --tlskey need --tlsverify: Berth serves TLS "
                        + "only with client certificates (mutual TLS)");
            }
            if (tcp != null && !insecure && !loopback(tcp.host())) {
                throw new BadOptionException("--tcp " + tcp + " is not a loopback address: the API there would let "
                        + "anyone who reaches it run containers as root; serve it with mutual TLS: " + HOW
                        + "; or, on a network nothing else can reach, accept that with --insecure-tcp");
            }
            return null;
        }
        if (tcp == null) {
            throw new BadOptionException("--tlsverify guards the TCP listener, but no --tcp HOST:PORT is given");
        }
        return new ApiTls(given("--tlscacert", ca), given("--tlscert", cert), given("--tlskey", key));
    }

    // whether the files can be read is the gateway stage's check, when it starts (ApiTls.requireReadable)
    private static Path given(String flag, String file) {
        if (file.isBlank()) {
            throw new BadOptionException("--tlsverify needs " + flag + ": " + HOW);
        }
        return Path.of(file.trim()).toAbsolutePath();
    }

    // a name is resolved as the listener would bind it: "localhost" is loopback, a host name that maps out is not
    static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new BadOptionException("--tcp: unknown host '" + host + "'");
        }
    }
}
