package io.berth.agent.runtime;

import io.berth.events.spec.Security;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserNamespacesTest {
    @TempDir
    Path containers;

    @Test
    void storesEachContainersRangeAndRebuildsThePoolFromThem() throws IOException {
        UserNamespaces first = new UserNamespaces(true, containers, new IdPool(100_000, 8));
        IdRange a = first.of("a", containers.resolve("a"), true);
        IdRange b = first.of("b", containers.resolve("b"), true);
        assertNotEquals(a, b);
        assertEquals(a.render() + "\n", Files.readString(containers.resolve("a").resolve(UserNamespaces.FILE)));
        assertEquals(a, UserNamespaces.stored(containers.resolve("a")));

        // a restarted agent: a's and b's ranges are taken before anyone asks, so c gets a third
        UserNamespaces again = new UserNamespaces(true, containers, new IdPool(100_000, 8));
        IdRange c = again.of("c", containers.resolve("c"), true);
        assertFalse(c.equals(a) || c.equals(b), "c's range is its own: " + c);
        assertEquals(b, again.of("b", containers.resolve("b"), true), "b keeps its range");
    }

    @Test
    void aRemovedContainersRangeGoesBackToThePool() throws IOException {
        UserNamespaces namespaces = new UserNamespaces(true, containers, new IdPool(100_000, 1));
        IdRange a = namespaces.of("a", containers.resolve("a"), true);
        namespaces.free("a");
        Files.delete(containers.resolve("a").resolve(UserNamespaces.FILE));
        assertEquals(a, namespaces.of("b", containers.resolve("b"), true));
    }

    @Test
    void aDirectoryDeletedBehindItsBackIsNoticedWhenThePoolRunsOut() throws IOException {
        UserNamespaces namespaces = new UserNamespaces(true, containers, new IdPool(100_000, 1));
        namespaces.of("a", containers.resolve("a"), true);
        Files.delete(containers.resolve("a").resolve(UserNamespaces.FILE));
        Files.delete(containers.resolve("a"));
        assertEquals(100_000, namespaces.of("b", containers.resolve("b"), true).base());
    }

    @Test
    void optOutsAndAnOffNodeGetTheHostsNamespace() throws IOException {
        assertTrue(UserNamespaces.wanted(Security.DEFAULT, false));
        assertFalse(UserNamespaces.wanted(new Security(true, List.of(), List.of(), false), false), "privileged");
        assertFalse(UserNamespaces.wanted(new Security(false, List.of(), List.of(), false, null, "host"), false));
        assertFalse(UserNamespaces.wanted(Security.DEFAULT, true), "host network");
        UserNamespaces on = new UserNamespaces(true, containers, new IdPool());
        assertEquals(IdRange.HOST, on.of("a", containers.resolve("a"), false));
        assertFalse(Files.exists(containers.resolve("a").resolve(UserNamespaces.FILE)));
        assertEquals(IdRange.HOST, UserNamespaces.OFF.of("b", containers.resolve("b"), true));
        assertEquals(IdRange.HOST, UserNamespaces.stored(containers.resolve("b")));
    }
}
