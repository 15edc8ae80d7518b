package io.berth.gateway.stream;

import io.berth.gateway.http.ApiVersion;

/** The content type of an output stream: multiplexed frames without a terminal from API 1.42, else raw. */
public final class StreamMedia {
    public static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";
    public static final String RAW = "application/vnd.docker.raw-stream";

    public static String of(ApiVersion version, boolean tty) {
        return !tty && ApiVersion.compare(version.effective(), "1.42") >= 0 ? MULTIPLEXED : RAW;
    }

    private StreamMedia() {
    }
}
