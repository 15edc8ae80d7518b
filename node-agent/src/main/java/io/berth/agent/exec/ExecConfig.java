package io.berth.agent.exec;

import java.util.List;

/**
 * One exec as Docker's {@code POST /containers/{id}/exec} describes it, already validated.
 *
 * @param env        extra {@code K=V} entries, over the container's own
 * @param user       {@code uid[:gid]}; blank keeps the container's user
 * @param workingDir blank means {@code /}
 * @param rows       initial terminal height with a tty (0: the helper's default)
 * @param privileged {@code docker exec --privileged}: every capability, whatever the container keeps
 */
public record ExecConfig(List<String> argv, List<String> env, String user, String workingDir, boolean tty,
                         int rows, int cols, boolean privileged) {

    /** Not privileged. */
    public ExecConfig(List<String> argv, List<String> env, String user, String workingDir, boolean tty, int rows,
                      int cols) {
        this(argv, env, user, workingDir, tty, rows, cols, false);
    }

    public ExecConfig {
        if (argv == null || argv.isEmpty()) {
            throw new IllegalArgumentException("No exec command specified");
        }
        argv = List.copyOf(argv);
        env = env == null ? List.of() : List.copyOf(env);
        user = user == null ? "" : user;
        workingDir = workingDir == null || workingDir.isBlank() ? "/" : workingDir;
    }
}
