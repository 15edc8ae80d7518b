package io.berth.agent.net;

import io.berth.events.spec.PortBinding;
import io.berth.events.state.HostPortClaim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Chooses the host port of each requested binding: the asked one, the first free one of an asked range, or
 * (none asked) the first free ephemeral port from 32768 as dockerd counts, tcp and udp apart. A port is free when
 * nothing in {@code taken} overlaps it (the ports running containers here publish, and those the scheduler claimed
 * for other containers placed here) and the host has no socket on it ({@code hostFree}). Pure but for that
 * predicate.
 */
public final class PortPicker {
    static final int EPHEMERAL_LOW = 32768;
    static final int EPHEMERAL_HIGH = 60999;

    /** Thrown with dockerd's text when an asked port is taken. */
    public static final class Taken extends Exception {
        Taken(String message) {
            super(message);
        }
    }

    public static List<PortBinding> pick(List<PortBinding> asked, List<HostPortClaim> inUse,
                                         Predicate<PortBinding> hostFree) throws Taken {
        List<HostPortClaim> taken = new ArrayList<>(inUse);
        List<PortBinding> out = new ArrayList<>();
        for (PortBinding b : asked) {
            int low = b.hostPort() == 0 ? EPHEMERAL_LOW : b.hostPort();
            int high = b.hostPort() == 0 ? EPHEMERAL_HIGH : b.hostPortEnd();
            PortBinding chosen = null;
            for (int p = low; p <= high && chosen == null; p++) {
                PortBinding candidate = b.at(p);
                if (taken.stream().noneMatch(t -> t.overlaps(candidate.hostIp(), candidate.hostPort(), candidate.protocol()))
                        && hostFree.test(candidate)) {
                    chosen = candidate;
                }
            }
            if (chosen == null) {
                String ip = b.hostIp().isEmpty() ? "0.0.0.0" : b.hostIp();
                throw new Taken(b.hostPort() == 0 ? "no free host port left for " + b.key()
                        : "Bind for " + ip + ":" + (low == high ? String.valueOf(low) : low + "-" + high)
                        + " failed: port is already allocated");
            }
            taken.add(claim("", chosen));
            out.add(chosen);
        }
        return out;
    }

    /** A chosen binding as a claim of {@code containerId}'s. */
    public static HostPortClaim claim(String containerId, PortBinding b) {
        return new HostPortClaim(containerId, b.hostIp(), b.hostPort(), b.protocol());
    }

    private PortPicker() {
    }
}
