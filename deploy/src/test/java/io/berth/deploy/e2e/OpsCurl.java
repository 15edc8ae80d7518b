package io.berth.deploy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** curl over the platform's socket, as an ops script calls Berth's native API: body, then the status line. */
final class OpsCurl {
    private final Path socket;

    OpsCurl(Path socket) {
        this.socket = socket;
    }

    /** {@code curl -s -w '\n%{http_code}' --unix-socket SOCKET ARGS…}: the body, a newline, the status. */
    String run(String... args) {
        List<String> argv = new ArrayList<>(List.of("curl", "-s", "-w", "\n%{http_code}", "--unix-socket",
                socket.toString()));
        argv.addAll(List.of(args));
        return HostTraces.exec(argv);
    }

    static int status(String curlOutput) {
        return Integer.parseInt(curlOutput.substring(curlOutput.lastIndexOf('\n') + 1).trim());
    }

    /** The body as JSON, after asserting the status was {@code status}. */
    static JsonNode body(String curlOutput, int status) {
        int cut = curlOutput.lastIndexOf('\n');
        assertEquals(Integer.toString(status), curlOutput.substring(cut + 1).trim(), curlOutput);
        return Json.read(curlOutput.substring(0, cut), JsonNode.class);
    }
}
