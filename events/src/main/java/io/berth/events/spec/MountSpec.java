package io.berth.events.spec;

/**
 * One mount of a container, parsed by the gateway from {@code Binds}, {@code Mounts}, {@code Tmpfs} and the
 * volumes of the request and image; the node agent turns it into host paths.
 *
 * @param type         {@code bind}, {@code volume} or {@code tmpfs}
 * @param name         the volume's name (64 hex for an anonymous one); empty otherwise
 * @param source       the host path of a bind; empty otherwise
 * @param target       the absolute path inside the container
 * @param readOnly     mounted read-only
 * @param propagation  a bind's propagation ({@code rprivate} unless asked); empty otherwise
 * @param mode         what {@code docker inspect} shows as {@code Mode} ({@code ro}, {@code z}, …)
 * @param createSource a bind's missing source is made as a directory ({@code -v}); else refused ({@code --mount})
 * @param anonymous    a volume with no name given ({@code -v /path}, image {@code VOLUME}), removed by {@code rm -v}
 * @param copyUp       an empty volume is filled from the image's content at the target on first mount
 * @param tmpfsOptions a tmpfs's {@code size=…,mode=…} data and {@code exec} if asked; empty otherwise
 */
public record MountSpec(String type, String name, String source, String target, boolean readOnly,
                        String propagation, String mode, boolean createSource, boolean anonymous, boolean copyUp,
                        String tmpfsOptions) {

    public MountSpec {
        name = name == null ? "" : name;
        source = source == null ? "" : source;
        propagation = propagation == null ? "" : propagation;
        mode = mode == null ? "" : mode;
        tmpfsOptions = tmpfsOptions == null ? "" : tmpfsOptions;
    }
}
