package io.berth.gateway.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.events.spec.MountSpec;
import io.berth.gateway.http.ApiError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContainerMountsTest {

    private static List<MountSpec> parse(String json, List<String> imageVolumes) throws Exception {
        JsonNode body = Json.MAPPER.readTree(json);
        AtomicInteger n = new AtomicInteger();
        return ContainerMounts.parse(body, body.path("HostConfig"), imageVolumes,
                () -> String.format("%064d", n.incrementAndGet()));
    }

    private static String error(String json) {
        return assertThrows(ApiError.class, () -> parse(json, List.of())).getMessage();
    }

    @Test
    void bindsAreBindsOrNamedVolumesByTheirSource() throws Exception {
        List<MountSpec> m = parse("""
                {"HostConfig":{"Binds":["/srv/h:/h:ro","data:/data","/srv/x:/x:rw,z,rslave"]}}""", List.of());
        assertEquals(new MountSpec("bind", "", "/srv/h", "/h", true, "rprivate", "ro", true, false, false, ""), m.get(0));
        assertEquals(new MountSpec("volume", "data", "", "/data", false, "", "z", false, false, true, ""), m.get(1));
        assertEquals("rslave", m.get(2).propagation());
        assertFalse(m.get(2).readOnly());
    }

    @Test
    void mountsTakeDockersFields() throws Exception {
        List<MountSpec> m = parse("""
                {"HostConfig":{"Mounts":[
                  {"Type":"bind","Source":"/srv/h","Target":"/h","ReadOnly":true,"BindOptions":{"Propagation":"rshared"}},
                  {"Type":"volume","Source":"v2","Target":"/d","VolumeOptions":{"NoCopy":true}},
                  {"Type":"volume","Target":"/anon"},
                  {"Type":"tmpfs","Target":"/t","TmpfsOptions":{"SizeBytes":1048576,"Mode":1023}}]}}""", List.of());
        assertEquals(new MountSpec("bind", "", "/srv/h", "/h", true, "rshared", "", false, false, false, ""), m.get(0));
        assertFalse(m.get(1).copyUp());
        assertTrue(m.get(2).anonymous());
        assertEquals(64, m.get(2).name().length());
        assertEquals("size=1048576,mode=1777", m.get(3).tmpfsOptions());
    }

    @Test
    void anonymousVolumesComeFromConfigAndImageUnlessThePathIsMounted() throws Exception {
        List<MountSpec> m = parse("""
                {"Volumes":{"/anon":{}},"HostConfig":{"Binds":["named:/img"]}}""", List.of("/img", "/other"));
        assertEquals(List.of("/img", "/anon", "/other"), m.stream().map(MountSpec::target).toList());
        assertEquals("named", m.get(0).name());
        assertTrue(m.get(1).anonymous() && m.get(2).anonymous());
    }

    @Test
    void tmpfsOptionsAreChecked() throws Exception {
        assertEquals("size=1m,mode=1777", parse("{\"HostConfig\":{\"Tmpfs\":{\"/t\":\"size=1m,mode=1777\"}}}",
                List.of()).get(0).tmpfsOptions());
        assertEquals("Invalid tmpfs option [\"bogus=1\"]", error("{\"HostConfig\":{\"Tmpfs\":{\"/t\":\"bogus=1\"}}}"));
    }

    @Test
    void badSpecsGetDockersWords() {
        assertEquals("invalid volume specification: '/srv/h:relative': invalid mount config for type \"bind\": "
                + "invalid mount path: 'relative' mount path must be absolute",
                error("{\"HostConfig\":{\"Binds\":[\"/srv/h:relative\"]}}"));
        assertEquals("invalid mount config for type \"bind\": invalid mount path: 'host' mount path must be absolute",
                error("{\"HostConfig\":{\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"host\",\"Target\":\"/h\"}]}}"));
        assertEquals("Duplicate mount point: /d",
                error("{\"HostConfig\":{\"Binds\":[\"aa:/d\",\"/x:/d/\"]}}"));
        assertEquals("invalid mode: bogus", error("{\"HostConfig\":{\"Binds\":[\"/x:/d:bogus\"]}}"));
        assertEquals("invalid specification: destination can't be '/'",
                error("{\"HostConfig\":{\"Binds\":[\"/x:/\"]}}"));
        assertTrue(error("{\"HostConfig\":{\"Binds\":[\"bad name!:/d\"]}}").contains("includes invalid characters"));
        assertTrue(error("""
                {"HostConfig":{"Mounts":[{"Type":"volume","Source":"v","Target":"/d",
                  "VolumeOptions":{"DriverConfig":{"Name":"nfs"}}}]}}""")
                .contains("HostConfig.Mounts.VolumeOptions.DriverConfig"));
        assertTrue(error("{\"HostConfig\":{\"Mounts\":[{\"Type\":\"npipe\",\"Target\":\"/d\"}]}}")
                .contains("mount type unknown"));
    }
}
