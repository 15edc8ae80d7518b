package io.berth.deploy.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataRootLockTest {
    @TempDir
    Path root;

    @Test
    void aSecondHolderIsRefusedUntilTheFirstLetsGo() throws Exception {
        Path file = root.resolve("data/berth.lock");
        DataRootLock first = DataRootLock.acquire(file);
        assertEquals(ProcessHandle.current().pid() + "", Files.readString(file).trim());
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> DataRootLock.acquire(file));
        assertTrue(refused.getMessage().contains("in use"), refused.getMessage());
        first.close();
        DataRootLock.acquire(file).close();
    }
}
