package io.berth.deploy.options;

/** A {@code host:port} pair, parsed once. */
public record HostPort(String host, int port) {

    /** Parses {@code host:port}; the message names the offending value. */
    public static HostPort parse(String flag, String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new BadOptionException(flag + ": expected HOST:PORT, got '" + value + "'");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new HostPort(host, Ports.parse(flag, value.substring(colon + 1), 1));
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
