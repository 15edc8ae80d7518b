package io.berth.events.state;

/**
 * One health probe (Docker's {@code HealthcheckResult}).
 *
 * @param start    RFC 3339 time the probe started
 * @param end      RFC 3339 time it ended
 * @param exitCode 0 healthy, 1 unhealthy, -1 when it could not run or timed out
 * @param output   the first 4 KiB of its stdout and stderr
 */
public record HealthResult(String start, String end, int exitCode, String output) {
}
