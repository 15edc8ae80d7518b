package io.berth.agent.lifecycle;

import java.io.IOException;
import java.nio.file.Path;

/** Where a local volume's content is on this node, ready to bind into a container (made, and mounted if it asks). */
@FunctionalInterface
public interface VolumeDirs {

    /** The volume's {@code _data} directory, made on first use; a volume with driver options is mounted there. */
    Path open(String name) throws IOException;
}
