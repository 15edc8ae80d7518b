package io.berth.gateway.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.net.AddressRequest;
import io.berth.events.spec.NetworkSpec;
import io.berth.gateway.http.ApiError;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The networking fields of a create: {@code HostConfig.NetworkMode}, {@code ExtraHosts}, {@code Dns},
 * {@code DnsSearch}, {@code DnsOptions} and the MAC address (the endpoint's {@code MacAddress} since API 1.44,
 * {@code Config.MacAddress} before), checked as dockerd checks them at create.
 */
public final class HostNetwork {
    private static final Pattern MAC = Pattern.compile("([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

    public static NetworkSpec parse(JsonNode body, JsonNode host) {
        return parse(body, host, java.util.Map.of());
    }

    /** With the image's exposed ports, which {@code PublishAllPorts} publishes. */
    public static NetworkSpec parse(JsonNode body, JsonNode host, Map<String, Object> imageExposed) {
        String mode = text(host, "NetworkMode");
        List<String> extraHosts = strings(host, "ExtraHosts");
        for (String entry : extraHosts) {
            int colon = entry.indexOf(':');
            if (colon <= 0 || !IPV4.matcher(entry.substring(colon + 1)).matches()) {
                throw ApiError.badRequest("invalid IP address in add-host: \""
                        + (colon < 0 ? "" : entry.substring(colon + 1)) + "\"");
            }
        }
        List<String> dns = strings(host, "Dns");
        for (String server : dns) {
            if (!IPV4.matcher(server).matches()) {
                throw ApiError.badRequest(server + " is not an ip address");
            }
        }
        String mac = mac(body);
        if (!mac.isEmpty() && !MAC.matcher(mac).matches()) {
            throw ApiError.badRequest("invalid MAC address: " + mac);
        }
        List<String> aliases = aliases(body);
        String ip = ipv4(body);
        NetworkSpec spec = new NetworkSpec(mode, extraHosts, dns, strings(host, "DnsSearch"),
                strings(host, "DnsOptions"), mac, HostPorts.parse(body, host, imageExposed), aliases, ip);
        if (!aliases.isEmpty() && !spec.userDefined()) {
            throw ApiError.badRequest("network-scoped alias is supported only for containers in user defined networks");
        }
        if (!ip.isEmpty() && !spec.userDefined()) {
            throw ApiError.badRequest(AddressRequest.USER_NETWORKS_ONLY);
        }
        // dockerd: published ports mean nothing without a namespace of the container's own to forward into
        if (spec.mode().equals("host") || spec.mode().equals("none")) {
            spec = new NetworkSpec(spec.mode(), extraHosts, dns, spec.dnsSearch(), spec.dnsOptions(), mac, List.of(),
                    aliases, ip);
        }
        if (spec.joinedContainer() != null && !spec.ports().isEmpty()) {
            throw ApiError.badRequest("conflicting options: port publishing and the container type network mode");
        }
        boolean sharesStack = spec.mode().equals("host") || spec.mode().equals("none")
                || spec.joinedContainer() != null;
        if (sharesStack && !mac.isEmpty()) {
            throw ApiError.badRequest("conflicting options: mac-address and the network mode");
        }
        if (spec.joinedContainer() != null && spec.joinedContainer().isEmpty()) {
            throw ApiError.badRequest("invalid network mode: " + mode);
        }
        if (spec.joinedContainer() != null && (!dns.isEmpty() || !extraHosts.isEmpty())) {
            throw ApiError.badRequest(dns.isEmpty() ? "conflicting options: custom host-to-IP mapping and the network mode"
                    : "conflicting options: dns and the network mode");
        }
        return spec;
    }

    /**
     * The endpoint's {@code Aliases} ({@code --network-alias}, compose's service name). Berth connects a container
     * to one network, so endpoints for several are refused with dockerd's words.
     */
    private static List<String> aliases(JsonNode body) {
        JsonNode networking = body.get("NetworkingConfig");
        JsonNode endpoints = networking == null ? null : networking.get("EndpointsConfig");
        if (endpoints == null || !endpoints.isObject() || endpoints.size() == 0) {
            return List.of();
        }
        if (endpoints.size() > 1) {
            List<String> names = new ArrayList<>();
            endpoints.fieldNames().forEachRemaining(names::add);
            throw ApiError.badRequest("Container cannot be connected to network endpoints: " + String.join(", ", names));
        }
        Map.Entry<String, JsonNode> only = endpoints.fields().next();
        JsonNode list = only.getValue() == null ? null : only.getValue().get("Aliases");
        List<String> out = new ArrayList<>();
        if (list != null && list.isArray()) {
            for (JsonNode a : list) {
                if (!a.isTextual()) {
                    throw ApiError.badRequest("invalid JSON: json: cannot unmarshal " + a.getNodeType().name()
                            .toLowerCase() + " into Go struct field EndpointSettings.Aliases of type string");
                }
                if (!out.contains(a.asText())) {
                    out.add(a.asText());
                }
            }
        }
        return out;
    }

    /** The endpoint's {@code IPAMConfig.IPv4Address} ({@code --ip}), empty when none was asked. */
    private static String ipv4(JsonNode body) {
        JsonNode endpoints = body.path("NetworkingConfig").path("EndpointsConfig");
        if (!endpoints.isObject() || endpoints.size() != 1) {
            return "";
        }
        String ip = text(endpoints.elements().next().path("IPAMConfig"), "IPv4Address");
        if (ip == null || ip.isEmpty()) {
            return "";
        }
        if (!IPV4.matcher(ip).matches()) {
            throw ApiError.badRequest("invalid IPv4 address: " + ip);
        }
        return ip;
    }

    /** The first endpoint's MacAddress (API 1.44+) or the older Config.MacAddress. */
    private static String mac(JsonNode body) {
        JsonNode networking = body.get("NetworkingConfig");
        JsonNode endpoints = networking == null ? null : networking.get("EndpointsConfig");
        if (endpoints != null && endpoints.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = endpoints.fields(); it.hasNext(); ) {
                JsonNode endpoint = it.next().getValue();
                String mac = endpoint == null ? null : text(endpoint, "MacAddress");
                if (mac != null && !mac.isEmpty()) {
                    return mac;
                }
            }
        }
        String legacy = text(body, "MacAddress");
        return legacy == null ? "" : legacy;
    }

    private static String text(JsonNode parent, String name) {
        JsonNode node = parent == null ? null : parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiError.badRequest("invalid JSON: json: cannot unmarshal " + node.getNodeType().name().toLowerCase()
                    + " into Go struct field " + name + " of type string");
        }
        return node.asText();
    }

    private static List<String> strings(JsonNode host, String name) {
        JsonNode node = host == null ? null : host.get(name);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ApiError.badRequest("invalid JSON: json: cannot unmarshal " + node.getNodeType().name().toLowerCase()
                    + " into Go struct field HostConfig." + name + " of type []string");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw ApiError.badRequest("invalid JSON: json: cannot unmarshal " + item.getNodeType().name().toLowerCase()
                        + " into Go struct field HostConfig." + name + " of type string");
            }
            out.add(item.asText());
        }
        return out;
    }

    private HostNetwork() {
    }
}
