package io.berth.scheduler.placement;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Amounts written for people: {@code 7 GiB}, {@code 1.5 CPUs}, {@code 31s}. */
final class Quantities {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Quantities() {
    }

    static String bytes(long bytes) {
        int unit = 0;
        BigDecimal value = BigDecimal.valueOf(bytes);
        BigDecimal step = BigDecimal.valueOf(1024);
        while (unit < UNITS.length - 1 && value.compareTo(step) >= 0) {
            value = value.divide(step);
            unit++;
        }
        return plain(value, 1) + " " + UNITS[unit];
    }

    static String cpus(long nanoCpus) {
        BigDecimal value = BigDecimal.valueOf(nanoCpus).divide(BigDecimal.valueOf(1_000_000_000L));
        String text = plain(value, 3);
        return text + (text.equals("1") ? " CPU" : " CPUs");
    }

    static String seconds(long millis) {
        return Math.max(0, millis) / 1000 + "s";
    }

    // Few decimals: "7 GiB", "7.5 GiB", "0.25 CPUs"; a value that would read 0 keeps more digits.
    private static String plain(BigDecimal value, int decimals) {
        BigDecimal rounded = value.setScale(decimals, RoundingMode.DOWN);
        if (rounded.signum() == 0 && value.signum() != 0) {
            rounded = value.setScale(decimals + 3, RoundingMode.DOWN);
        }
        return rounded.stripTrailingZeros().toPlainString();
    }
}
