package io.berth.deploy.e2e;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@code /metrics} scrape parsed by the Prometheus Python client's text-format parser (Debian's
 * {@code python3-prometheus-client}, run by {@code src/test/python/prometheus_parse.py}): a scrape it refuses fails
 * the test.
 */
final class PrometheusText {
    record Sample(String name, Map<String, String> labels, Object value) {
        double number() {
            return value instanceof Number n ? n.doubleValue() : "+Inf".equals(value) ? Double.POSITIVE_INFINITY : Double.NaN;
        }
    }

    record Family(String name, String type, List<Sample> samples) {
    }

    /** Every family of one scrape. */
    record Scrape(String text, List<Family> families) {
        Family family(String name) {
            return families.stream().filter(f -> f.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no metric family " + name + " in the scrape"));
        }

        boolean has(String name) {
            return families.stream().anyMatch(f -> f.name().equals(name));
        }

        /** The value of the one sample named {@code sample} whose labels pass {@code labels}. */
        double value(String sample, Predicate<Map<String, String>> labels) {
            List<Sample> found = families.stream().flatMap(f -> f.samples().stream())
                    .filter(s -> s.name().equals(sample) && labels.test(s.labels())).toList();
            if (found.size() != 1) {
                throw new AssertionError(found.size() + " samples " + sample + " match, not 1: " + found);
            }
            return found.get(0).number();
        }

        double value(String sample) {
            return value(sample, l -> true);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** GETs {@code url} over TCP: must be 200 with the text format's content type. */
    static Scrape scrapeTcp(String url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            check(url, r.statusCode(), r.headers().firstValue("content-type").orElse(""));
            return parse(r.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** GETs {@code /metrics} over the gateway's Unix socket. */
    static Scrape scrapeSocket(Path socket) {
        RawHttp.Response r = new RawHttp(socket).send("GET", "/metrics", null);
        check("unix://" + socket + "/metrics", r.status(), r.contentType());
        return parse(r.body());
    }

    private static void check(String where, int status, String contentType) {
        if (status != 200 || contentType == null || !contentType.startsWith("text/plain; version=0.0.4")) {
            throw new AssertionError("GET " + where + ": " + status + " " + contentType);
        }
    }

    static Scrape parse(String text) {
        Path script = Path.of("src/test/python/prometheus_parse.py").toAbsolutePath();
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", script.toString()).start();
            Thread feed = new Thread(() -> {
                try (var in = p.getOutputStream()) {
                    in.write(text.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // the parser died: its exit code says why
                }
            });
            feed.start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("the Prometheus parser refused the scrape: " + err);
            }
            return new Scrape(text, JSON.readValue(out, new TypeReference<List<Family>>() { }));
        } catch (IOException e) {
            throw new AssertionError("cannot run the Prometheus parser: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private PrometheusText() {
    }
}
