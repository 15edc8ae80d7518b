package io.berth.deploy.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API over TCP with mutual TLS, as {@code dockerd --tlsverify}: a gateway process ({@code --role gateway}) joins
 * the shared platform serving TCP with certificates {@code ./berth certs} made; the docker CLI with
 * {@code DOCKER_TLS_VERIFY=1} and the client certificate runs containers through it; a client without a
 * certificate, with one another CA signed, or speaking plain HTTP gets no answer. The Unix socket is 0660 root.
 */
@E2e
class TlsIT {
    private static Platform platform;
    private static DockerCli docker;
    private static Path dir;
    private static ApiCertificates certs;
    private static ApiCertificates strangers;
    private static Process gateway;
    private static int port;

    @BeforeAll
    static void startTlsGateway() throws IOException {
        dir = Files.createTempDirectory("berth-e2e-tls-");
        certs = ApiCertificates.make(dir.resolve("ours"));
        strangers = ApiCertificates.make(dir.resolve("strangers"));
        port = io.berth.deploy.testing.FreePorts.take(1)[0];
        Path log = platform.target.resolve("e2e-tls-gateway.log");
        gateway = LauncherProcess.launch(platform.jar, log, List.of("--role", "gateway",
                "--cluster-name", platform.cluster,
                "--node-id", "tls-gateway",
                "--data-root", dir.resolve("data").toString(),
                "--kafka-bootstrap", platform.kafkaBootstrap(),
                "--hazelcast-members", "127.0.0.1:" + platform.hazelcastPort,
                "--registry-url", platform.registryUrl(),
                "--socket", "",
                "--tcp", "127.0.0.1:" + port,
                "--tlsverify",
                "--tlscacert", certs.ca().toString(),
                "--tlscert", certs.serverCert().toString(),
                "--tlskey", certs.serverKey().toString()));
        LauncherProcess.await(gateway, log, () -> curl(List.of("--cacert", certs.ca().toString(),
                "--cert", certs.clientCert().toString(), "--key", certs.clientKey().toString(),
                "https://127.0.0.1:" + port + "/_ping")).output().equals("OK"), "the TLS gateway's /_ping");
    }

    @AfterAll
    static void stop() {
        try {
            if (gateway != null) {
                LauncherProcess.stop(gateway);
            }
        } finally {
            if (dir != null) {
                LauncherProcess.deleteRoot(dir, "the TLS test's certificates");
            }
        }
    }

    private DockerCli overTcp(Path certPath) {
        DockerCli cli = docker.withEnv("DOCKER_HOST", "tcp://127.0.0.1:" + port);
        return certPath == null ? cli : cli.withEnv("DOCKER_TLS_VERIFY", "1")
                .withEnv("DOCKER_CERT_PATH", certPath.toString());
    }

    @Test
    void theCliWithAClientCertificateRunsContainers() {
        DockerCli cli = overTcp(certs.dir());
        assertEquals("hi", cli.ok("run", "--rm", "busybox", "echo", "hi").stdout().trim());
        String id = cli.ok("run", "-d", "--label", "berth.test=tls", "busybox", "sleep", "60").stdout().trim();
        try {
            // one cluster: the socket's gateway sees what the TLS gateway made
            assertTrue(docker.ok("ps", "-q", "--no-trunc").stdout().contains(id));
            assertEquals("running", cli.ok("inspect", "-f", "{{.State.Status}}", id).stdout().trim());
        } finally {
            docker.run("rm", "-f", id);
        }
    }

    @Test
    void aClientWithoutACertificateFailsTheHandshake() {
        Curl noCert = curl(List.of("--cacert", certs.ca().toString(), "https://127.0.0.1:" + port + "/_ping"));
        assertNotEquals(0, noCert.status(), noCert.toString());
        assertNotEquals("OK", noCert.output());
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() {
        Curl foreign = curl(List.of("--cacert", certs.ca().toString(), "--cert", strangers.clientCert().toString(),
                "--key", strangers.clientKey().toString(), "https://127.0.0.1:" + port + "/_ping"));
        assertNotEquals(0, foreign.status(), foreign.toString());
        assertNotEquals("OK", foreign.output());
    }

    @Test
    void plainHttpAndTheCliWithoutTlsGetNoAnswer() {
        Curl plain = curl(List.of("http://127.0.0.1:" + port + "/_ping"));
        assertNotEquals("OK", plain.output(), plain.toString());
        DockerCli.Result ps = overTcp(null).run("ps");
        assertNotEquals(0, ps.exitCode(), ps.toString());
    }

    @Test
    void theUnixSocketIsRootsAlone() throws IOException {
        PosixFileAttributes socket = Files.readAttributes(platform.socket(), PosixFileAttributes.class);
        assertEquals("rw-rw----", PosixFilePermissions.toString(socket.permissions()));
        assertEquals("root", socket.owner().getName());
        assertEquals("root", socket.group().getName());
    }

    record Curl(int status, String output) {
    }

    private static Curl curl(List<String> args) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10"));
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Curl(-1, out);
            }
            return new Curl(p.exitValue(), out);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
