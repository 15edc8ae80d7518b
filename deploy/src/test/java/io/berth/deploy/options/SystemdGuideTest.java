package io.berth.deploy.options;

import io.berth.deploy.testing.EnvironmentFile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The multi-host guide (deploy/README.md, "Deploying on three hosts") and the systemd files it ships agree: the
 * README shows the files verbatim, every line is a launcher flag, each file filled in parses as the launcher reads
 * it, the ports one file names are the ones another opens, and the units take their flags from the files alone.
 * The cluster harness starts from the same files, so the e2e tests run what the guide says.
 */
class SystemdGuideTest {
    private static final List<String> ROLES = List.of("control", "agent", "gateway");
    private static final Map<String, String> EXAMPLE = Map.of("HOST_ADDRESS", "10.0.0.2",
            "CONTROL_ADDRESS", "10.0.0.1", "NODE_ID", "node-2", "NODE_LABELS", "disk=hdd,rack=r2");
    private static final Pattern INCLUDED = Pattern.compile(
            "<!-- deploy/systemd/([a-z.-]+) -->\\n```[a-z]*\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theReadmeShowsTheFilesVerbatim() throws IOException {
        Matcher m = INCLUDED.matcher(guide());
        Set<String> shown = new HashSet<>();
        while (m.find()) {
            assertEquals(read(EnvironmentFile.directory().resolve(m.group(1))), m.group(2),
                    "deploy/README.md's copy of systemd/" + m.group(1));
            shown.add(m.group(1));
        }
        for (String role : ROLES) {
            assertTrue(shown.contains("berth-" + role + ".env"), "the guide shows berth-" + role + ".env: " + shown);
        }
    }

    @Test
    void everyLineIsALauncherFlagAndEachFileNamesItsRole() {
        Set<String> variables = Flag.ALL.stream().map(Flag::envName).collect(Collectors.toSet());
        for (String role : ROLES) {
            EnvironmentFile file = EnvironmentFile.read("berth-" + role + ".env");
            for (String key : file.entries().keySet()) {
                assertTrue(variables.contains(key), file.name() + ": " + key + " is no launcher flag");
            }
            assertEquals(role, file.entries().get("BERTH_ROLE"), file.name());
        }
    }

    @Test
    void eachFileFilledInParsesAsTheLauncherReadsIt() {
        for (String role : ROLES) {
            EnvironmentFile file = EnvironmentFile.read("berth-" + role + ".env");
            Map<String, String> filled = file.fill(subset(EXAMPLE, file.placeholders())).resolved();
            LaunchOptions options = new OptionParser(filled, () -> "unused-host-name").parse(new String[0]);
            assertEquals(Role.parse(role), options.role(), file.name());
            assertEquals("berth", options.clusterName(), file.name());
        }
    }

    @Test
    void thePortsTheClientsNameAreTheOnesTheControlPlaneOpens() {
        Map<String, String> control = EnvironmentFile.read("berth-control.env").entries();
        for (String role : List.of("agent", "gateway")) {
            Map<String, String> client = EnvironmentFile.read("berth-" + role + ".env").entries();
            assertEquals("@CONTROL_ADDRESS@:" + control.get("BERTH_KAFKA_PORT"), client.get("BERTH_KAFKA_BOOTSTRAP"), role);
            assertEquals("@CONTROL_ADDRESS@:" + control.get("BERTH_HAZELCAST_PORT"), client.get("BERTH_HAZELCAST_MEMBERS"),
                    role);
            assertEquals("http://@CONTROL_ADDRESS@:" + control.get("BERTH_REGISTRY_PORT"),
                    client.get("BERTH_REGISTRY_URL"), role);
            assertEquals(control.get("BERTH_CLUSTER_NAME"), client.get("BERTH_CLUSTER_NAME"), role);
        }
    }

    @Test
    void eachUnitTakesItsFlagsFromItsEnvironmentFileAlone() throws IOException {
        for (String role : ROLES) {
            String unit = read(EnvironmentFile.directory().resolve("berth-" + role + ".service"));
            assertTrue(unit.contains("\nEnvironmentFile=/etc/berth/" + role + ".env\n"), role + ".service");
            assertTrue(unit.contains("\nExecStart=/usr/bin/java -jar /opt/berth/berth.jar\n"),
                    role + ".service runs the jar with no flag of its own");
        }
        String agent = read(EnvironmentFile.directory().resolve("berth-agent.service"));
        assertTrue(agent.contains("\nKillMode=process\n"), "stopping the agent unit must leave its containers running");
    }

    @Test
    void theAgentRunsWithFootprintOptionsThisJavaAccepts() throws IOException, InterruptedException {
        String agent = read(EnvironmentFile.directory().resolve("berth-agent.service"));
        Matcher m = Pattern.compile("\nEnvironment=\"JDK_JAVA_OPTIONS=([^\"]+)\"\n").matcher(agent);
        assertTrue(m.find(), "the agent unit sets JDK_JAVA_OPTIONS");
        List<String> options = List.of(m.group(1).split(" "));
        for (String expected : List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")) {
            assertTrue(options.contains(expected), expected);
        }
        assertTrue(options.stream().anyMatch(o -> o.startsWith("-Xmx")), "a bounded heap");
        // the java that runs the tests is the one the unit names (Debian's openjdk-17): an option it refuses
        // would stop every agent at start
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-version");
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, java.waitFor(), out);
        assertTrue(agent.contains("\nEnvironment=MALLOC_ARENA_MAX=2\n"), "few malloc arenas for ~90 threads");
    }

    @Test
    void everyFlagTheGuideNamesIsInTheFiles() throws IOException {
        Set<String> inFiles = new HashSet<>();
        for (String role : ROLES) {
            inFiles.addAll(EnvironmentFile.read("berth-" + role + ".env").entries().keySet());
        }
        Matcher m = Pattern.compile("--([a-z][a-z-]+)").matcher(guide());
        while (m.find()) {
            String name = m.group(1);
            Flag.ALL.stream().filter(f -> f.name().equals(name)).findFirst().ifPresent(flag -> assertTrue(
                    inFiles.contains(flag.envName()), "the guide names --" + name + ", which no systemd file sets"));
        }
    }

    // the "Deploying on three hosts" section of deploy/README.md
    private static String guide() throws IOException {
        String readme = read(Path.of("README.md"));
        int start = readme.indexOf("\n## Deploying on three hosts\n");
        if (start < 0) {
            fail("deploy/README.md has no \"Deploying on three hosts\" section");
        }
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    private static Map<String, String> subset(Map<String, String> values, Set<String> keys) {
        return values.entrySet().stream().filter(e -> keys.contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
