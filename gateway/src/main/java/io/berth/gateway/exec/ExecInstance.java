package io.berth.gateway.exec;

import io.vertx.core.json.JsonObject;

/**
 * One exec instance, as stored in the {@code execs} map and shown by {@code GET /exec/{id}/json}.
 *
 * @param id          64 hex digits
 * @param containerId the full id of its container
 * @param config      the create body as the agent reads it (Cmd, Env, User, WorkingDir, Tty, Attach*, …), as JSON
 * @param running     between the agent's 200 and the exit code
 * @param exitCode    null until it has exited
 * @param pid         0 (the agent does not report it)
 */
public record ExecInstance(String id, String containerId, String config, boolean running, Integer exitCode, int pid) {

    /** A new instance, not started. */
    public static ExecInstance created(String id, String containerId, JsonObject config) {
        return new ExecInstance(id, containerId, config.encode(), false, null, 0);
    }

    public ExecInstance started() {
        return new ExecInstance(id, containerId, config, true, null, pid);
    }

    public ExecInstance exited(int code) {
        return new ExecInstance(id, containerId, config, false, code, pid);
    }

    /** A copy of the config, to read or to extend before it goes to the agent. */
    public JsonObject configJson() {
        return new JsonObject(config);
    }
}
