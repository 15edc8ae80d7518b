package io.berth.gateway.image;

import io.berth.events.spec.Digest;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.gateway.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The write side of the image store's OCI Distribution API, as any registry client speaks it: blob existence
 * (HEAD), cross-repository mount, monolithic upload (POST {@code ?digest=}, else POST then PUT), manifest PUT
 * and DELETE (by tag = untag, by digest = delete). The store's error JSON becomes a 500 naming the path.
 */
public final class RegistryWriteClient {
    private static final long TIMEOUT_MS = 60_000;
    private final Vertx vertx;
    private final HttpClient http;
    private final WebClient client;
    private final String baseUrl;

    public RegistryWriteClient(Vertx vertx, String registryUrl) {
        this.vertx = vertx;
        this.http = vertx.createHttpClient();
        this.client = WebClient.wrap(http);
        this.baseUrl = registryUrl.endsWith("/") ? registryUrl.substring(0, registryUrl.length() - 1) : registryUrl;
    }

    /** The raw manifest a tag or digest names, exactly as stored (its bytes are what its digest covers). */
    public record RawManifest(String digest, String mediaType, Buffer bytes) {
    }

    public Future<RawManifest> manifest(String repository, String reference) {
        String path = "/v2/" + repository + "/manifests/" + reference;
        return request(HttpMethod.GET, path).putHeader("Accept", RegistryClient.ACCEPT).send().compose(r -> {
            if (r.statusCode() == 404) {
                return Future.failedFuture(ApiError.notFound("No such image: " + repository + ":" + reference));
            }
            expect(r, path, 200);
            String digest = r.getHeader("Docker-Content-Digest");
            return Future.succeededFuture(new RawManifest(digest == null ? Digest.of(r.body().getBytes()).toString() : digest,
                    r.getHeader("Content-Type"), r.body()));
        });
    }

    public Future<Boolean> hasBlob(String repository, String digest) {
        return request(HttpMethod.HEAD, "/v2/" + repository + "/blobs/" + digest).send()
                .map(r -> r.statusCode() == 200);
    }

    public Future<Buffer> blob(String repository, String digest) {
        String path = "/v2/" + repository + "/blobs/" + digest;
        return request(HttpMethod.GET, path).send().map(r -> {
            expect(r, path, 200);
            return r.body();
        });
    }

    /** Streams a blob to {@code chunks} as it arrives (no copy held); fails on any status but 200. */
    public Future<Void> streamBlob(String repository, String digest, Handler<Buffer> chunks) {
        String path = "/v2/" + repository + "/blobs/" + digest;
        return http.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(baseUrl + path))
                .compose(HttpClientRequest::send).compose(response -> {
                    if (response.statusCode() != 200) {
                        return response.body().compose(b -> Future.failedFuture(ApiError.internal(
                                "image store answered " + response.statusCode() + " for " + path)));
                    }
                    response.handler(chunks);
                    return response.end();
                });
    }

    /** Makes {@code digest} part of {@code repository}: nothing if there, a mount from {@code from}, else a copy. */
    public Future<Void> ensureBlob(String repository, String digest, String from) {
        return hasBlob(repository, digest).compose(has -> {
            if (has) {
                return Future.succeededFuture();
            }
            String path = "/v2/" + repository + "/blobs/uploads/?mount=" + enc(digest) + "&from=" + enc(from);
            return request(HttpMethod.POST, path).send().compose(r -> {
                if (r.statusCode() == 201) {
                    return Future.succeededFuture();
                }
                expect(r, path, 202);
                // the store declined the mount and opened an upload instead: fill it with the blob's bytes
                return blob(from, digest).compose(bytes -> finish(r.getHeader("Location"), digest, bytes));
            });
        });
    }

    /** Stores {@code bytes} as blob {@code digest} of {@code repository} unless it is there already. */
    public Future<Void> upload(String repository, String digest, Buffer bytes) {
        return hasBlob(repository, digest).compose(has -> {
            if (has) {
                return Future.succeededFuture();
            }
            String path = "/v2/" + repository + "/blobs/uploads/?digest=" + enc(digest);
            return request(HttpMethod.POST, path).putHeader("Content-Type", "application/octet-stream")
                    .sendBuffer(bytes).compose(r -> {
                        if (r.statusCode() == 201) {
                            return Future.succeededFuture();
                        }
                        expect(r, path, 202);
                        return finish(r.getHeader("Location"), digest, bytes);
                    });
        });
    }

    /** Like {@link #upload} with the blob streamed from a file (layers can be large). */
    public Future<Void> uploadFile(String repository, String digest, Path file, long size) {
        return hasBlob(repository, digest).compose(has -> {
            if (has) {
                return Future.succeededFuture();
            }
            String path = "/v2/" + repository + "/blobs/uploads/?digest=" + enc(digest);
            return sendFile(request(HttpMethod.POST, path), file, size).compose(r -> {
                if (r.statusCode() == 201) {
                    return Future.succeededFuture();
                }
                expect(r, path, 202);
                String location = r.getHeader("Location");
                if (location == null) {
                    return Future.failedFuture(ApiError.internal("image store opened an upload without a Location"));
                }
                return sendFile(client.requestAbs(HttpMethod.PUT, finishUrl(location, digest)).timeout(TIMEOUT_MS),
                        file, size).map(done -> {
                            expect(done, location, 201);
                            return (Void) null;
                        });
            });
        });
    }

    private Future<HttpResponse<Buffer>> sendFile(HttpRequest<Buffer> request, Path file, long size) {
        return vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true)).compose(stream ->
                request.putHeader("Content-Type", "application/octet-stream")
                        .putHeader("Content-Length", Long.toString(size)).sendStream(stream)
                        .eventually(() -> stream.close()));
    }

    private String finishUrl(String location, String digest) {
        return (location.startsWith("http") ? location : baseUrl + location)
                + (location.contains("?") ? "&" : "?") + "digest=" + enc(digest);
    }

    private Future<Void> finish(String location, String digest, Buffer bytes) {
        if (location == null) {
            return Future.failedFuture(ApiError.internal("image store opened an upload without a Location"));
        }
        return client.requestAbs(HttpMethod.PUT, finishUrl(location, digest)).timeout(TIMEOUT_MS)
                .putHeader("Content-Type", "application/octet-stream").sendBuffer(bytes)
                .compose(r -> {
                    expect(r, location, 201);
                    return Future.<Void>succeededFuture();
                });
    }

    /** PUT of a manifest under a tag (or its digest); the answer's digest. */
    public Future<String> putManifest(String repository, String reference, String mediaType, Buffer bytes) {
        String path = "/v2/" + repository + "/manifests/" + reference;
        return request(HttpMethod.PUT, path).putHeader("Content-Type", mediaType).sendBuffer(bytes).map(r -> {
            expect(r, path, 201);
            String digest = r.getHeader("Docker-Content-Digest");
            return digest == null ? Digest.of(bytes.getBytes()).toString() : digest;
        });
    }

    /** DELETE of a tag (the tag goes) or a digest (the manifest goes); false when the store had no such thing. */
    public Future<Boolean> deleteManifest(String repository, String reference) {
        String path = "/v2/" + repository + "/manifests/" + reference;
        return request(HttpMethod.DELETE, path).send().map(r -> {
            if (r.statusCode() == 404) {
                return false;
            }
            expect(r, path, 202);
            return true;
        });
    }

    public void close() {
        client.close();
        http.close();
    }

    private HttpRequest<Buffer> request(HttpMethod method, String path) {
        return client.requestAbs(method, baseUrl + path).timeout(TIMEOUT_MS);
    }

    private static void expect(HttpResponse<Buffer> r, String path, int status) {
        if (r.statusCode() == status || (status == 202 && r.statusCode() == 204)) {
            return;
        }
        String detail = "";
        if (r.body() != null && r.body().length() > 0) {
            try {
                JsonNode error = Json.read(r.body().getBytes(), JsonNode.class).path("errors").path(0);
                detail = ": " + error.path("code").asText() + " " + error.path("message").asText();
            } catch (RuntimeException e) {
                detail = ": " + r.bodyAsString();
            }
        }
        throw ApiError.internal("image store answered " + r.statusCode() + " for " + path + detail);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
