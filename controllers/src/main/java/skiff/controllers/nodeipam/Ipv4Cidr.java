package skiff.controllers.nodeipam;

/** An IPv4 network in CIDR notation, {@code a.b.c.d/n}, held as its first address and prefix length. */
record Ipv4Cidr(long first, int prefix) {

    Ipv4Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("invalid prefix length " + prefix);
        }
        first = first & mask(prefix);
    }

    /** @throws IllegalArgumentException when the text is not an IPv4 CIDR */
    static Ipv4Cidr parse(String text) {
        String[] parts = text.strip().split("/", -1);
        if (parts.length != 2 || !parts[1].matches("\\d{1,2}")) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 CIDR such as 10.42.0.0/16");
        }
        String[] octets = parts[0].split("\\.", -1);
        if (octets.length != 4) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 CIDR such as 10.42.0.0/16");
        }
        long address = 0;
        for (String octet : octets) {
            if (!octet.matches("\\d{1,3}") || Integer.parseInt(octet) > 255) {
                throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 CIDR such as 10.42.0.0/16");
            }
            address = (address << 8) | Integer.parseInt(octet);
        }
        int prefix = Integer.parseInt(parts[1]);
        if (prefix > 32) {
            throw new IllegalArgumentException("\"" + text + "\" has a prefix length over 32");
        }
        return new Ipv4Cidr(address, prefix);
    }

    long last() {
        return first | (~mask(prefix) & 0xFFFFFFFFL);
    }

    boolean overlaps(Ipv4Cidr other) {
        return first <= other.last() && other.first() <= last();
    }

    @Override
    public String toString() {
        return ((first >>> 24) & 0xFF) + "." + ((first >>> 16) & 0xFF) + "." + ((first >>> 8) & 0xFF) + "."
                + (first & 0xFF) + "/" + prefix;
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }
}
