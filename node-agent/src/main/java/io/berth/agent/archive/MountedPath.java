package io.berth.agent.archive;

import io.berth.events.path.LexicalPath;
import io.berth.events.spec.MountSpec;

import java.util.List;
import java.util.Optional;

/**
 * Where {@code docker cp} reads or writes a container path that lies in one of its volumes or bind mounts: in
 * the mount's own source, as dockerd does (the merged root alone has only the empty mount point there). Pure:
 * the mount that owns a path is the one with the longest target that is a whole-element prefix of it; the path
 * is cleaned lexically first, and the rest is resolved inside the mount's source by the kernel later.
 */
record MountedPath(MountSpec mount, String inner) {

    /** The mount holding {@code path}, with the path inside it ({@code /} for the mount point itself). */
    static Optional<MountedPath> of(List<MountSpec> mounts, String path) {
        List<String> parts = LexicalPath.elements(path);
        MountSpec best = null;
        int bestDepth = -1;
        for (MountSpec m : mounts) {
            if (!m.type().equals("volume") && !m.type().equals("bind")) {
                continue;
            }
            List<String> target = LexicalPath.elements(m.target());
            if (target.size() > bestDepth && target.size() <= parts.size()
                    && parts.subList(0, target.size()).equals(target)) {
                best = m;
                bestDepth = target.size();
            }
        }
        if (best == null || bestDepth == 0) {
            return Optional.empty();
        }
        List<String> rest = parts.subList(bestDepth, parts.size());
        String inner = "/" + String.join("/", rest);
        // "the contents of" (a trailing /.) and a trailing slash mean the same inside the mount
        if (path.endsWith("/.")) {
            inner = inner.equals("/") ? "/." : inner + "/.";
        } else if (path.endsWith("/") && !inner.equals("/")) {
            inner = inner + "/";
        }
        return Optional.of(new MountedPath(best, inner));
    }
}
