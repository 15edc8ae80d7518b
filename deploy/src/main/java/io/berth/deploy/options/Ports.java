package io.berth.deploy.options;

/** Parses a TCP port number from a flag value. */
final class Ports {

    static int parse(String flag, String value, int lowest) {
        int port;
        try {
            port = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new BadOptionException(flag + ": '" + value + "' is not a port number");
        }
        if (port < lowest || port > 65535) {
            throw new BadOptionException(flag + ": port " + port + " is outside " + lowest + "..65535");
        }
        return port;
    }

    private Ports() {
    }
}
