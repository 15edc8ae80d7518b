package io.berth.events.net;

/** An IPv4 address as an unsigned 32-bit value; {@link #parse} refuses anything but four decimal octets. */
public record Ipv4(long value) implements Comparable<Ipv4> {

    public Ipv4 {
        if (value < 0 || value > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("not an IPv4 address: " + value);
        }
    }

    public static Ipv4 parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            v = (v << 8) | Integer.parseInt(p);
        }
        return new Ipv4(v);
    }

    public Ipv4 plus(long n) {
        return new Ipv4(value + n);
    }

    /** Octet {@code i} (0 = the first). */
    public int octet(int i) {
        return (int) ((value >> (8 * (3 - i))) & 0xFF);
    }

    @Override
    public int compareTo(Ipv4 o) {
        return Long.compare(value, o.value);
    }

    @Override
    public String toString() {
        return octet(0) + "." + octet(1) + "." + octet(2) + "." + octet(3);
    }
}
