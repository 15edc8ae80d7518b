package io.berth.agent.cgroup;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Block devices from a table; records every path asked, and answers dockerd's words for the rest. */
final class FakeBlockDevices implements BlockDevices {
    private final Map<String, String> numbers;
    final List<String> asked = new ArrayList<>();

    FakeBlockDevices(Map<String, String> numbers) {
        this.numbers = numbers;
    }

    @Override
    public String number(String path) throws IOException {
        asked.add(path);
        String n = numbers.get(path);
        if (n == null) {
            throw new DeviceUnavailable("error gathering device information while adding blkio device \"" + path
                    + "\": no such file or directory", null);
        }
        return n;
    }
}
