package io.berth.events.state;

import io.berth.events.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CapacityTest {

    @Test
    void jsonWrittenBeforePidsExistedStillReads() {
        assertEquals(new Capacity(2, 3, 4, 0), Json.read("{\"nanoCpus\":2,\"memoryBytes\":3,\"containers\":4}", Capacity.class));
        assertEquals(new Capacity(2, 3, 4, 5), Json.read(Json.write(new Capacity(2, 3, 4, 5)), Capacity.class));
    }

    @Test
    void pidsAddAndSubtractLikeTheRest() {
        Capacity a = new Capacity(10, 10, 2, 100);
        assertEquals(new Capacity(11, 12, 3, 150), a.plus(new Capacity(1, 2, 1, 50)));
        assertEquals(new Capacity(0, 0, 0, 0), a.minus(new Capacity(20, 20, 3, 200)));
    }
}
