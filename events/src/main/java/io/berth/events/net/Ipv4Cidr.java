package io.berth.events.net;

/** An IPv4 subnet ({@code 10.87.3.0/24}), its base address masked to the prefix. */
public record Ipv4Cidr(Ipv4 base, int prefix) {

    public Ipv4Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix length must be 0 to 32, not " + prefix);
        }
        base = new Ipv4(base.value() & mask(prefix));
    }

    /** {@code a.b.c.d/n}, or a bare address as a /32. */
    public static Ipv4Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new Ipv4Cidr(Ipv4.parse(text), 32);
        }
        String bits = text.substring(slash + 1);
        if (bits.isEmpty() || bits.length() > 2 || !bits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not an IPv4 subnet: " + text);
        }
        return new Ipv4Cidr(Ipv4.parse(text.substring(0, slash)), Integer.parseInt(bits));
    }

    public long size() {
        return 1L << (32 - prefix);
    }

    public Ipv4 last() {
        return base.plus(size() - 1);
    }

    public boolean contains(Ipv4 ip) {
        return (ip.value() & mask(prefix)) == base.value();
    }

    public boolean overlaps(Ipv4Cidr other) {
        return contains(other.base) || other.contains(base);
    }

    /** The {@code n}-th address of the subnet (0 is the network's own). */
    public Ipv4 host(long n) {
        if (n < 0 || n >= size()) {
            throw new IllegalArgumentException(n + " is outside " + this);
        }
        return base.plus(n);
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    @Override
    public String toString() {
        return base + "/" + prefix;
    }
}
