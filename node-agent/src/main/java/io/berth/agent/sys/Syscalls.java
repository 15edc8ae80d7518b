package io.berth.agent.sys;

import java.nio.file.Path;

/** The few libc calls the runtime makes itself; everything between fork and exec lives in the monitor. */
public interface Syscalls {
    int MS_RDONLY = 1;
    int MNT_DETACH = 2;

    /** mount(2). */
    void mount(String source, Path target, String fsType, long flags, String data) throws SyscallFailure;

    /** umount2(2). */
    void umount2(Path target, int flags) throws SyscallFailure;

    /** kill(2). */
    void kill(long pid, int signal) throws SyscallFailure;

    /** mkfifo(3): the control FIFO a tty exec reads its resize lines from. */
    void mkfifo(Path path, int mode) throws SyscallFailure;

    /** rmdir(2): on cgroupfs this deletes a cgroup, which a plain recursive delete cannot. */
    void rmdir(Path dir) throws SyscallFailure;

    /** pidfd_open(2): a descriptor that becomes readable when the process {@code pid} exits (Linux 5.3+). */
    int pidfdOpen(long pid) throws SyscallFailure;

    /**
     * poll(2) for readability: {@code fds[i]} are the descriptors; returns, per descriptor, whether it is
     * readable (or hung up) after at most {@code timeoutMillis}.
     */
    boolean[] pollReadable(int[] fds, int timeoutMillis) throws SyscallFailure;

    /** close(2). */
    void close(int fd) throws SyscallFailure;

    /**
     * bpf(2): loads {@code program} (struct bpf_insn[]) as a BPF_PROG_TYPE_CGROUP_DEVICE program and attaches
     * it to the cgroup v2 directory {@code cgroup}, which then asks it about every device its processes use.
     */
    void attachDeviceFilter(Path cgroup, byte[] program) throws SyscallFailure;
}
