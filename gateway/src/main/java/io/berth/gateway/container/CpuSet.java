package io.berth.gateway.container;

/** Docker's cpuset list syntax ({@code 0-2,4}): the highest CPU it names, or -1 when it is malformed or empty. */
final class CpuSet {

    static int highest(String list) {
        if (list == null || list.isEmpty()) {
            return -1;
        }
        int highest = -1;
        for (String part : list.split(",", -1)) {
            String[] range = part.split("-", -1);
            if (range.length > 2) {
                return -1;
            }
            try {
                int from = Integer.parseInt(range[0]);
                int to = range.length == 2 ? Integer.parseInt(range[1]) : from;
                if (from < 0 || to < from) {
                    return -1;
                }
                highest = Math.max(highest, to);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return highest;
    }

    private CpuSet() {
    }
}
