package io.berth.gateway.exec;

import io.vertx.core.buffer.Buffer;

import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Parses the agent's exec frames (8-byte Docker header; stream 1 stdout, 2 stderr, 3 the exit code in ASCII)
 * and passes output on as Docker framing, or as the bare bytes with a tty. Pure: fed buffers, calls back.
 */
public final class FrameRelay {
    private final boolean tty;
    private final Consumer<Buffer> out;
    private final IntConsumer exit;
    private Buffer pending = Buffer.buffer();

    public FrameRelay(boolean tty, Consumer<Buffer> out, IntConsumer exit) {
        this.tty = tty;
        this.out = out;
        this.exit = exit;
    }

    public void feed(Buffer chunk) {
        pending.appendBuffer(chunk);
        int at = 0;
        while (pending.length() - at >= 8) {
            int stream = pending.getByte(at);
            int length = pending.getInt(at + 4);
            if (pending.length() - at - 8 < length) {
                break;
            }
            Buffer payload = pending.getBuffer(at + 8, at + 8 + length);
            if (stream == 3) {
                exit.accept(Integer.parseInt(payload.toString().trim()));
            } else if (tty) {
                out.accept(payload);
            } else {
                out.accept(pending.getBuffer(at, at + 8 + length));
            }
            at += 8 + length;
        }
        pending = pending.getBuffer(at, pending.length());
    }
}
