package io.berth.gateway.http;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Mutual TLS for the API's TCP listener, as dockerd's {@code --tlsverify}: the server presents {@code cert}/{@code key}
 * and accepts only clients whose certificate {@code ca} signed.
 *
 * @param ca   PEM certificate of the authority client certificates must chain to ({@code --tlscacert})
 * @param cert PEM server certificate ({@code --tlscert})
 * @param key  PEM server private key ({@code --tlskey})
 */
public record ApiTls(Path ca, Path cert, Path key) {

    /** Fails with the file's flag name when one of the three cannot be read, before the listener tries. */
    public void requireReadable() {
        check("--tlscacert", ca);
        check("--tlscert", cert);
        check("--tlskey", key);
    }

    private static void check(String flag, Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalStateException(flag + " " + file + ": no such readable file");
        }
    }

    /** Server options that refuse the handshake of a client without a certificate from {@link #ca}. */
    public HttpServerOptions serverOptions() {
        return new HttpServerOptions()
                .setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString()))
                .setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()))
                .setClientAuth(ClientAuth.REQUIRED);
    }
}
