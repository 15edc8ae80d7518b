package io.berth.agent.cgroup;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static io.berth.agent.cgroup.DeviceFilter.BLOCK;
import static io.berth.agent.cgroup.DeviceFilter.CHAR;
import static io.berth.agent.cgroup.DeviceFilter.MKNOD;
import static io.berth.agent.cgroup.DeviceFilter.READ;
import static io.berth.agent.cgroup.DeviceFilter.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The device program run through a small interpreter of the few BPF instructions it is made of. */
class DeviceFilterTest {
    private static final byte[] DOCKER = DeviceFilter.dockerDefault();

    @Test
    void dockersRulesAllowTheStandardCharacterDevicesAndMknodOnly() {
        assertEquals(1, run(DOCKER, CHAR, READ | WRITE, 1, 3), "/dev/null");
        assertEquals(1, run(DOCKER, CHAR, READ, 1, 9), "/dev/urandom");
        assertEquals(1, run(DOCKER, CHAR, READ | WRITE, 136, 7), "a pty, any minor");
        assertEquals(1, run(DOCKER, CHAR, WRITE, 5, 2), "/dev/ptmx");
        assertEquals(1, run(DOCKER, BLOCK, MKNOD, 254, 0), "mknod of anything (b *:* m)");
        assertEquals(1, run(DOCKER, CHAR, MKNOD, 1, 1), "mknod of anything (c *:* m)");
    }

    @Test
    void dockersRulesDenyTheHostsDisksAndMemory() {
        assertEquals(0, run(DOCKER, BLOCK, READ, 254, 0), "the host's disk");
        assertEquals(0, run(DOCKER, BLOCK, READ | WRITE, 8, 0), "sda");
        assertEquals(0, run(DOCKER, CHAR, READ, 1, 1), "/dev/mem");
        assertEquals(0, run(DOCKER, CHAR, READ, 1, 2), "/dev/kmem");
        assertEquals(0, run(DOCKER, CHAR, READ | MKNOD, 1, 1), "mknod and read at once: read is not allowed");
        assertEquals(0, run(DOCKER, CHAR, READ, 10, 200), "not in Berth's list");
    }

    @Test
    void aRuleMatchesOnlyItsTypeNumbersAndAccess() {
        byte[] p = DeviceFilter.compile(List.of(DeviceFilter.Rule.parse("c 4:* r"), DeviceFilter.Rule.parse("a 7:1 w")));
        assertEquals(1, run(p, CHAR, READ, 4, 99));
        assertEquals(0, run(p, BLOCK, READ, 4, 99), "type");
        assertEquals(0, run(p, CHAR, WRITE, 4, 99), "access");
        assertEquals(0, run(p, CHAR, READ, 5, 99), "major");
        assertEquals(1, run(p, BLOCK, WRITE, 7, 1), "any type");
        assertEquals(0, run(p, BLOCK, WRITE, 7, 2), "minor");
        assertEquals(0, run(DeviceFilter.compile(List.of()), CHAR, READ, 1, 3), "no rule: nothing allowed");
    }

    @Test
    void aBadRuleIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeviceFilter.Rule.parse("x 1:3 rwm"));
        assertEquals("device type x in x 1:3 rwm", e.getMessage());
    }

    /** Runs the program on one device access as the kernel would call it; answers r0. */
    private static long run(byte[] program, int type, int access, int major, int minor) {
        ByteBuffer code = ByteBuffer.wrap(program).order(ByteOrder.nativeOrder());
        int[] ctx = {(access << 16) | type, major, minor};
        long[] r = new long[11];
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        for (int pc = 0, steps = 0; steps < 10_000; steps++) {
            int at = pc * DeviceFilter.INSN;
            int op = code.get(at) & 0xff;
            int regs = code.get(at + 1) & 0xff;
            int dst = little ? regs & 0xf : regs >> 4;
            int src = little ? regs >> 4 : regs & 0xf;
            int off = code.getShort(at + 2);
            long imm = code.getInt(at + 4);
            pc++;
            switch (op) {
                case 0x61 -> {
                    assertEquals(1, src, "loads only from the context");
                    r[dst] = ctx[off / 4] & 0xffffffffL;
                }
                case 0xbf -> r[dst] = r[src];
                case 0xb7 -> r[dst] = imm;
                case 0x57 -> r[dst] &= imm;
                case 0x77 -> r[dst] >>>= imm;
                case 0x55 -> pc += r[dst] != imm ? off : 0;
                case 0x95 -> {
                    return r[0];
                }
                default -> throw new AssertionError("unexpected opcode " + Integer.toHexString(op) + " at " + (pc - 1));
            }
            if (pc < 0 || pc * DeviceFilter.INSN >= program.length) {
                throw new AssertionError("jumped out of the program to " + pc);
            }
        }
        throw new AssertionError("no exit");
    }
}
