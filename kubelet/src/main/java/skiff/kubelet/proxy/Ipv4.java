package skiff.kubelet.proxy;

import java.util.regex.Pattern;

/** Dotted-quad IPv4 addresses, checked before they reach an nftables command. */
final class Ipv4 {
    private static final Pattern DOTTED = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private Ipv4() {
    }

    static boolean valid(String address) {
        var m = address == null ? null : DOTTED.matcher(address);
        if (m == null || !m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }
}
