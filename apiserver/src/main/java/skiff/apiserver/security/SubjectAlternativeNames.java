package skiff.apiserver.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.util.IPAddress;

/**
 * The DNS names and IP addresses a serving certificate is valid for, normalised so that two spellings of one name
 * compare equal: DNS names in lower case without a trailing dot, IP addresses in the JDK's canonical text form.
 */
record SubjectAlternativeNames(Set<String> dnsNames, Set<String> ipAddresses) {
    // Labels of letters, digits and hyphens, optionally behind a leading "*." wildcard.
    private static final Pattern DNS_NAME =
            Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final int DNS_NAME_TYPE = 2;
    private static final int IP_ADDRESS_TYPE = 7;

    SubjectAlternativeNames {
        dnsNames = Collections.unmodifiableSortedSet(new TreeSet<>(dnsNames));
        ipAddresses = Collections.unmodifiableSortedSet(new TreeSet<>(ipAddresses));
    }

    /** Validates and normalises names a caller asked for. @throws IllegalArgumentException on a malformed name */
    static SubjectAlternativeNames of(Collection<String> dnsNames, Collection<String> ipAddresses) {
        Set<String> dns = new TreeSet<>();
        for (String name : dnsNames) {
            dns.add(normaliseDnsName(name));
        }
        Set<String> ips = new TreeSet<>();
        for (String address : ipAddresses) {
            ips.add(normaliseIpAddress(address));
        }
        return new SubjectAlternativeNames(dns, ips);
    }

    /** The DNS and IP entries of a certificate's subjectAltName extension; other entry types are ignored. */
    static SubjectAlternativeNames of(X509Certificate certificate) {
        Set<String> dns = new TreeSet<>();
        Set<String> ips = new TreeSet<>();
        try {
            Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
            if (entries != null) {
                for (List<?> entry : entries) {
                    int type = (Integer) entry.get(0);
                    String value = (String) entry.get(1);
                    if (type == DNS_NAME_TYPE) {
                        dns.add(value.toLowerCase(Locale.ROOT));
                    } else if (type == IP_ADDRESS_TYPE) {
                        ips.add(normaliseIpAddress(value));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException(
                    "unreadable subjectAltName in " + certificate.getSubjectX500Principal(), e);
        }
        return new SubjectAlternativeNames(dns, ips);
    }

    /** True when every name in {@code requested} is also one of these names. */
    boolean covers(SubjectAlternativeNames requested) {
        return dnsNames.containsAll(requested.dnsNames) && ipAddresses.containsAll(requested.ipAddresses);
    }

    boolean isEmpty() {
        return dnsNames.isEmpty() && ipAddresses.isEmpty();
    }

    GeneralNames toGeneralNames() {
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
        ipAddresses.forEach(address -> names.add(new GeneralName(GeneralName.iPAddress, address)));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static String normaliseDnsName(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        String normalised = lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
        if (IPAddress.isValid(normalised)) {
            throw new IllegalArgumentException(
                    "\"" + name + "\" is an IP address; pass it as an IP address, not a DNS name");
        }
        if (normalised.length() > 253 || !DNS_NAME.matcher(normalised).matches()) {
            throw new IllegalArgumentException("\"" + name + "\" is not a valid DNS name");
        }
        return normalised;
    }

    private static String normaliseIpAddress(String address) {
        String trimmed = address.trim();
        // Checked first so that InetAddress only ever parses a literal and never resolves a host name.
        if (!IPAddress.isValid(trimmed)) {
            throw new IllegalArgumentException("\"" + address + "\" is not an IP address");
        }
        try {
            return InetAddress.getByName(trimmed).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("\"" + address + "\" is not an IP address", e);
        }
    }
}
