package io.berth.imagestore;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

/** A fresh {@link RunningStore} on a temporary root for each test, closed after it (garbage grace 10 minutes). */
abstract class AgainstRunningStore {
    @TempDir
    Path root;
    RunningStore store;

    @BeforeEach
    void startStore() throws Exception {
        store = new RunningStore(root, Duration.ofMinutes(10));
    }

    @AfterEach
    void stopStore() throws Exception {
        store.close();
    }
}
