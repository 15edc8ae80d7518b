package io.berth.gateway.container;

import java.util.HexFormat;
import java.util.Random;

/** A new container id as Docker makes one: 64 random hex digits whose short id is not all digits. */
public final class ContainerIds {

    /** 32 random bytes from {@code random} in hex, drawn again while the first 12 digits are all numbers. */
    public static String fresh(Random random) {
        while (true) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            String id = HexFormat.of().formatHex(bytes);
            // like Docker: a short id made only of digits could be read as a number by tools
            if (!id.substring(0, 12).matches("[0-9]+")) {
                return id;
            }
        }
    }

    private ContainerIds() {
    }
}
