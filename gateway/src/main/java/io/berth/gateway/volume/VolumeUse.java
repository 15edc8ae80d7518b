package io.berth.gateway.volume;

import io.berth.events.spec.MountSpec;
import io.berth.events.state.ContainerRecord;

import java.util.ArrayList;
import java.util.List;

/** Which containers mount a volume, in any state: dockerd refuses to remove a volume while one exists. */
public final class VolumeUse {

    public static List<String> users(String volume, List<ContainerRecord> containers) {
        List<String> ids = new ArrayList<>();
        for (ContainerRecord r : containers) {
            if (r.spec() == null) {
                continue;
            }
            for (MountSpec m : r.spec().mounts()) {
                if ("volume".equals(m.type()) && m.name().equals(volume)) {
                    ids.add(r.id());
                    break;
                }
            }
        }
        return ids;
    }

    private VolumeUse() {
    }
}
