package io.berth.agent.dns;

import io.berth.events.net.Ipv4;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One DNS query (RFC 1035 §4) as a container's resolver sends it, and the answers the network's DNS gives: A
 * records for names it knows, an empty NOERROR for other types of a known name (so a resolver asking AAAA first
 * goes on to A), and an error code otherwise. Pure: bytes in, bytes out.
 *
 * @param id       the query's id, echoed in the answer
 * @param flags    the query's flags (opcode and RD are echoed)
 * @param name     the asked name, lower case, without the final dot
 * @param type     the query type (1 = A, 28 = AAAA)
 * @param question the question section as received, echoed in the answer
 */
public record DnsMessage(int id, int flags, String name, int type, byte[] question) {
    public static final int TYPE_A = 1;
    public static final int NOERROR = 0;
    public static final int SERVFAIL = 2;
    public static final int NXDOMAIN = 3;
    public static final int REFUSED = 5;
    private static final int HEADER = 12;
    private static final int TTL = 600;

    /** The query in {@code packet[0, length)}; empty when it is not one standard query with one question. */
    public static Optional<DnsMessage> parse(byte[] packet, int length) {
        if (length < HEADER + 5) {
            return Optional.empty();
        }
        int id = u16(packet, 0);
        int flags = u16(packet, 2);
        boolean response = (flags & 0x8000) != 0;
        int opcode = (flags >> 11) & 0xF;
        if (response || opcode != 0 || u16(packet, 4) != 1) {
            return Optional.empty();
        }
        StringBuilder name = new StringBuilder();
        int at = HEADER;
        while (true) {
            if (at >= length) {
                return Optional.empty();
            }
            int len = packet[at] & 0xFF;
            at++;
            if (len == 0) {
                break;
            }
            // a query's question has no compression pointers; labels are at most 63 bytes
            if (len > 63 || at + len > length || name.length() + len > 253) {
                return Optional.empty();
            }
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(packet, at, len, java.nio.charset.StandardCharsets.US_ASCII));
            at += len;
        }
        if (at + 4 > length) {
            return Optional.empty();
        }
        int type = u16(packet, at);
        byte[] question = java.util.Arrays.copyOfRange(packet, HEADER, at + 4);
        return Optional.of(new DnsMessage(id, flags, name.toString().toLowerCase(Locale.ROOT), type, question));
    }

    /** NOERROR with one A record per address, each pointing back at the question's name. */
    public byte[] answer(List<Ipv4> addresses) {
        ByteArrayOutputStream out = header(NOERROR, addresses.size());
        for (Ipv4 ip : addresses) {
            u16(out, 0xC000 | HEADER); // the name: a pointer to the question's
            u16(out, TYPE_A);
            u16(out, 1); // IN
            u16(out, TTL >>> 16);
            u16(out, TTL & 0xFFFF);
            u16(out, 4);
            for (int i = 0; i < 4; i++) {
                out.write(ip.octet(i));
            }
        }
        return out.toByteArray();
    }

    /** No answer, with {@code rcode} ({@link #NXDOMAIN}, {@link #REFUSED}, {@link #SERVFAIL}, or NOERROR). */
    public byte[] error(int rcode) {
        return header(rcode, 0).toByteArray();
    }

    private ByteArrayOutputStream header(int rcode, int answers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        u16(out, id);
        // QR, the query's opcode and RD, AA (the names are ours), RA (others are forwarded)
        u16(out, 0x8000 | (flags & 0x7900) | 0x0400 | 0x0080 | (rcode & 0xF));
        u16(out, 1);
        u16(out, answers);
        u16(out, 0);
        u16(out, 0);
        out.writeBytes(question);
        return out;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write((v >> 8) & 0xFF);
        out.write(v & 0xFF);
    }
}
