package io.berth.agent.layer;

import io.berth.events.spec.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Fetches {@code GET {registry}/v2/{repository}/blobs/{digest}}, following the registry's redirects. Blocking. */
public final class RegistryBlobSource implements BlobSource {
    private final String registryUrl;
    private final HttpClient http;

    public RegistryBlobSource(String registryUrl) {
        this.registryUrl = registryUrl.endsWith("/") ? registryUrl.substring(0, registryUrl.length() - 1) : registryUrl;
        this.http = HttpClient.newBuilder()
                // plain HTTP/1.1: no h2c upgrade round on each new connection to the image store
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @Override
    public InputStream open(String repository, Digest digest) throws IOException {
        URI uri = URI.create(registryUrl + "/v2/" + repository + "/blobs/" + digest);
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri, e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("GET " + uri + " answered " + response.statusCode());
        }
        return response.body();
    }
}
