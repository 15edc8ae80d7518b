package io.berth.events.state;

import io.berth.events.ContainerState;
import io.berth.events.spec.ContainerSpec;

/**
 * A container as the cluster knows it (Hazelcast {@code containers} map). The gateway writes the desired
 * state, the scheduler the node, the node agent everything observed (status, pid, exit code, times).
 * Times are RFC 3339 strings with nanoseconds, or null when not yet reached.
 *
 * @param id           64 hex characters
 * @param name         the name without a leading slash
 * @param spec         the resolved spec
 * @param request      the Docker create body as received, echoed by inspect ({@code Config}, {@code HostConfig})
 * @param nodeId       where it is placed, null until scheduled
 * @param desired      what the user last asked for: {@code created}, {@code running}, {@code stopped}, {@code removed}
 * @param status       what the node agent last observed
 * @param pid          host pid of the container's init, 0 when not running
 * @param exitCode     the last exit code
 * @param oomKilled    whether the last exit was the OOM killer's
 * @param error        the last runtime error, empty if none
 * @param createdAt    when the gateway accepted it
 * @param startedAt    when it last started
 * @param finishedAt   when it last exited
 * @param restartCount how many times a restart policy started it again
 * @param health       the healthcheck's verdict, null when the container has no healthcheck or never ran
 * @param restartDelayMillis the restart policy's last delay (its backoff), 0 when none; kept here so a
 *                     restarted scheduler goes on doubling it
 */
public record ContainerRecord(
        String id,
        String name,
        ContainerSpec spec,
        String request,
        String nodeId,
        String desired,
        ContainerState status,
        long pid,
        int exitCode,
        boolean oomKilled,
        String error,
        String createdAt,
        String startedAt,
        String finishedAt,
        int restartCount,
        Health health,
        long restartDelayMillis) {

    public ContainerRecord {
        status = status == null ? ContainerState.CREATED : status;
        error = error == null ? "" : error;
    }

    /** A freshly accepted container: not placed, not started. */
    public static ContainerRecord accepted(String id, String name, ContainerSpec spec, String request, String createdAt) {
        return new ContainerRecord(id, name, spec, request, null, "created", ContainerState.CREATED,
                0, 0, false, "", createdAt, null, null, 0, null, 0);
    }

    public ContainerRecord withNode(String node) {
        return new ContainerRecord(id, name, spec, request, node, desired, status, pid, exitCode, oomKilled, error,
                createdAt, startedAt, finishedAt, restartCount, health, restartDelayMillis);
    }

    public ContainerRecord withDesired(String want) {
        return new ContainerRecord(id, name, spec, request, nodeId, want, status, pid, exitCode, oomKilled, error,
                createdAt, startedAt, finishedAt, restartCount, health, restartDelayMillis);
    }

    /** The same container with another spec (a network connect before it first runs). */
    public ContainerRecord withSpec(ContainerSpec newSpec) {
        return new ContainerRecord(id, name, newSpec, request, nodeId, desired, status, pid, exitCode, oomKilled,
                error, createdAt, startedAt, finishedAt, restartCount, health, restartDelayMillis);
    }

    public ContainerRecord withName(String newName) {
        return new ContainerRecord(id, newName, spec, request, nodeId, desired, status, pid, exitCode, oomKilled,
                error, createdAt, startedAt, finishedAt, restartCount, health, restartDelayMillis);
    }

    /** Observed: the process is running with this host pid since {@code at}. */
    public ContainerRecord running(long hostPid, String at) {
        return new ContainerRecord(id, name, spec, request, nodeId, desired, ContainerState.RUNNING, hostPid, 0,
                false, "", createdAt, at, finishedAt, restartCount,
                spec != null && spec.healthcheck() != null ? Health.starting(health) : health, restartDelayMillis);
    }

    /** Observed: the process exited with {@code code} at {@code at}. */
    public ContainerRecord exited(int code, boolean oom, String at) {
        return new ContainerRecord(id, name, spec, request, nodeId, desired, ContainerState.EXITED, 0, code, oom,
                error, createdAt, startedAt, at, restartCount, health, restartDelayMillis);
    }

    /** Observed: any status change that carries no other fact. */
    public ContainerRecord withStatus(ContainerState newStatus) {
        return new ContainerRecord(id, name, spec, request, nodeId, desired, newStatus, pid, exitCode, oomKilled,
                error, createdAt, startedAt, finishedAt, restartCount, health, restartDelayMillis);
    }

    public ContainerRecord withError(String message) {
        return new ContainerRecord(id, name, spec, request, nodeId, desired, status, pid, exitCode, oomKilled,
                message, createdAt, startedAt, finishedAt, restartCount, health, restartDelayMillis);
    }

    /** Observed: the healthcheck's latest verdict. */
    public ContainerRecord withHealth(Health newHealth) {
        return new ContainerRecord(id, name, spec, request, nodeId, desired, status, pid, exitCode, oomKilled,
                error, createdAt, startedAt, finishedAt, restartCount, newHealth, restartDelayMillis);
    }

    public ContainerRecord withRestartCount(int count) {
        return new ContainerRecord(id, name, spec, request, nodeId, desired, status, pid, exitCode, oomKilled,
                error, createdAt, startedAt, finishedAt, count, health, restartDelayMillis);
    }

    /** The restart policy's backoff: how long it waited before its last restart. */
    public ContainerRecord withRestartDelay(long millis) {
        return new ContainerRecord(id, name, spec, request, nodeId, desired, status, pid, exitCode, oomKilled,
                error, createdAt, startedAt, finishedAt, restartCount, health, millis);
    }

    /** {@code docker update}: the spec with its new limits and the create body with the fields it set. */
    public ContainerRecord updated(ContainerSpec newSpec, String newRequest) {
        return new ContainerRecord(id, name, newSpec, newRequest, nodeId, desired, status, pid, exitCode, oomKilled,
                error, createdAt, startedAt, finishedAt, restartCount, health, restartDelayMillis);
    }
}
