package io.berth.agent.cgroup;

import io.berth.agent.sys.RecordingSyscalls;
import io.berth.events.spec.DeviceRate;
import io.berth.events.spec.DiskLimits;
import io.berth.events.spec.Resources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The blkio / io files written for disk limits, at create and by docker update, on both cgroup versions. */
class CgroupDiskLimitsTest {
    private static final String ID = "c0ffee";
    private static final String LOOP = "/dev/loop3";

    @TempDir
    Path tmp;

    private final RecordingSyscalls syscalls = new RecordingSyscalls();
    private final FakeBlockDevices devices = new FakeBlockDevices(Map.of(LOOP, "7:3", "/dev/sda", "8:0"));

    private static Resources disk(int weight, List<DeviceRate> readBps, List<DeviceRate> writeBps,
                                  List<DeviceRate> readIops, List<DeviceRate> writeIops) {
        return Resources.NONE.withDisk(new DiskLimits(weight, readBps, writeBps, readIops, writeIops));
    }

    private static List<DeviceRate> rate(String path, long rate) {
        return List.of(new DeviceRate(path, rate));
    }

    private CgroupV1 v1() throws IOException {
        return new CgroupV1(CgroupFsTree.v1(tmp), "berth", syscalls, devices);
    }

    private CgroupV2 v2() throws IOException {
        CgroupFsTree.v2(tmp, "cpu io memory pids");
        return new CgroupV2(tmp, "berth", syscalls, devices);
    }

    @Test
    void v1ThrottlesEachDeviceByItsNumbers() throws IOException {
        v1().create(ID, disk(0, rate(LOOP, 2_097_152), rate(LOOP, 1_048_576), rate("/dev/sda", 300),
                rate("/dev/sda", 200)));

        assertEquals("7:3 2097152", read("blkio/berth/c0ffee/blkio.throttle.read_bps_device"));
        assertEquals("7:3 1048576", read("blkio/berth/c0ffee/blkio.throttle.write_bps_device"));
        assertEquals("8:0 300", read("blkio/berth/c0ffee/blkio.throttle.read_iops_device"));
        assertEquals("8:0 200", read("blkio/berth/c0ffee/blkio.throttle.write_iops_device"));
        assertEquals(List.of(LOOP, "/dev/sda"), devices.asked);
    }

    @Test
    void aMissingDeviceFailsTheCreateBeforeAnyCgroupIsMade() throws IOException {
        CgroupV1 cgroups = v1();
        IOException e = assertThrows(IOException.class,
                () -> cgroups.create(ID, disk(0, List.of(), rate("/dev/nope", 1), List.of(), List.of())));

        assertEquals("error gathering device information while adding blkio device \"/dev/nope\": "
                + "no such file or directory", e.getMessage());
        assertFalse(cgroups.exists(ID));
    }

    @Test
    void v1WeightGoesToBlkioWeightOrElseToBfq() throws IOException {
        CgroupV1 cgroups = v1();
        Files.createDirectories(tmp.resolve("blkio/berth/c0ffee"));
        Files.writeString(tmp.resolve("blkio/berth/c0ffee/blkio.bfq.weight"), "");

        cgroups.create(ID, disk(300, List.of(), List.of(), List.of(), List.of()));

        assertEquals("300", read("blkio/berth/c0ffee/blkio.bfq.weight"));
        assertFalse(Files.exists(tmp.resolve("blkio/berth/c0ffee/blkio.weight")));
    }

    @Test
    void v1WeightIsRefusedOnAKernelWithoutEitherFile() throws IOException {
        CgroupV1 cgroups = v1();

        IOException e = assertThrows(IOException.class,
                () -> cgroups.create(ID, disk(300, List.of(), List.of(), List.of(), List.of())));

        assertTrue(e.getMessage().contains("offers neither blkio.weight nor blkio.bfq.weight"), e.getMessage());
        assertFalse(cgroups.exists(ID), "a refused create leaves no cgroup");
    }

    @Test
    void v1UpdateLiftsAThrottleWithRateZeroAndRaisesSwapBeforeMemory() throws IOException {
        CgroupV1 cgroups = v1();
        Resources before = new Resources(32L << 20, 0, 100, 0)
                .withDisk(new DiskLimits(0, List.of(), rate(LOOP, 1_048_576), List.of(), List.of()));
        cgroups.create(ID, before);
        // the kernel's memsw after create: twice the memory limit
        Files.writeString(tmp.resolve("memory/berth/c0ffee/memory.memsw.limit_in_bytes"), Long.toString(64L << 20));
        Files.delete(tmp.resolve("memory/berth/c0ffee/memory.limit_in_bytes"));
        Files.delete(tmp.resolve("pids/berth/c0ffee/pids.max"));
        Files.delete(tmp.resolve("blkio/berth/c0ffee/blkio.throttle.write_bps_device"));
        Resources after = new Resources(256L << 20, 0, 0, 0);

        List<LimitFile> planned = CgroupLimits.v1Update(before, after, 64L << 20, Map.of(LOOP, "7:3"));
        cgroups.update(ID, before, after);

        assertEquals("memory.memsw.limit_in_bytes", planned.get(0).file(), "memsw first: 256m is above 64m");
        assertEquals("memory.limit_in_bytes", planned.get(1).file());
        assertEquals("268435456", read("memory/berth/c0ffee/memory.limit_in_bytes"));
        assertEquals("max", read("pids/berth/c0ffee/pids.max"));
        assertEquals("7:3 0", read("blkio/berth/c0ffee/blkio.throttle.write_bps_device"));
    }

    @Test
    void v1LoweringMemoryWritesMemoryFirst() {
        Resources before = new Resources(256L << 20, 0, 0, 0);
        Resources after = new Resources(64L << 20, 0, 0, 0);

        List<LimitFile> planned = CgroupLimits.v1Update(before, after, 512L << 20, Map.of());

        assertEquals(List.of("memory.limit_in_bytes", "memory.memsw.limit_in_bytes"),
                planned.stream().map(LimitFile::file).toList());
        assertEquals("134217728", planned.get(1).value());
    }

    @Test
    void v1RefusedUpdateStopsAtTheRefusedFile() throws IOException {
        CgroupV1 cgroups = v1();
        Resources before = new Resources(32L << 20, 0, 0, 512);
        cgroups.create(ID, before);
        Files.delete(tmp.resolve("cpu/berth/c0ffee/cpu.shares"));
        Files.writeString(tmp.resolve("cpu/berth/c0ffee/cpu.shares"), "");
        // the kernel refuses the memory write (as EBUSY below usage would): a directory cannot be written
        Files.delete(tmp.resolve("memory/berth/c0ffee/memory.limit_in_bytes"));
        Files.createDirectory(tmp.resolve("memory/berth/c0ffee/memory.limit_in_bytes"));
        Resources after = new Resources(16L << 20, 0, 0, 2048);

        assertThrows(IOException.class, () -> cgroups.update(ID, before, after));

        assertFalse(read("cpu/berth/c0ffee/cpu.shares").contains("2048"),
                "memory goes first, so its refusal stops the update before the shares change");
    }

    @Test
    void updateOfAStoppedContainerOnlyChecksItsDevices() throws IOException {
        CgroupV1 cgroups = v1();
        Resources after = disk(0, List.of(), rate(LOOP, 5), List.of(), List.of());

        cgroups.update(ID, Resources.NONE, after);

        assertFalse(cgroups.exists(ID));
        assertEquals(List.of(LOOP), devices.asked);
        assertThrows(DeviceUnavailable.class, () -> cgroups.update(ID, Resources.NONE,
                disk(0, List.of(), rate("/dev/gone", 5), List.of(), List.of())));
    }

    @Test
    void v2WritesOneIoMaxLinePerDeviceAndTheDefaultWeight() throws IOException {
        CgroupV2 cgroups = v2();
        Files.createDirectories(tmp.resolve("berth/c0ffee"));
        Files.writeString(tmp.resolve("berth/c0ffee/io.weight"), "");

        cgroups.create(ID, disk(500, rate(LOOP, 2_000_000), rate(LOOP, 1_000_000), List.of(), rate("/dev/sda", 80)));

        assertEquals("7:3 rbps=2000000 wbps=1000000 riops=max wiops=max8:0 rbps=max wbps=max riops=max wiops=80",
                read("berth/c0ffee/io.max"));
        assertEquals("default 500", read("berth/c0ffee/io.weight"));
    }

    @Test
    void v2UpdateLiftsADeviceWithMaxEverywhere() throws IOException {
        CgroupV2 cgroups = v2();
        Resources before = disk(0, List.of(), rate(LOOP, 1_000_000), List.of(), List.of());
        cgroups.create(ID, before);
        Files.delete(tmp.resolve("berth/c0ffee/io.max"));

        cgroups.update(ID, before, new Resources(0, 0, 0, 0));

        assertEquals("7:3 rbps=max wbps=max riops=max wiops=max", read("berth/c0ffee/io.max"));
    }

    @Test
    void v2WeightWithoutIoWeightOrBfqIsRefused() throws IOException {
        CgroupV2 cgroups = v2();

        IOException e = assertThrows(IOException.class,
                () -> cgroups.create(ID, disk(100, List.of(), List.of(), List.of(), List.of())));

        assertTrue(e.getMessage().contains("offers neither io.weight nor io.bfq.weight"), e.getMessage());
    }

    private String read(String relative) throws IOException {
        return Files.readString(tmp.resolve(relative)).strip();
    }
}
