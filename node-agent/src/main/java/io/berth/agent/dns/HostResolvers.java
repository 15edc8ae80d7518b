package io.berth.agent.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The host's resolvers ({@code nameserver} lines of its resolv.conf), read at each use, where networks' DNS forwards. */
public record HostResolvers(Path resolvConf) implements Supplier<List<InetSocketAddress>> {

    @Override
    public List<InetSocketAddress> get() {
        try {
            return parse(Files.readString(resolvConf));
        } catch (IOException e) {
            return List.of();
        }
    }

    static List<InetSocketAddress> parse(String text) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals("nameserver") && f[1].matches("[0-9.]+")) {
                out.add(new InetSocketAddress(f[1], 53));
            }
        }
        return out;
    }
}
