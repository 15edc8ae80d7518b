package io.berth.events.state;

import io.berth.events.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalDriverOptionsTest {

    private static String refused(Map<String, String> options) {
        return assertThrows(IllegalArgumentException.class, () -> LocalDriverOptions.parse(options)).getMessage();
    }

    @Test
    void noOptionsIsAPlainDirectory() {
        assertFalse(LocalDriverOptions.parse(Map.of()).mounts());
        assertFalse(LocalDriverOptions.parse(null).mounts());
    }

    @Test
    void tmpfsTakesItsDataFromOAndItsFlagsApart() {
        LocalDriverOptions t = LocalDriverOptions.parse(Map.of("type", "tmpfs", "o", "size=1m,mode=1777,noexec,uid=0"));
        assertEquals(new LocalDriverOptions("tmpfs", "tmpfs", 8, "size=1m,mode=1777,uid=0", false), t);
        assertTrue(t.mounts());
        assertFalse(t.isBind());
        assertEquals("tmpfs", LocalDriverOptions.parse(Map.of("type", "tmpfs")).device());
        assertEquals("ramdisk", LocalDriverOptions.parse(Map.of("type", "tmpfs", "device", "ramdisk")).device());
    }

    @Test
    void badTmpfsValuesAreNamed() {
        assertEquals("invalid tmpfs option \"size=lots\" in --opt o=size=lots",
                refused(Map.of("type", "tmpfs", "o", "size=lots")));
        assertEquals("invalid tmpfs option \"mode=999\" in --opt o=mode=999",
                refused(Map.of("type", "tmpfs", "o", "mode=999")));
        assertEquals("invalid tmpfs option \"colour=red\" in --opt o=colour=red",
                refused(Map.of("type", "tmpfs", "o", "colour=red")));
        assertTrue(refused(Map.of("type", "tmpfs", "o", "bind")).contains("a bind needs type=none"));
    }

    @Test
    void aBindNeedsTypeNoneOBindAndAnAbsoluteDevice() {
        LocalDriverOptions b = LocalDriverOptions.parse(Map.of("type", "none", "o", "bind,ro", "device", "/srv/x"));
        assertEquals(new LocalDriverOptions("none", "/srv/x", LocalDriverOptions.MS_BIND | 1, "", true), b);
        assertTrue(b.isBind());
        assertTrue(LocalDriverOptions.parse(Map.of("type", "none", "o", "rbind", "device", "/srv")).isBind());
        assertEquals("missing required option: \"device\"", refused(Map.of("type", "none", "o", "bind")));
        assertTrue(refused(Map.of("type", "none", "device", "/srv")).contains("only with o=bind"));
        assertTrue(refused(Map.of("type", "none", "o", "bind", "device", "srv")).contains("absolute host path"));
        assertTrue(refused(Map.of("type", "none", "o", "bind,size=1", "device", "/srv")).contains("\"size=1\""));
    }

    @Test
    void otherFilesystemsAreOneMountCall() {
        LocalDriverOptions fs = LocalDriverOptions.parse(Map.of("type", "ext4", "device", "/dev/sdb1",
                "o", "noatime,errors=remount-ro"));
        assertEquals(new LocalDriverOptions("ext4", "/dev/sdb1", 1024, "errors=remount-ro", false), fs);
        assertEquals("missing required option: \"device\"", refused(Map.of("type", "ext4")));
    }

    @Test
    void unknownKeysAndUnsupportedWordsAreNamed() {
        assertEquals("invalid option key: \"colour\"", refused(Map.of("type", "tmpfs", "colour", "red")));
        assertTrue(refused(Map.of("size", "10G")).contains("\"size\""));
        assertEquals("missing required option: \"type\"", refused(Map.of("o", "size=1m")));
        assertEquals("missing required option: \"type\"", refused(Map.of("device", "/dev/sda")));
        assertTrue(refused(Map.of("type", "Bad Type")).contains("type=Bad Type"));
        assertTrue(refused(Map.of("type", "tmpfs", "o", "shared")).contains("\"shared\""));
        assertTrue(refused(Map.of("type", "ext4", "device", "/x", "o", "remount")).contains("\"remount\""));
    }

    @Test
    void recordsWrittenBeforeOptionsExistedStillRead() {
        VolumeRecord old = Json.read("{\"name\":\"v\",\"driver\":\"local\",\"createdAt\":\"t\",\"anonymous\":false}",
                VolumeRecord.class);
        assertEquals(Map.of(), old.options());
        VolumeRecord withOptions = VolumeRecord.created("v", Map.of(), "t", false).withOptions(Map.of("type", "tmpfs"));
        assertEquals(withOptions, Json.read(Json.write(withOptions), VolumeRecord.class));
        assertEquals(Map.of("type", "tmpfs"), withOptions.placedOn("n").madeAt("/p").removing().options());
    }
}
