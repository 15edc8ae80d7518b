package io.berth.deploy.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * TLS material made the way the README tells an operator to: {@code ./berth certs DIR HOST…} (openssl), so the
 * tests exercise the command as well as the listener.
 */
final class ApiCertificates {
    private static final Path BERTH = Path.of("..", "berth");
    private final Path dir;

    private ApiCertificates(Path dir) {
        this.dir = dir;
    }

    /** Makes a CA, a server certificate for loopback and {@code hosts}, and a client certificate in {@code dir}. */
    static ApiCertificates make(Path dir, String... hosts) {
        List<String> command = new ArrayList<>(List.of(BERTH.toString(), "certs", dir.toString()));
        command.addAll(List.of(hosts));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("./berth certs failed: " + out);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + BERTH, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        ApiCertificates made = new ApiCertificates(dir);
        for (Path file : List.of(made.ca(), made.serverCert(), made.serverKey(), made.clientCert(), made.clientKey())) {
            if (!Files.isRegularFile(file)) {
                throw new AssertionError("./berth certs did not make " + file);
            }
        }
        return made;
    }

    /** What DOCKER_CERT_PATH names: ca.pem, cert.pem and key.pem are read from it. */
    Path dir() {
        return dir;
    }

    Path ca() {
        return dir.resolve("ca.pem");
    }

    Path serverCert() {
        return dir.resolve("server-cert.pem");
    }

    Path serverKey() {
        return dir.resolve("server-key.pem");
    }

    Path clientCert() {
        return dir.resolve("cert.pem");
    }

    Path clientKey() {
        return dir.resolve("key.pem");
    }
}
