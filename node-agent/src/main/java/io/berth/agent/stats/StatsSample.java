package io.berth.agent.stats;

import io.berth.agent.cgroup.CgroupUsage;

import java.time.Instant;

/** One reading of a container's cgroup together with the host clock it is measured against. */
public record StatsSample(Instant read, CgroupUsage usage, HostCpu host) {
}
