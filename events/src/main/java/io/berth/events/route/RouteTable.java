package io.berth.events.route;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP routes by method and path template, the one dispatcher of the gateway's Docker API and the node agent's
 * stream endpoint. In a template {@code {id}} is one path segment, {@code {name*}} the rest of the path (image
 * names have slashes) and {@code {id:[0-9a-f]{64}}} a segment that must match the regex; each becomes the
 * match's parameter of that name, percent-decoded. Plain data: the HTTP side (Vert.x) stays with the caller.
 *
 * @param <H> what answers a request on that side
 */
public final class RouteTable<H> {

    /** A request's route: its template (a meter label that holds no ids), handler and decoded parameters. */
    public record Match<H>(String template, H handler, Map<String, String> params) {
        public Match {
            params = Map.copyOf(params);
        }
    }

    private record Route<H>(String method, String template, Pattern path, List<String> names, H handler) {
    }

    // routes are added while an agent's server already listens: a copy-on-write list needs no lock to read
    private final List<Route<H>> routes = new CopyOnWriteArrayList<>();

    /** Adds {@code template} for {@code method} (e.g. {@code GET}); the first route added wins a path. */
    public RouteTable<H> add(String method, String template, H handler) {
        StringBuilder regex = new StringBuilder();
        List<String> names = new ArrayList<>();
        int at = 0;
        for (int open = template.indexOf('{'); open >= 0; open = template.indexOf('{', at)) {
            int close = closing(template, open);
            String param = template.substring(open + 1, close);
            int colon = param.indexOf(':');
            String name = colon < 0 ? param : param.substring(0, colon);
            String segment = "[^/]+";
            if (colon >= 0) {
                segment = param.substring(colon + 1);
            } else if (name.endsWith("*")) {
                name = name.substring(0, name.length() - 1);
                segment = ".+";
            }
            if (!name.matches("[A-Za-z]+")) {
                throw new IllegalArgumentException("route " + template + ": bad parameter name {" + param + "}");
            }
            regex.append(Pattern.quote(template.substring(at, open))).append("(?<").append(name).append('>')
                    .append(segment).append(')');
            names.add(name);
            at = close + 1;
        }
        regex.append(Pattern.quote(template.substring(at)));
        routes.add(new Route<>(method, template, Pattern.compile(regex.toString()), List.copyOf(names), handler));
        return this;
    }

    /**
     * The route for {@code method} and {@code path} (without query), or empty when none has both.
     *
     * @throws IllegalArgumentException a parameter holds a malformed percent escape (the client's error)
     */
    public Optional<Match<H>> match(String method, String path) {
        for (Route<H> route : routes) {
            Matcher m = route.path.matcher(path);
            if (route.method.equals(method) && m.matches()) {
                Map<String, String> params = new HashMap<>();
                for (String name : route.names) {
                    params.put(name, decode(m.group(name)));
                }
                return Optional.of(new Match<>(route.template, route.handler, params));
            }
        }
        return Optional.empty();
    }

    private static int closing(String template, int open) {
        int depth = 0;
        for (int i = open; i < template.length(); i++) {
            char c = template.charAt(i);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("route " + template + ": unclosed { at " + open);
    }

    /** Percent-decoding only: a '+' in a path is a plus. */
    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed escape in " + segment, e);
        }
    }
}
