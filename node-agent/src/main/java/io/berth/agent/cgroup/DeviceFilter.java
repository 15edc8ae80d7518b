package io.berth.agent.cgroup;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * cgroup v2 has no devices.allow: the kernel asks a BPF program (BPF_PROG_TYPE_CGROUP_DEVICE) attached to the
 * container's cgroup instead. This compiles Docker's device rules, the ones v1 writes to devices.allow
 * ({@link CgroupLimits#V1_DEVICE_ALLOW}), into that program: pure, so the bytes are tested without a kernel.
 *
 * <p>The kernel passes {@code struct bpf_cgroup_dev_ctx {u32 access_type; u32 major; u32 minor;}} in r1, with
 * the device type (block 1, char 2) in access_type's low 16 bits and the access (mknod 1, read 2, write 4) in
 * its high 16; the program returns 1 to allow, 0 to deny (EPERM). Each rule is a block that falls through to
 * the next on any mismatch; nothing matched is denied, as after v1's {@code devices.deny a}.
 */
public final class DeviceFilter {
    /** struct bpf_insn is 8 bytes. */
    public static final int INSN = 8;
    static final int BLOCK = 1;
    static final int CHAR = 2;
    static final int MKNOD = 1;
    static final int READ = 2;
    static final int WRITE = 4;
    /** -1: any major or minor, as the {@code *} of a rule. */
    static final int ANY = -1;

    // the opcodes used, as linux/bpf.h composes them
    private static final int LDX_MEM_W = 0x61;
    private static final int MOV64_X = 0xbf;
    private static final int MOV64_K = 0xb7;
    private static final int AND64_K = 0x57;
    private static final int RSH64_K = 0x77;
    private static final int JNE_K = 0x55;
    private static final int EXIT = 0x95;

    /** One allow rule: a type (0: any), major and minor ({@link #ANY}: any), and the accesses allowed. */
    record Rule(int type, int major, int minor, int access) {
        /** A devices.allow line: {@code "c 1:3 rwm"}, {@code "b *:* m"}, {@code "a *:* rwm"}. */
        static Rule parse(String line) {
            String[] f = line.split(" ");
            String[] mm = f[1].split(":");
            int type = switch (f[0]) {
                case "a" -> 0;
                case "b" -> BLOCK;
                case "c" -> CHAR;
                default -> throw new IllegalArgumentException("device type " + f[0] + " in " + line);
            };
            int access = 0;
            for (char c : f[2].toCharArray()) {
                access |= switch (c) {
                    case 'm' -> MKNOD;
                    case 'r' -> READ;
                    case 'w' -> WRITE;
                    default -> throw new IllegalArgumentException("device access " + c + " in " + line);
                };
            }
            return new Rule(type, number(mm[0]), number(mm[1]), access);
        }

        private static int number(String n) {
            return n.equals("*") ? ANY : Integer.parseInt(n);
        }
    }

    private DeviceFilter() {
    }

    /** Docker's default rules as a program. */
    public static byte[] dockerDefault() {
        return compile(CgroupLimits.V1_DEVICE_ALLOW.stream().map(Rule::parse).toList());
    }

    /** The program allowing exactly these rules; struct bpf_insn[] in this machine's byte order. */
    static byte[] compile(List<Rule> rules) {
        Program p = new Program();
        p.insn(LDX_MEM_W, 2, 1, 0, 0);  // r2 = ctx->access_type
        p.insn(MOV64_X, 3, 2, 0, 0);    // r3 = r2
        p.insn(AND64_K, 2, 0, 0, 0xffff); // r2 = type
        p.insn(RSH64_K, 3, 0, 0, 16);   // r3 = access
        p.insn(LDX_MEM_W, 4, 1, 4, 0);  // r4 = ctx->major
        p.insn(LDX_MEM_W, 5, 1, 8, 0);  // r5 = ctx->minor
        for (Rule r : rules) {
            // the type check, three for the access, the numbers; then "r0 = 1; exit": the next block starts past it
            int checks = (r.type() != 0 ? 1 : 0) + 3 + (r.major() != ANY ? 1 : 0) + (r.minor() != ANY ? 1 : 0);
            int end = p.count + checks + 2;
            if (r.type() != 0) {
                p.jumpUnless(2, r.type(), end);
            }
            p.insn(MOV64_X, 1, 3, 0, 0);          // r1 = access asked for
            p.insn(AND64_K, 1, 0, 0, ~r.access()); // anything asked for beyond the rule's...
            p.jumpUnless(1, 0, end);                // ...and the rule does not match
            if (r.major() != ANY) {
                p.jumpUnless(4, r.major(), end);
            }
            if (r.minor() != ANY) {
                p.jumpUnless(5, r.minor(), end);
            }
            p.insn(MOV64_K, 0, 0, 0, 1);
            p.insn(EXIT, 0, 0, 0, 0);
        }
        p.insn(MOV64_K, 0, 0, 0, 0);
        p.insn(EXIT, 0, 0, 0, 0);
        return p.bytes();
    }

    /** Instructions as they are appended. */
    private static final class Program {
        private final ByteBuffer buf = ByteBuffer.allocate(4096 * INSN).order(ByteOrder.nativeOrder());
        private int count;

        void insn(int code, int dst, int src, int off, int imm) {
            buf.put((byte) code);
            // the dst_reg:4, src_reg:4 bitfield: dst in the low nibble on little-endian machines
            buf.put((byte) (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? (src << 4) | dst : (dst << 4) | src));
            buf.putShort((short) off);
            buf.putInt(imm);
            count++;
        }

        /** if (reg != value) goto target; a jump's offset counts from the next instruction. */
        void jumpUnless(int reg, int value, int target) {
            insn(JNE_K, reg, 0, target - (count + 1), value);
        }

        byte[] bytes() {
            byte[] out = new byte[count * INSN];
            buf.flip();
            buf.get(out);
            return out;
        }
    }
}
