package io.berth.agent.net;

import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code ip link del NAME} and {@code ip netns del NAME} done in the agent: one RTM_DELLINK over rtnetlink, and
 * the namespace file's bind mount detached and the file unlinked (what iproute2 does for both). A container's exit
 * and removal delete its veth and namespace: one fork and exec of {@code ip} less each time (the kernel's own
 * teardown of the veth stays). Failures carry iproute2's words, so {@link NetFailure#absent()} reads them as before.
 */
final class NativeDeletes {
    /** The C prototypes, one to one. */
    public interface LibC {
        @SaveError
        int socket(int domain, int type, int protocol);

        @SaveError
        long send(int fd, @In byte[] buf, long len, int flags);

        @SaveError
        long recv(int fd, @Out byte[] buf, long len, int flags);

        @SaveError
        int close(int fd);

        @SaveError
        int umount2(String target, int flags);

        @SaveError
        int unlink(String path);

        String strerror(int errno);
    }

    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW_CLOEXEC = 3 | 02000000;
    private static final int NETLINK_ROUTE = 0;
    private static final short RTM_DELLINK = 17;
    private static final short NLM_F_REQUEST_ACK = 1 | 4;
    private static final short NLMSG_ERROR = 2;
    private static final short IFLA_IFNAME = 3;
    private static final int MNT_DETACH = 2;
    private static final int ENODEV = 19;
    private static final int EINVAL = 22;
    private static final String NETNS_DIR = "/run/netns/";

    private static volatile LibC libc;
    private static volatile jnr.ffi.Runtime runtime;

    /** Whether {@code argv} is one of the two deletions done here. */
    static boolean handles(List<String> argv) {
        return argv.size() == 4 && argv.get(0).equals("ip") && argv.get(2).equals("del")
                && (argv.get(1).equals("link") || argv.get(1).equals("netns"))
                && !argv.get(3).isEmpty() && !argv.get(3).contains("/");
    }

    static void run(List<String> argv) throws NetFailure {
        if (argv.get(1).equals("link")) {
            deleteLink(argv);
        } else {
            deleteNamespace(argv);
        }
    }

    private static void deleteLink(List<String> argv) throws NetFailure {
        LibC c = libc();
        byte[] name = argv.get(3).getBytes(StandardCharsets.UTF_8);
        int attrLen = 4 + name.length + 1;
        int len = 16 + 16 + ((attrLen + 3) & ~3);
        ByteBuffer msg = ByteBuffer.allocate(len).order(ByteOrder.nativeOrder());
        msg.putInt(len).putShort(RTM_DELLINK).putShort(NLM_F_REQUEST_ACK).putInt(1).putInt(0); // nlmsghdr
        msg.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(0).putInt(0).putInt(0);   // ifinfomsg
        msg.putShort((short) attrLen).putShort(IFLA_IFNAME).put(name).put((byte) 0);          // IFLA_IFNAME
        int fd = c.socket(AF_NETLINK, SOCK_RAW_CLOEXEC, NETLINK_ROUTE);
        if (fd < 0) {
            throw failure(argv, runtime.getLastError());
        }
        try {
            if (c.send(fd, msg.array(), len, 0) != len) {
                throw failure(argv, runtime.getLastError());
            }
            byte[] answer = new byte[4096];
            long got = c.recv(fd, answer, answer.length, 0);
            if (got < 0) {
                throw failure(argv, runtime.getLastError());
            }
            ByteBuffer in = ByteBuffer.wrap(answer, 0, (int) got).order(ByteOrder.nativeOrder());
            if (got < 20 || in.getShort(4) != NLMSG_ERROR) {
                throw new NetFailure(argv, "unexpected rtnetlink answer");
            }
            int error = -in.getInt(16);
            if (error != 0) {
                throw failure(argv, error);
            }
        } finally {
            c.close(fd);
        }
    }

    private static void deleteNamespace(List<String> argv) throws NetFailure {
        LibC c = libc();
        String path = NETNS_DIR + argv.get(3);
        // as iproute2: a namespace file that is no mount point (EINVAL) is still unlinked
        if (c.umount2(path, MNT_DETACH) < 0 && runtime.getLastError() != EINVAL) {
            int errno = runtime.getLastError();
            throw new NetFailure(argv, "Cannot remove namespace file \"" + path + "\": " + c.strerror(errno));
        }
        if (c.unlink(path) < 0) {
            int errno = runtime.getLastError();
            throw new NetFailure(argv, "Cannot remove namespace file \"" + path + "\": " + c.strerror(errno));
        }
    }

    private static NetFailure failure(List<String> argv, int errno) {
        if (errno == ENODEV) {
            return new NetFailure(argv, "Cannot find device \"" + argv.get(3) + "\"");
        }
        return new NetFailure(argv, "RTNETLINK answers: " + libc().strerror(errno) + " (errno " + errno + ")");
    }

    private static LibC libc() {
        if (libc == null) {
            synchronized (NativeDeletes.class) {
                if (libc == null) {
                    LibC loaded = LibraryLoader.create(LibC.class).load("c");
                    runtime = jnr.ffi.Runtime.getRuntime(loaded);
                    libc = loaded;
                }
            }
        }
        return libc;
    }

    private NativeDeletes() {
    }
}
