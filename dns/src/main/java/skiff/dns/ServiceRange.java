package skiff.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.xbill.DNS.Address;

/** The cluster DNS address from the service range. */
public final class ServiceRange {
    private ServiceRange() {
    }

    /**
     * The 10th address of an IPv4 range, e.g. 10.43.0.10 for 10.43.0.0/16: kubeadm's DNS address
     * (cmd/kubeadm/app/constants GetDNSIP, 1.32) and k3s' default --cluster-dns.
     */
    public static String tenthAddress(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR: " + cidr);
        }
        int bits;
        try {
            bits = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR: " + cidr, e);
        }
        if (bits < 0 || bits > 28) {
            throw new IllegalArgumentException("an IPv4 service range of /28 or wider, not " + cidr);
        }
        byte[] base = parseIpv4(cidr.substring(0, slash)).getAddress();
        int value = ((base[0] & 0xff) << 24) | ((base[1] & 0xff) << 16) | ((base[2] & 0xff) << 8) | (base[3] & 0xff);
        int network = bits == 0 ? 0 : value & (-1 << (32 - bits));
        int tenth = network + 10;
        return ((tenth >>> 24) & 0xff) + "." + ((tenth >>> 16) & 0xff) + "." + ((tenth >>> 8) & 0xff) + "."
                + (tenth & 0xff);
    }

    static InetAddress parseIpv4(String ip) {
        if (ip == null || !Address.isDottedQuad(ip)) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        try {
            InetAddress address = Address.getByAddress(ip);
            if (!(address instanceof Inet4Address)) {
                throw new IllegalArgumentException("not an IPv4 address: " + ip);
            }
            return address;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip, e);
        }
    }
}
