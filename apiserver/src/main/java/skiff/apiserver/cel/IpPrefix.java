package skiff.apiserver.cel;

import skiff.api.validation.GoQuotedString;

/**
 * An IP prefix as Go's net/netip holds it (Go 1.23 net/netip netip.go ParsePrefix, Prefix), the value of the
 * Kubernetes CEL cidr() function: an address, possibly with bits set past the prefix, and a prefix length.
 */
public record IpPrefix(IpAddress address, int bits) {

    /** The text is no prefix; the message is netip's {@code netip.ParsePrefix("<text>"): <reason>}. */
    public static final class ParseException extends Exception {
        ParseException(String in, String reason) {
            super("netip.ParsePrefix(" + GoQuotedString.of(in) + "): " + reason, null, false, false);
        }
    }

    /** netip.ParsePrefix. */
    public static IpPrefix parse(String s) throws ParseException {
        int slash = s.lastIndexOf('/');
        if (slash < 0) {
            throw new ParseException(s, "no '/'");
        }
        IpAddress address;
        try {
            address = IpAddress.parse(s.substring(0, slash));
        } catch (IpAddress.ParseException e) {
            throw new ParseException(s, e.getMessage());
        }
        if (!address.is4() && !address.zone().isEmpty()) {
            throw new ParseException(s, "IPv6 zones cannot be present in a prefix");
        }
        String bitsText = s.substring(slash + 1);
        String bad = "bad bits after slash: " + GoQuotedString.of(bitsText);
        if (bitsText.isEmpty() || bitsText.length() > 1 && (bitsText.charAt(0) < '1' || bitsText.charAt(0) > '9')
                || !bitsText.chars().allMatch(c -> c >= '0' && c <= '9') || bitsText.length() > 18) {
            throw new ParseException(s, bad);
        }
        long bits = Long.parseLong(bitsText);
        if (bits > address.bitLength()) {
            throw new ParseException(s, "prefix length out of range");
        }
        return new IpPrefix(address, (int) bits);
    }

    /** Prefix.Masked: the address with the bits past the prefix cleared. */
    public IpPrefix masked() {
        byte[] bytes = address.bytes();
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - 8 * i));
            bytes[i] &= (byte) (0xff << (8 - keep));
        }
        return new IpPrefix(IpAddress.of(bytes), bits);
    }

    /** Prefix.Contains: an address of the same family without a zone whose first bits match. */
    public boolean contains(IpAddress ip) {
        if (ip.is4() != address.is4() || !ip.zone().isEmpty()) {
            return false;
        }
        return new IpPrefix(ip, bits).masked().equals(masked());
    }

    @Override
    public String toString() {
        return address + "/" + bits;
    }
}
