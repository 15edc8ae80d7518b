package io.berth.gateway.host;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the gateway's own host says about itself, read once at start (blocking file reads). */
public record HostFacts(String kernelVersion, String operatingSystem, String hostname, String cgroupVersion,
                        int cpus, long memTotal) {

    public static HostFacts read() {
        String kernel = firstLine(Path.of("/proc/sys/kernel/osrelease"), System.getProperty("os.version"));
        String os = "Linux";
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    os = line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // keep "Linux"
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = firstLine(Path.of("/etc/hostname"), "berth");
        }
        // a v2-only host has cgroup.controllers at the root; a hybrid one mounts v2 under unified/
        String cgroup = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? "2" : "1";
        return new HostFacts(kernel, os, host, cgroup, Runtime.getRuntime().availableProcessors(), readMemTotal());
    }

    private static long readMemTotal() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/meminfo"));
            for (String line : lines) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return 0;
    }

    private static String firstLine(Path file, String fallback) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return fallback;
        }
    }
}
