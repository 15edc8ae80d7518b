package io.berth.scheduler.placement;

import io.berth.events.spec.ContainerSpec;
import io.berth.events.spec.Resources;
import io.berth.events.state.Capacity;
import io.berth.events.state.HostPortClaim;

import java.util.List;
import java.util.Map;

/**
 * What one container asks of a node: its reservation (CPU, memory, processes, one container slot), the
 * constraints and affinities the node must satisfy, the strategy that ranks the nodes that do (null:
 * the scheduler's default), the nodes of its placed volumes and the host ports it publishes by number.
 */
public record PlacementRequest(String containerId, Capacity wants, List<Constraint> constraints,
                               List<Affinity> affinities, Strategy strategy, Map<String, String> volumeNodes,
                               List<HostPortClaim> hostPorts) {

    public PlacementRequest {
        hostPorts = hostPorts == null ? List.of() : List.copyOf(hostPorts);
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        affinities = affinities == null ? List.of() : List.copyOf(affinities);
        volumeNodes = volumeNodes == null ? Map.of() : Map.copyOf(volumeNodes);
    }

    /** A request that publishes no host port by number. */
    public PlacementRequest(String containerId, Capacity wants, List<Constraint> constraints,
                            List<Affinity> affinities, Strategy strategy, Map<String, String> volumeNodes) {
        this(containerId, wants, constraints, affinities, strategy, volumeNodes, List.of());
    }

    /** A request that mounts no placed volume. */
    public PlacementRequest(String containerId, Capacity wants, List<Constraint> constraints,
                            List<Affinity> affinities, Strategy strategy) {
        this(containerId, wants, constraints, affinities, strategy, Map.of());
    }

    /** The same request, bound to the nodes of the placed volumes it mounts (volume name → node id). */
    public PlacementRequest withVolumeNodes(Map<String, String> volumeNodes) {
        return new PlacementRequest(containerId, wants, constraints, affinities, strategy, volumeNodes, hostPorts);
    }

    /** The same request, holding {@code ports} on its node. */
    public PlacementRequest withHostPorts(List<HostPortClaim> ports) {
        return new PlacementRequest(containerId, wants, constraints, affinities, strategy, volumeNodes, ports);
    }

    /** A request with no rules. */
    public PlacementRequest(String containerId, Capacity wants) {
        this(containerId, wants, List.of(), List.of(), null);
    }

    /** The reservation for a container with these limits; zero means "no reservation" for that resource. */
    public static PlacementRequest of(String containerId, Resources resources) {
        return new PlacementRequest(containerId, reservation(resources));
    }

    /**
     * The request of a container spec: its limits, and the rules in its environment ({@code constraint:…},
     * {@code affinity:…}) and labels ({@code berth.strategy}).
     *
     * @throws BadPlacementRule when a rule cannot be read
     */
    public static PlacementRequest of(String containerId, ContainerSpec spec) {
        PlacementRules rules = PlacementRules.read(spec.env(), spec.labels());
        return new PlacementRequest(containerId, reservation(spec.resources()), rules.constraints(),
                rules.affinities(), rules.strategy(), Map.of(),
                HostPortClaim.of(containerId, spec.network().ports()));
    }

    /** What a container with these limits reserves on its node (also after {@code docker update}). */
    public static Capacity reservation(Resources resources) {
        return new Capacity(resources.nanoCpus(), resources.memoryBytes(), 1, Math.max(0, resources.pidsLimit()));
    }
}
