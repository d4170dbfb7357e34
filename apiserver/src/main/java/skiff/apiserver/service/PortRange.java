package skiff.apiserver.service;

/** A range of ports, both ends included, written {@code 30000-32767} (k/k apimachinery util/net PortRange). */
public record PortRange(int base, int size) {

    public PortRange {
        if (base < 1 || size < 1 || base + size - 1 > 65535) {
            throw new IllegalArgumentException("invalid port range: " + base + "+" + size);
        }
    }

    /** Parses {@code LOW-HIGH} or a single port. */
    public static PortRange parse(String text) {
        String[] parts = text.trim().split("-", -1);
        try {
            int low = Integer.parseInt(parts[0].trim());
            int high = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : low;
            if (parts.length > 2 || high < low) {
                throw new IllegalArgumentException("invalid port range: " + text);
            }
            return new PortRange(low, high - low + 1);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port range: " + text, e);
        }
    }

    public boolean contains(int port) {
        return port >= base && port < base + size;
    }

    @Override
    public String toString() {
        return base + "-" + (base + size - 1);
    }
}
