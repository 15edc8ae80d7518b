package io.berth.agent.net;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A {@link NetTool} that records every command and fails the ones a test picks, with the stderr it picks. */
final class RecordingNetTool implements NetTool {
    final List<String> commands = new ArrayList<>();
    private Predicate<String> failing = c -> false;
    private String stderr = "";
    String addrOutput = "1: lo    inet 127.0.0.1/8 scope host lo\n2: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0\n";
    String routeOutput = "default via 192.0.2.1 dev eth0\n192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.2\n"
            + "local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1\n";

    void fail(Predicate<String> which, String text) {
        failing = which;
        stderr = text;
    }

    @Override
    public String run(List<String> argv) throws NetFailure {
        String line = String.join(" ", argv);
        commands.add(line);
        if (failing.test(line)) {
            throw new NetFailure(argv, stderr);
        }
        if (line.startsWith("ip -4 -o addr")) {
            return addrOutput;
        }
        return line.startsWith("ip -4 route") ? routeOutput : "";
    }

    @Override
    public void nft(String script) throws NetFailure {
        run(List.of("nft", "-f", "-", script));
    }
}
