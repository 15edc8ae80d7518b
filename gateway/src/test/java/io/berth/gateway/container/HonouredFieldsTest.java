package io.berth.gateway.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.gateway.http.ApiError;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HonouredFieldsTest {

    /** What docker CLI 28 sends for a plain {@code docker run busybox true}: all defaults, so accepted. */
    static final String CLI_DEFAULT = """
            {"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":true,"AttachStderr":true,
             "Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":[],"Cmd":["true"],"Image":"busybox",
             "Volumes":{},"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{},
             "HostConfig":{"Binds":null,"ContainerIDFile":"","LogConfig":{"Type":"","Config":{}},
               "NetworkMode":"default","PortBindings":{},"RestartPolicy":{"Name":"no","MaximumRetryCount":0},
               "AutoRemove":false,"VolumeDriver":"","VolumesFrom":null,"ConsoleSize":[24,80],"CapAdd":null,
               "CapDrop":null,"CgroupnsMode":"","Dns":[],"DnsOptions":[],"DnsSearch":[],"ExtraHosts":null,
               "GroupAdd":null,"IpcMode":"","Cgroup":"","Links":null,"OomScoreAdj":0,"PidMode":"",
               "Privileged":false,"PublishAllPorts":false,"ReadonlyRootfs":false,"SecurityOpt":null,
               "UTSMode":"","UsernsMode":"","ShmSize":0,"Isolation":"","CpuShares":0,"Memory":0,"NanoCpus":0,
               "CgroupParent":"","BlkioWeight":0,"BlkioWeightDevice":[],"Devices":[],"DeviceCgroupRules":null,
               "DeviceRequests":null,"MemoryReservation":0,"MemorySwap":0,"MemorySwappiness":-1,
               "OomKillDisable":false,"PidsLimit":0,"Ulimits":[],"MaskedPaths":null,"ReadonlyPaths":null},
             "NetworkingConfig":{"EndpointsConfig":{"default":{"IPAMConfig":null,"Links":null,"Aliases":null,
               "DriverOpts":null,"NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","MacAddress":""}}}}
            """;

    @Test
    void theCliDefaultsPass() {
        assertDoesNotThrow(() -> HonouredFields.check(parse(CLI_DEFAULT)));
    }

    @Test
    void docker_pyDefaultsPass() {
        assertDoesNotThrow(() -> HonouredFields.check(parse("""
                {"Hostname":null,"Domainname":null,"ExposedPorts":null,"User":null,"Tty":false,"OpenStdin":false,
                 "StdinOnce":false,"AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Env":null,
                 "Cmd":["true"],"Image":"busybox","Volumes":null,"NetworkDisabled":false,"Entrypoint":null,
                 "WorkingDir":null,"Healthcheck":null,"StopTimeout":null,"Runtime":null,"MacAddress":null,
                 "Labels":null,"StopSignal":null,"HostConfig":{"NetworkMode":"default"}}""")));
    }

    @Test
    void aDeviceIsRefusedByName() {
        ApiError e = assertThrows(ApiError.class, () -> HonouredFields.check(parse("""
                {"Image":"busybox","HostConfig":{"Devices":[{"PathOnHost":"/dev/fuse","PathInContainer":"/dev/fuse",
                 "CgroupPermissions":"rwm"}]}}""")));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("HostConfig.Devices (--device)"), e.getMessage());
    }

    @Test
    void eachUnhonouredFieldIsNamed() {
        String[][] cases = {
                {"{\"Image\":\"b\",\"HostConfig\":{\"MemorySwappiness\":10}}", "HostConfig.MemorySwappiness"},
                {"{\"Image\":\"b\",\"HostConfig\":{\"LogConfig\":{\"Type\":\"syslog\"}}}", "HostConfig.LogConfig"},
                {"{\"Image\":\"b\",\"StopSignal\":\"SIGUSR1\"}", "StopSignal"},
                {"{\"Image\":\"b\",\"NetworkingConfig\":{\"EndpointsConfig\":{\"n1\":{\"IPAMConfig\":{\"IPv4Address\":\"10.1.1.1\",\"IPv6Address\":\"fd00::5\"}}}}}", "NetworkingConfig.EndpointsConfig.IPAMConfig.IPv6Address (--ip6)"},
                {"{\"Image\":\"b\",\"NetworkingConfig\":{\"EndpointsConfig\":{\"n1\":{\"IPAMConfig\":{\"LinkLocalIPs\":[\"169.254.1.1\"]}}}}}", "--link-local-ip"},
                {"{\"Image\":\"b\",\"HostConfig\":{\"Devices\":[{\"PathOnHost\":\"/dev/fuse\"}]}}", "HostConfig.Devices"},
                {"{\"Image\":\"b\",\"HostConfig\":{\"Ulimits\":[{\"Name\":\"nofile\",\"Soft\":1,\"Hard\":1}]}}", "HostConfig.Ulimits"},
                {"{\"Image\":\"b\",\"HostConfig\":{\"VolumesFrom\":[\"other\"]}}", "HostConfig.VolumesFrom"},
                {"{\"Image\":\"b\",\"NetworkingConfig\":{\"EndpointsConfig\":{\"n1\":{\"DriverOpts\":{\"a\":\"b\"}}}}}", "NetworkingConfig.EndpointsConfig"},
        };
        for (String[] c : cases) {
            ApiError e = assertThrows(ApiError.class, () -> HonouredFields.check(parse(c[0])), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    @Test
    void aFixedIpv4AddressIsHonoured() {
        assertDoesNotThrow(() -> HonouredFields.check(parse(
                "{\"Image\":\"b\",\"NetworkingConfig\":{\"EndpointsConfig\":{\"n1\":{\"IPAMConfig\":"
                        + "{\"IPv4Address\":\"10.1.1.1\",\"IPv6Address\":\"\",\"LinkLocalIPs\":null}}}}}")));
    }

    @Test
    void networkingFieldsAreHonoured() throws Exception {
        HonouredFields.check(parse("""
                {"Image":"b","ExposedPorts":{"81/tcp":{}},"MacAddress":"02:42:ac:11:00:09",
                 "HostConfig":{"NetworkMode":"host","PortBindings":{"80/tcp":[{"HostPort":"8080"}]},"PublishAllPorts":true,
                 "Dns":["192.0.2.53"],"DnsSearch":["a.test"],"DnsOptions":["ndots:2"],"ExtraHosts":["db:10.0.0.9"]},
                 "NetworkingConfig":{"EndpointsConfig":{"bridge":{"MacAddress":"02:42:ac:11:00:09"}}}}"""));
    }

    @Test
    void mountFieldsAreHonoured() {
        assertDoesNotThrow(() -> HonouredFields.check(parse("""
                {"Image":"b","Volumes":{"/data":{}},"HostConfig":{"Binds":["v1:/v1","/tmp:/host:ro"],
                 "Mounts":[{"Type":"volume","Source":"v2","Target":"/v2"}],"Tmpfs":{"/t":"size=1m"}}}""")));
    }

    @Test
    void defaultsSpelledOutArePassed() {
        assertDoesNotThrow(() -> HonouredFields.check(parse("""
                {"Image":"b","HostConfig":{"NetworkMode":"bridge","LogConfig":{"Type":"json-file","Config":{}},
                 "ShmSize":67108864,"CgroupnsMode":"private","IpcMode":"private"},
                 "NetworkingConfig":{"EndpointsConfig":{"bridge":{}}}}""")));
    }

    private static JsonNode parse(String json) throws Exception {
        return Json.MAPPER.readTree(json);
    }
}
