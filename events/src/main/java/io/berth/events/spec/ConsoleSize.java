package io.berth.events.spec;

/** The terminal size a tty container starts with (Docker's {@code HostConfig.ConsoleSize}: height, width). */
public record ConsoleSize(int height, int width) {
    public ConsoleSize {
        if (height < 0 || width < 0 || height > 65535 || width > 65535) {
            throw new IllegalArgumentException("console size must be 0 to 65535, not " + height + "x" + width);
        }
    }

    /** Whether it sets anything: Docker sends [0, 0] when the client is not on a terminal. */
    public boolean given() {
        return height > 0 && width > 0;
    }
}
