package skiff.apiserver.service;

import io.netty.util.NetUtil;

/** An IPv4 network, such as 10.43.0.0/16, held as its first address and its prefix length. */
public record Ipv4Cidr(long base, int prefix) {

    public Ipv4Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("invalid prefix length: " + prefix);
        }
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        base = base & mask;
    }

    /** Parses {@code a.b.c.d/n}; an IPv6 network or anything else is an IllegalArgumentException. */
    public static Ipv4Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR: " + text);
        }
        String ip = text.substring(0, slash);
        long address = toLong(ip);
        if (address < 0) {
            throw new IllegalArgumentException(NetUtil.isValidIpV6Address(ip)
                    ? "only an IPv4 service network is supported: " + text : "not a CIDR: " + text);
        }
        try {
            return new Ipv4Cidr(address, Integer.parseInt(text.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR: " + text, e);
        }
    }

    /** The dotted IPv4 address as a number, or -1 when {@code ip} is not one. */
    public static long toLong(String ip) {
        if (!NetUtil.isValidIpV4Address(ip)) {
            return -1;
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(ip);
        long value = 0;
        for (byte b : bytes) {
            value = (value << 8) | (b & 0xFF);
        }
        return value;
    }

    public static String toText(long address) {
        return ((address >> 24) & 0xFF) + "." + ((address >> 16) & 0xFF) + "." + ((address >> 8) & 0xFF) + "."
                + (address & 0xFF);
    }

    public long addressCount() {
        return 1L << (32 - prefix);
    }

    @Override
    public String toString() {
        return toText(base) + "/" + prefix;
    }
}
