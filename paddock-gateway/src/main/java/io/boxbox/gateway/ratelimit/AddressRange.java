package io.boxbox.gateway.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One address or CIDR range from the configuration ({@code 10.0.0.0/8}, {@code 127.0.0.1},
 * {@code ::1}). Only literal addresses are accepted: a host name here would make every request
 * wait for DNS.
 */
record AddressRange(byte[] network, int prefixBits) {

    static AddressRange parse(String text, String property) {
        String spec = text.strip();
        int slash = spec.indexOf('/');
        String address = slash < 0 ? spec : spec.substring(0, slash);
        InetAddress parsed = literal(address, property, spec);
        byte[] bytes = parsed.getAddress();
        int bits = bytes.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(spec.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > bytes.length * 8) {
                throw new IllegalArgumentException(property + ": '" + spec + "' has no valid prefix length");
            }
        }
        return new AddressRange(bytes, bits);
    }

    boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int full = prefixBits / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (candidate[full] & mask) == (network[full] & mask);
    }

    /** Parses a literal IPv4 or IPv6 address; null when {@code text} is not one (never a DNS lookup). */
    static InetAddress literalOrNull(String text) {
        String candidate = text.strip();
        if (candidate.startsWith("[") && candidate.endsWith("]")) {
            candidate = candidate.substring(1, candidate.length() - 1);
        }
        boolean ipv4 = candidate.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = candidate.contains(":") && candidate.matches("[0-9A-Fa-f:.]+");
        if (!ipv4 && !ipv6) {
            return null;
        }
        try {
            return InetAddress.getByName(candidate);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static InetAddress literal(String address, String property, String spec) {
        InetAddress parsed = literalOrNull(address);
        if (parsed == null) {
            throw new IllegalArgumentException(property + ": '" + spec + "' is not an IP address or CIDR range");
        }
        return parsed;
    }
}
