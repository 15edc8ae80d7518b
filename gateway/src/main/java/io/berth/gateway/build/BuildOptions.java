package io.berth.gateway.build;

import java.util.List;
import java.util.Map;

/**
 * What a build request asks for, read from {@code POST /build}'s query.
 *
 * @param dockerfile  the Dockerfile's path in the context
 * @param tags        the {@code t} references, in order
 * @param buildArgs   {@code --build-arg}s (a null value: take it from nowhere, dockerd's "unset")
 * @param target      the stage to build, or empty for the last
 * @param labels      {@code --label}s, added as a final LABEL step
 * @param noCache     {@code --no-cache}
 * @param remove      {@code --rm} (default true): remove a successful step's container
 * @param quiet       {@code -q}
 * @param networkMode the RUN containers' network ({@code --network})
 */
public record BuildOptions(String dockerfile, List<String> tags, Map<String, String> buildArgs, String target,
                           Map<String, String> labels, boolean noCache, boolean remove, boolean quiet,
                           String networkMode) {
}
