package io.berth.events.spec;

import java.util.List;

/**
 * How far a container is confined beyond its namespaces. The default is Docker's: its 14 default
 * capabilities, {@code no_new_privs}, masked and read-only {@code /proc} paths, a writable root.
 *
 * @param privileged     all capabilities, all devices, nothing masked ({@code --privileged})
 * @param capAdd         capabilities added to the default set ({@code --cap-add}, e.g. {@code NET_ADMIN} or {@code ALL})
 * @param capDrop        capabilities removed from it ({@code --cap-drop})
 * @param readOnlyRootfs the root filesystem is mounted read-only ({@code --read-only})
 */
public record Security(boolean privileged, List<String> capAdd, List<String> capDrop, boolean readOnlyRootfs) {
    public static final Security DEFAULT = new Security(false, List.of(), List.of(), false);

    public Security {
        capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
        capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
    }
}
