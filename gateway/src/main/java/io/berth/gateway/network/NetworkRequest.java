package io.berth.gateway.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.net.Ipv4;
import io.berth.events.net.Ipv4Cidr;
import io.berth.gateway.http.ApiError;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code POST /networks/create} body, checked as dockerd checks it; what Berth does not honour (other drivers,
 * IPv6, driver options, {@code --ip-range}, more than one subnet) is refused with a 400 naming it.
 *
 * @param subnet  the asked subnet, or null for one from the cluster pool
 * @param gateway the asked gateway, or null for the subnet's first address
 */
public record NetworkRequest(String name, Ipv4Cidr subnet, Ipv4 gateway, boolean internal, boolean attachable,
                             Map<String, String> labels) {
    static final Set<String> BUILT_IN = Set.of("bridge", "host", "none");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final Pattern CIDR = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}");
    private static final Pattern ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public static NetworkRequest parse(JsonNode body) {
        String name = body.path("Name").asText("");
        if (name.isEmpty()) {
            throw ApiError.badRequest("network name must be specified");
        }
        if (!NAME.matcher(name).matches() || name.length() > 128) {
            throw ApiError.badRequest("invalid network name " + name + ", only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        if (BUILT_IN.contains(name)) {
            throw ApiError.conflict("network with name " + name + " already exists");
        }
        String driver = body.path("Driver").asText("");
        if (!driver.isEmpty() && !driver.equals("bridge")) {
            throw refused("Driver " + driver, "--driver");
        }
        refuseSet(body, "EnableIPv6", "--ipv6");
        refuseSet(body, "Ingress", "--ingress");
        refuseSet(body, "ConfigOnly", "--config-only");
        refuseSet(body, "ConfigFrom", "--config-from");
        refuseSet(body, "Options", "--opt");
        String scope = body.path("Scope").asText("");
        if (!scope.isEmpty() && !scope.equals("local")) {
            throw refused("Scope " + scope, "--scope");
        }
        Ipv4Cidr subnet = null;
        Ipv4 gateway = null;
        JsonNode ipam = body.path("IPAM");
        if (ipam.isObject()) {
            String ipamDriver = ipam.path("Driver").asText("");
            if (!ipamDriver.isEmpty() && !ipamDriver.equals("default")) {
                throw refused("IPAM.Driver " + ipamDriver, "--ipam-driver");
            }
            refuseSet(ipam, "Options", "--ipam-opt");
            JsonNode configs = ipam.path("Config");
            if (configs.isArray() && configs.size() > 1) {
                throw refused("more than one IPAM.Config", "--subnet");
            }
            if (configs.isArray() && configs.size() == 1) {
                JsonNode c = configs.get(0);
                refuseSet(c, "IPRange", "--ip-range");
                refuseSet(c, "AuxiliaryAddresses", "--aux-address");
                subnet = subnet(c.path("Subnet").asText(""));
                gateway = gateway(c.path("Gateway").asText(""), subnet);
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.path("Labels").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            labels.put(e.getKey(), e.getValue().asText());
        }
        return new NetworkRequest(name, subnet, gateway, body.path("Internal").asBoolean(false),
                body.path("Attachable").asBoolean(false), labels);
    }

    private static Ipv4Cidr subnet(String text) {
        if (text.isEmpty()) {
            return null;
        }
        Ipv4Cidr parsed;
        try {
            if (!CIDR.matcher(text).matches()) {
                throw new IllegalArgumentException(text);
            }
            parsed = Ipv4Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("invalid CIDR address: " + text);
        }
        if (!parsed.toString().equals(text)) {
            throw ApiError.badRequest("invalid subnet " + text + " : it should be " + parsed);
        }
        if (parsed.prefix() > 30 || parsed.prefix() < 8) {
            throw ApiError.badRequest("invalid subnet " + text + ": Berth takes IPv4 subnets from /8 to /30");
        }
        return parsed;
    }

    private static Ipv4 gateway(String text, Ipv4Cidr subnet) {
        if (text.isEmpty()) {
            return null;
        }
        Ipv4 ip;
        try {
            if (!ADDRESS.matcher(text).matches()) {
                throw new IllegalArgumentException(text);
            }
            ip = Ipv4.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("invalid gateway address " + text);
        }
        if (subnet == null || !subnet.contains(ip)) {
            throw ApiError.badRequest("no matching subnet for gateway " + text);
        }
        if (ip.equals(subnet.base()) || ip.equals(subnet.last())) {
            throw ApiError.badRequest("invalid gateway " + text + ": the network's own or broadcast address");
        }
        return ip;
    }

    private static void refuseSet(JsonNode parent, String field, String flag) {
        JsonNode v = parent.path(field);
        boolean set = v.isBoolean() ? v.asBoolean() : v.isTextual() ? !v.asText().isEmpty()
                : v.isContainerNode() ? v.size() > 0 && !allZero(v) : false;
        if (set) {
            throw refused(field, flag);
        }
    }

    private static boolean allZero(JsonNode v) {
        for (JsonNode child : v) {
            if (!(child.isNull() || child.isTextual() && child.asText().isEmpty() || child.isBoolean() && !child.asBoolean()
                    || child.isContainerNode() && allZero(child))) {
                return false;
            }
        }
        return true;
    }

    private static ApiError refused(String what, String flag) {
        return ApiError.badRequest("Berth does not support " + what + " (" + flag
                + "): refusing to create a network without it");
    }
}
