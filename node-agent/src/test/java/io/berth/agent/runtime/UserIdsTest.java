package io.berth.agent.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UserIdsTest {
    private static final String PASSWD = """
            root:x:0:0:root:/root:/bin/sh
            # a comment
            daemon:x:1:1:daemon:/usr/sbin:/bin/false
            nobody:x:65534:65534:nobody:/home:/bin/false
            broken:x:notanumber:1::/:/bin/sh
            app:x:1000:1001::/app:/bin/sh
            """;
    private static final String GROUP = """
            root:x:0:
            staff:x:50:app
            nogroup:x:65534:
            """;

    private static UserIds resolve(String user) {
        return UserIds.resolve(user, PASSWD, GROUP);
    }

    @Test
    void aNameIsLookedUpWithItsPrimaryGroup() {
        assertEquals(new UserIds(65534, 65534), resolve("nobody"));
        assertEquals(new UserIds(1000, 1001), resolve("app"));
    }

    @Test
    void aNumberInThePasswdFileTakesItsGroupAndOneOutsideRunsWithGroupZero() {
        assertEquals(new UserIds(1000, 1001), resolve("1000"));
        assertEquals(new UserIds(4242, 0), resolve("4242"), "as runc: an unknown uid runs with gid 0");
    }

    @Test
    void aGroupByNameOrNumberReplacesThePrimaryOne() {
        assertEquals(new UserIds(1000, 50), resolve("app:staff"));
        assertEquals(new UserIds(65534, 7), resolve("nobody:7"));
        assertEquals(new UserIds(4242, 4343), resolve("4242:4343"));
    }

    @Test
    void unknownNamesFailWithRuncsWords() {
        IllegalArgumentException user = assertThrows(IllegalArgumentException.class, () -> resolve("ghost"));
        assertEquals("unable to find user ghost: no matching entries in passwd file", user.getMessage());
        IllegalArgumentException group = assertThrows(IllegalArgumentException.class, () -> resolve("app:ghosts"));
        assertEquals("unable to find group ghosts: no matching entries in group file", group.getMessage());
        assertThrows(IllegalArgumentException.class, () -> resolve("broken"), "a malformed line matches nothing");
    }

    @Test
    void withoutAccountFilesOnlyNumbersWork() {
        assertEquals(new UserIds(7, 0), UserIds.resolve("7", null, null));
        assertEquals(new UserIds(7, 8), UserIds.resolve("7:8", null, null));
        assertThrows(IllegalArgumentException.class, () -> UserIds.resolve("nobody", null, null));
    }

    @Test
    void blankIsRootUnchanged() {
        assertEquals(UserIds.ROOT, resolve(""));
        assertEquals(UserIds.ROOT, resolve(null));
    }
}
