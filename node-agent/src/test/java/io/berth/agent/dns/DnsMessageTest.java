package io.berth.agent.dns;

import io.berth.events.net.Ipv4;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DnsMessageTest {

    /** A query as busybox's resolver writes it: id, RD set, one question, no other section. */
    static byte[] query(int id, String name, int type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) (id >> 8), (byte) id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            out.write(label.length());
            out.writeBytes(label.getBytes());
        }
        out.write(0);
        out.writeBytes(new byte[]{0, (byte) type, 0, 1});
        return out.toByteArray();
    }

    @Test
    void parsesTheQuestionOfAQuery() {
        byte[] q = query(0x1234, "App_Web_1", 1);
        DnsMessage m = DnsMessage.parse(q, q.length).orElseThrow();
        assertEquals(0x1234, m.id());
        assertEquals("app_web_1", m.name());
        assertEquals(1, m.type());
        assertArrayEquals(Arrays.copyOfRange(q, 12, q.length), m.question());
    }

    @Test
    void answersWithOneARecordPerAddressPointingAtTheQuestion() {
        byte[] q = query(7, "web", 1);
        byte[] a = DnsMessage.parse(q, q.length).orElseThrow()
                .answer(List.of(Ipv4.parse("10.87.1.2"), Ipv4.parse("10.87.1.3")));
        assertEquals(7, (a[0] & 0xFF) << 8 | (a[1] & 0xFF));
        assertEquals(0x85, a[2] & 0xFF); // QR, AA, RD
        assertEquals(0x80, a[3] & 0xFF); // RA, NOERROR
        assertEquals(2, a[7]); // ANCOUNT
        int answers = q.length;
        assertArrayEquals(new byte[]{(byte) 0xC0, 12, 0, 1, 0, 1, 0, 0, 2, 88, 0, 4, 10, 87, 1, 2},
                Arrays.copyOfRange(a, answers, answers + 16));
        assertArrayEquals(new byte[]{10, 87, 1, 3}, Arrays.copyOfRange(a, a.length - 4, a.length));
        assertEquals(q.length + 32, a.length);
    }

    @Test
    void errorsCarryTheirCodeAndNoAnswer() {
        byte[] q = query(9, "other.example", 28);
        DnsMessage m = DnsMessage.parse(q, q.length).orElseThrow();
        byte[] refused = m.error(DnsMessage.REFUSED);
        assertEquals(5, refused[3] & 0x0F);
        assertEquals(0, refused[7]);
        assertEquals(3, m.error(DnsMessage.NXDOMAIN)[3] & 0x0F);
        assertEquals(q.length, refused.length);
    }

    @Test
    void refusesWhatIsNoStandardQuery() {
        byte[] q = query(1, "web", 1);
        byte[] response = q.clone();
        response[2] |= (byte) 0x80;
        assertTrue(DnsMessage.parse(response, response.length).isEmpty());
        byte[] two = q.clone();
        two[5] = 2;
        assertTrue(DnsMessage.parse(two, two.length).isEmpty());
        assertTrue(DnsMessage.parse(q, q.length - 3).isEmpty());
        byte[] pointer = q.clone();
        pointer[12] = (byte) 0xC0;
        assertTrue(DnsMessage.parse(pointer, pointer.length).isEmpty());
        assertTrue(DnsMessage.parse(new byte[5], 5).isEmpty());
    }
}
