package io.berth.gateway.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.events.spec.Security;
import io.berth.gateway.http.ApiError;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SecurityOpt: seccomp= (unconfined or a profile's JSON, as the CLI sends a file) and no-new-privileges only. */
class HostSecurityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Security parse(String host) throws Exception {
        return HostSecurity.parse(JSON.readTree(host));
    }

    private static String refusal(String host) {
        ApiError e = assertThrows(ApiError.class, () -> parse(host));
        assertEquals(400, e.status());
        return e.getMessage();
    }

    @Test
    void seccompUnconfinedAndProfilesAreCarried() throws Exception {
        assertNull(parse("{}").seccomp());
        assertEquals("unconfined", parse("{\"SecurityOpt\":[\"seccomp=unconfined\"]}").seccomp());
        assertEquals("unconfined", parse("{\"SecurityOpt\":[\"seccomp:unconfined\"]}").seccomp());
        assertNull(parse("{\"SecurityOpt\":[\"seccomp=builtin\"]}").seccomp());
        String profile = "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"mkdir\"],"
                + "\"action\":\"SCMP_ACT_ERRNO\"}]}";
        JsonNode host = JSON.createObjectNode().set("SecurityOpt", JSON.createArrayNode().add("seccomp=" + profile)
                .add("no-new-privileges"));
        assertEquals(profile, HostSecurity.parse(host).seccomp());
    }

    @Test
    void aMalformedProfileIsA400NamingIt() {
        String garbage = refusal("{\"SecurityOpt\":[\"seccomp={not json\"]}");
        assertTrue(garbage.contains("seccomp profile") && garbage.contains("Decoding seccomp profile failed"), garbage);
        String action = refusal("{\"SecurityOpt\":[\"seccomp={\\\"defaultAction\\\":\\\"SCMP_ACT_NOPE\\\"}\"]}");
        assertTrue(action.contains("SCMP_ACT_NOPE"), action);
    }

    @Test
    void usernsIsTheNodesDefaultOrHostAndAnythingElseA400NamingIt() throws Exception {
        assertNull(parse("{}").userns());
        assertNull(parse("{\"UsernsMode\":\"\"}").userns());
        assertEquals("host", parse("{\"UsernsMode\":\"host\"}").userns());
        String bogus = refusal("{\"UsernsMode\":\"bogus\"}");
        assertTrue(bogus.contains("--userns") && bogus.contains("bogus"), bogus);
        assertTrue(refusal("{\"UsernsMode\":\"private\"}").contains("private"));
    }

    @Test
    void otherOptionsAreRefused() {
        assertTrue(refusal("{\"SecurityOpt\":[\"apparmor=unconfined\"]}").contains("apparmor=unconfined"));
        assertTrue(refusal("{\"SecurityOpt\":[\"no-new-privileges=false\"]}").contains("no-new-privileges=false"));
        assertTrue(refusal("{\"Privileged\":true,\"SecurityOpt\":[\"no-new-privileges\"]}").contains("privileged"));
    }
}
