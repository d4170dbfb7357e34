package skiff.apiserver.cel;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import java.util.List;
import skiff.api.validation.GoQuotedString;

/**
 * The Kubernetes IP and CIDR libraries (k/k 1.32 staging/src/k8s.io/apiserver/pkg/cel/library/ip.go and
 * cidr.go): addresses and prefixes parse as Go's net/netip parses them, without zones or IPv4-mapped IPv6
 * addresses, and the predicates are netip's.
 */
final class IpLibrary {
    static final CelType IP = OpaqueType.create("net.IP");
    static final CelType CIDR = OpaqueType.create("net.CIDR");

    private IpLibrary() {}

    static List<CelFunctionDecl> declarations() {
        return List.of(
                CelFunctionDecl.newFunctionDeclaration("ip",
                        CelOverloadDecl.newGlobalOverload("string_to_ip", IP, SimpleType.STRING),
                        CelOverloadDecl.newMemberOverload("cidr_ip", IP, CIDR)),
                CelFunctionDecl.newFunctionDeclaration("family",
                        CelOverloadDecl.newMemberOverload("ip_family", SimpleType.INT, IP)),
                CelFunctionDecl.newFunctionDeclaration("ip.isCanonical",
                        CelOverloadDecl.newGlobalOverload("ip_is_canonical", SimpleType.BOOL, SimpleType.STRING)),
                predicate("isUnspecified", "ip_is_unspecified"),
                predicate("isLoopback", "ip_is_loopback"),
                predicate("isLinkLocalMulticast", "ip_is_link_local_multicast"),
                predicate("isLinkLocalUnicast", "ip_is_link_local_unicast"),
                predicate("isGlobalUnicast", "ip_is_global_unicast"),
                CelFunctionDecl.newFunctionDeclaration("isIP",
                        CelOverloadDecl.newGlobalOverload("is_ip", SimpleType.BOOL, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("string",
                        CelOverloadDecl.newGlobalOverload("ip_to_string", SimpleType.STRING, IP),
                        CelOverloadDecl.newGlobalOverload("cidr_to_string", SimpleType.STRING, CIDR)),
                CelFunctionDecl.newFunctionDeclaration("cidr",
                        CelOverloadDecl.newGlobalOverload("string_to_cidr", CIDR, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("containsIP",
                        CelOverloadDecl.newMemberOverload("cidr_contains_ip_string", SimpleType.BOOL, CIDR,
                                SimpleType.STRING),
                        CelOverloadDecl.newMemberOverload("cidr_contains_ip_ip", SimpleType.BOOL, CIDR, IP)),
                CelFunctionDecl.newFunctionDeclaration("containsCIDR",
                        CelOverloadDecl.newMemberOverload("cidr_contains_cidr_string", SimpleType.BOOL, CIDR,
                                SimpleType.STRING),
                        CelOverloadDecl.newMemberOverload("cidr_contains_cidr", SimpleType.BOOL, CIDR, CIDR)),
                CelFunctionDecl.newFunctionDeclaration("prefixLength",
                        CelOverloadDecl.newMemberOverload("cidr_prefix_length", SimpleType.INT, CIDR)),
                CelFunctionDecl.newFunctionDeclaration("masked",
                        CelOverloadDecl.newMemberOverload("cidr_masked", CIDR, CIDR)),
                CelFunctionDecl.newFunctionDeclaration("isCIDR",
                        CelOverloadDecl.newGlobalOverload("is_cidr", SimpleType.BOOL, SimpleType.STRING)));
    }

    private static CelFunctionDecl predicate(String name, String overload) {
        return CelFunctionDecl.newFunctionDeclaration(name,
                CelOverloadDecl.newMemberOverload(overload, SimpleType.BOOL, IP));
    }

    static List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("string_to_ip", String.class, IpLibrary::ip),
                CelFunctionBinding.from("cidr_ip", IpPrefix.class, IpPrefix::address),
                CelFunctionBinding.from("ip_family", IpAddress.class, a -> a.is4() ? 4L : 6L),
                CelFunctionBinding.from("ip_is_canonical", String.class, s -> ip(s).toString().equals(s)),
                CelFunctionBinding.from("ip_is_unspecified", IpAddress.class, IpAddress::isUnspecified),
                CelFunctionBinding.from("ip_is_loopback", IpAddress.class, IpAddress::isLoopback),
                CelFunctionBinding.from("ip_is_link_local_multicast", IpAddress.class,
                        IpAddress::isLinkLocalMulticast),
                CelFunctionBinding.from("ip_is_link_local_unicast", IpAddress.class, IpAddress::isLinkLocalUnicast),
                CelFunctionBinding.from("ip_is_global_unicast", IpAddress.class, IpAddress::isGlobalUnicast),
                CelFunctionBinding.from("is_ip", String.class, s -> {
                    try {
                        ip(s);
                        return true;
                    } catch (CelEvaluationException e) {
                        return false;
                    }
                }),
                CelFunctionBinding.from("ip_to_string", IpAddress.class, IpAddress::toString),
                CelFunctionBinding.from("cidr_to_string", IpPrefix.class, IpPrefix::toString),
                CelFunctionBinding.from("string_to_cidr", String.class, IpLibrary::cidr),
                CelFunctionBinding.from("cidr_contains_ip_string", IpPrefix.class, String.class,
                        (c, s) -> c.contains(ip(s))),
                CelFunctionBinding.from("cidr_contains_ip_ip", IpPrefix.class, IpAddress.class, IpPrefix::contains),
                CelFunctionBinding.from("cidr_contains_cidr_string", IpPrefix.class, String.class,
                        (c, s) -> containsCidr(c, cidr(s))),
                CelFunctionBinding.from("cidr_contains_cidr", IpPrefix.class, IpPrefix.class,
                        IpLibrary::containsCidr),
                CelFunctionBinding.from("cidr_prefix_length", IpPrefix.class, c -> (long) c.bits()),
                CelFunctionBinding.from("cidr_masked", IpPrefix.class, IpPrefix::masked),
                CelFunctionBinding.from("is_cidr", String.class, s -> {
                    try {
                        cidr(s);
                        return true;
                    } catch (CelEvaluationException e) {
                        return false;
                    }
                }));
    }

    // ip.go parseIPAddr: netip's parse, then no zone and no IPv4-mapped IPv6 address.
    private static IpAddress ip(String s) throws CelEvaluationException {
        IpAddress address;
        try {
            address = IpAddress.parse(s);
        } catch (IpAddress.ParseException e) {
            throw new CelEvaluationException("IP Address " + GoQuotedString.of(s)
                    + " parse error during conversion from string: " + e.getMessage());
        }
        if (!address.zone().isEmpty()) {
            throw new CelEvaluationException("IP address " + GoQuotedString.of(s) + " with zone value is not allowed");
        }
        if (address.is4In6()) {
            throw new CelEvaluationException("IPv4-mapped IPv6 address " + GoQuotedString.of(s) + " is not allowed");
        }
        return address;
    }

    // cidr.go stringToCIDR wraps parseCIDR's error, which already carries the same prefix: Kubernetes says it twice.
    private static IpPrefix cidr(String s) throws CelEvaluationException {
        String prefix = "network address parse error during conversion from string: ";
        IpPrefix parsed;
        try {
            parsed = IpPrefix.parse(s);
        } catch (IpPrefix.ParseException e) {
            throw new CelEvaluationException(prefix + prefix + e.getMessage());
        }
        if (parsed.address().is4In6()) {
            throw new CelEvaluationException(prefix + "IPv4-mapped IPv6 address " + GoQuotedString.of(s)
                    + " is not allowed");
        }
        return parsed;
    }

    // cidr.go cidrContainsCIDR: the masked prefix equals the other's address (unmasked) at this prefix's length,
    // and the other is no shorter.
    private static boolean containsCidr(IpPrefix cidr, IpPrefix other) {
        return cidr.masked().equals(new IpPrefix(other.address(), cidr.bits())) && cidr.bits() <= other.bits();
    }
}
