package skiff.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The cluster domain and the IPv4 reverse zone, answered as CoreDNS' kubernetes plugin does with the Corefile that
 * kubeadm and k3s install ({@code kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure; fallthrough
 * in-addr.arpa ip6.arpa } }, ttl 5): coredns plugin/kubernetes kubernetes.go, handler.go and
 * plugin/backend_lookup.go (1.11), and the Kubernetes DNS specification (kubernetes/dns docs/specification.md,
 * schema 1.1.0).
 */
public final class KubernetesZone {
    /** CoreDNS kubernetes plugin's default ttl. */
    public static final long TTL = 5;
    /** Specification 2.2: the schema version answered at {@code dns-version.<zone>}. */
    static final String SCHEMA_VERSION = "1.1.0";
    private static final Name IN_ADDR_ARPA = Name.fromConstantString("in-addr.arpa.");
    /** ExternalNames that point at each other inside the zone are followed this far, then the chain stops. */
    private static final int MAX_CNAME_DEPTH = 8;
    private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private final Name zone;
    private final ClusterObjects cluster;
    private final InetAddress dnsAddress;
    private final Name nsName;
    private final Name dnsVersion;

    /**
     * @param zone the cluster domain, e.g. {@code cluster.local}
     * @param dnsAddress the cluster DNS' own address, answered for {@code ns.dns.<zone>}
     */
    public KubernetesZone(String zone, ClusterObjects cluster, InetAddress dnsAddress) {
        this.zone = absolute(zone);
        this.cluster = cluster;
        this.dnsAddress = dnsAddress;
        this.nsName = child("ns.dns");
        this.dnsVersion = child("dns-version");
    }

    /**
     * The answer to {@code query} (one question) if the name is this zone's to answer, or empty when the query is to
     * be forwarded: a name outside the cluster domain, or a reverse name of no address the cluster knows (CoreDNS'
     * fallthrough for in-addr.arpa). {@code resolveOutside} resolves ExternalName targets outside the cluster domain.
     */
    public Optional<Message> answer(Message query, Function<Message, Message> resolveOutside) {
        return answer(query, resolveOutside, 0);
    }

    private Optional<Message> answer(Message query, Function<Message, Message> resolveOutside, int depth) {
        Record question = query.getQuestion();
        Name name = question.getName();
        int type = question.getType();
        if (name.subdomain(IN_ADDR_ARPA)) {
            return reverse(query, name, type);
        }
        if (!name.subdomain(zone)) {
            return Optional.empty();
        }
        Message response = authoritativeResponse(query);
        if (name.equals(zone)) {
            apex(response, type);
            return Optional.of(response);
        }
        if (name.equals(dnsVersion) && type == Type.TXT) {
            response.addRecord(new TXTRecord(name, DClass.IN, TTL, SCHEMA_VERSION), Section.ANSWER);
            return Optional.of(response);
        }
        if (name.equals(nsName) && (type == Type.A || type == Type.AAAA)) {
            addAddress(response, name, dnsAddress, type);
            return Optional.of(negativeIfEmpty(response));
        }
        List<Found> found;
        try {
            found = records(labelsBelowZone(name));
        } catch (RecordRequest.InvalidName e) {
            // handler.go: a name not found before the caches have synced is a server failure, not NXDOMAIN.
            return Optional.of(cluster.synced() ? negative(response, Rcode.NXDOMAIN)
                    : negative(response, Rcode.SERVFAIL));
        }
        switch (type) {
            case Type.A, Type.AAAA -> addresses(response, name, type, found, resolveOutside, depth);
            case Type.SRV -> srv(response, name, found);
            case Type.CNAME -> found.stream().filter(f -> f.address().isEmpty()).findFirst()
                    .ifPresent(f -> response.addRecord(cname(name, f.host()), Section.ANSWER));
            default -> {
                // handler.go: other types answer NODATA if the name exists, NXDOMAIN if not.
            }
        }
        return Optional.of(negativeIfEmpty(response));
    }

    private Optional<Message> reverse(Message query, Name name, int type) {
        if (type != Type.PTR) {
            return Optional.empty();
        }
        Optional<String> ip = ipOfReverseName(name);
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        List<Name> targets = hostsOf(ip.get());
        if (targets.isEmpty()) {
            return Optional.empty();
        }
        Message response = authoritativeResponse(query);
        for (Name target : targets) {
            response.addRecord(new PTRRecord(name, DClass.IN, TTL, target), Section.ANSWER);
        }
        return Optional.of(response);
    }

    /** kubernetes.go serviceRecordForIP: a Service's cluster IP first, else every endpoint with that address. */
    private List<Name> hostsOf(String ip) {
        for (Service service : cluster.servicesWithClusterIp(ip)) {
            return List.of(serviceName(service.getMetadata().getNamespace(), service.getMetadata().getName()));
        }
        Set<Name> names = new LinkedHashSet<>();
        for (EndpointSlice slice : cluster.endpointSlicesWithAddress(ip)) {
            String serviceName = serviceNameOf(slice);
            if (serviceName == null || slice.getEndpoints() == null) {
                continue;
            }
            for (Endpoint endpoint : slice.getEndpoints()) {
                if (endpoint.getAddresses() != null && endpoint.getAddresses().contains(ip)) {
                    names.add(endpointName(slice.getMetadata().getNamespace(), serviceName,
                            endpointHostname(endpoint.getHostname(), ip)));
                }
            }
        }
        return List.copyOf(names);
    }

    private void apex(Message response, int type) {
        if (type == Type.SOA) {
            response.addRecord(soa(), Section.ANSWER);
        } else if (type == Type.NS) {
            response.addRecord(new NSRecord(zone, DClass.IN, TTL, nsName), Section.ANSWER);
            addAddress(response, nsName, dnsAddress, Type.A, Section.ADDITIONAL);
        } else {
            response.addRecord(soa(), Section.AUTHORITY);
        }
    }

    /** kubernetes.go Records, findServices and findPods: what the name stands for; none is NODATA. */
    List<Found> records(List<String> labels) throws RecordRequest.InvalidName {
        RecordRequest r = RecordRequest.parse(labels);
        if (r.podOrSvc().isEmpty() || r.namespace().isEmpty()) {
            return List.of();
        }
        if (!cluster.namespaceExists(r.namespace())) {
            throw new RecordRequest.InvalidName("no namespace " + r.namespace());
        }
        if (r.service().isEmpty()) {
            return List.of();
        }
        return r.podOrSvc().equals(RecordRequest.POD) ? pod(r) : services(r);
    }

    /** findPods in "pods insecure" mode: the IP as written, dashes for dots (or colons), if it parses. */
    private List<Found> pod(RecordRequest r) throws RecordRequest.InvalidName {
        if (!r.endpoint().isEmpty() || !r.port().isEmpty()) {
            throw new RecordRequest.InvalidName("pod names have no endpoint or port");
        }
        String podName = r.service();
        String ip = podName.chars().filter(c -> c == '-').count() == 3 && !podName.contains("--")
                ? podName.replace('-', '.') : podName.replace('-', ':');
        Found found = new Found(child(podName + "." + r.namespace() + "." + RecordRequest.POD), ip, Found.NO_PORT);
        if (found.address().isEmpty()) {
            throw new RecordRequest.InvalidName("not an address: " + podName);
        }
        return List.of(found);
    }

    private List<Found> services(RecordRequest r) throws RecordRequest.InvalidName {
        Service service = cluster.service(r.namespace(), r.service())
                .orElseThrow(() -> new RecordRequest.InvalidName("no service"));
        var spec = service.getSpec();
        List<Found> found = new ArrayList<>();
        if ("ExternalName".equals(spec.getType())) {
            // No endpoints, ports or protocols below an ExternalName; its name is a CNAME to the external name.
            if (r.endpoint().isEmpty() && r.port().isEmpty() && r.protocol().isEmpty()
                    && spec.getExternalName() != null && !spec.getExternalName().isBlank()) {
                found.add(new Found(serviceName(r.namespace(), r.service()), spec.getExternalName(), Found.NO_PORT));
            }
        } else if ("None".equals(spec.getClusterIP()) || !r.endpoint().isEmpty()) {
            found.addAll(endpoints(service, r));
        } else {
            List<String> clusterIps = spec.getClusterIPs() == null || spec.getClusterIPs().isEmpty()
                    ? (spec.getClusterIP() == null ? List.of() : List.of(spec.getClusterIP())) : spec.getClusterIPs();
            for (ServicePort port : spec.getPorts() == null ? List.<ServicePort>of() : spec.getPorts()) {
                if (matches(r, port.getName(), port.getProtocol())) {
                    for (String ip : clusterIps) {
                        found.add(new Found(serviceName(r.namespace(), r.service()), ip, port.getPort()));
                    }
                }
            }
        }
        if (found.isEmpty()) {
            throw new RecordRequest.InvalidName("nothing matches");
        }
        return found;
    }

    /**
     * The service's endpoints: CoreDNS keeps an endpoint unless its slice says it is not ready (an unset condition is
     * ready); the EndpointSlice controller marks every endpoint ready when the Service publishes not-ready
     * addresses, which is also honoured here directly. A slice without ports stands for one port-less endpoint
     * (CoreDNS object/endpoint.go's sentinel port).
     */
    private List<Found> endpoints(Service service, RecordRequest r) {
        String namespace = r.namespace();
        boolean publishNotReady = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
        List<Found> found = new ArrayList<>();
        for (EndpointSlice slice : cluster.endpointSlices(namespace, r.service())) {
            if ("FQDN".equals(slice.getAddressType()) || slice.getEndpoints() == null) {
                continue;
            }
            List<EndpointPort> ports = slice.getPorts() == null || slice.getPorts().isEmpty()
                    ? List.of(new EndpointPort(null, null, Found.NO_PORT, null)) : slice.getPorts();
            for (Endpoint endpoint : slice.getEndpoints()) {
                boolean ready = endpoint.getConditions() == null || endpoint.getConditions().getReady() == null
                        || endpoint.getConditions().getReady();
                if (!(ready || publishNotReady) || endpoint.getAddresses() == null) {
                    continue;
                }
                for (String ip : endpoint.getAddresses()) {
                    String hostname = endpointHostname(endpoint.getHostname(), ip);
                    if (!r.endpoint().isEmpty() && !r.endpoint().equalsIgnoreCase(hostname)) {
                        continue;
                    }
                    for (EndpointPort port : ports) {
                        if (matches(r, port.getName(), port.getProtocol())) {
                            found.add(new Found(endpointName(namespace, r.service(), hostname), ip,
                                    port.getPort() == null ? Found.NO_PORT : port.getPort()));
                        }
                    }
                }
            }
        }
        return found;
    }

    /** kubernetes.go matchPortAndProtocol: an absent port or protocol label matches every port. */
    private static boolean matches(RecordRequest r, String portName, String protocol) {
        String name = portName == null ? "" : portName;
        String proto = protocol == null ? "tcp" : protocol;
        return (r.port().isEmpty() || r.port().equalsIgnoreCase(name))
                && (r.protocol().isEmpty() || r.protocol().equalsIgnoreCase(proto));
    }

    /** The endpoint's hostname, else its address with dashes (kubernetes.go endpointHostname). */
    static String endpointHostname(String hostname, String ip) {
        if (hostname != null && !hostname.isEmpty()) {
            return hostname;
        }
        return ip.replace('.', '-').replace(':', '-');
    }

    private void addresses(Message response, Name name, int type, List<Found> found,
            Function<Message, Message> resolveOutside, int depth) {
        Set<InetAddress> seen = new LinkedHashSet<>();
        for (Found f : found) {
            Optional<InetAddress> address = f.address();
            if (address.isPresent()) {
                if (seen.add(address.get())) {
                    addAddress(response, name, address.get(), type);
                }
            } else {
                response.addRecord(cname(name, f.host()), Section.ANSWER);
                if (depth < MAX_CNAME_DEPTH) {
                    resolveTarget(response, absolute(f.host()), type, resolveOutside, depth + 1);
                }
                return;
            }
        }
    }

    /** backend_lookup.go: a CNAME's target is looked up too, in this zone or upstream, and its records appended. */
    private void resolveTarget(Message response, Name target, int type, Function<Message, Message> resolveOutside,
            int depth) {
        Message lookup = Message.newQuery(Record.newRecord(target, type, DClass.IN));
        Message answer = answer(lookup, resolveOutside, depth).orElseGet(() -> resolveOutside.apply(lookup));
        for (Record record : answer.getSection(Section.ANSWER)) {
            response.addRecord(record, Section.ANSWER);
        }
    }

    /** backend_lookup.go SRV: priority 0, the weight 100 split evenly, and the targets' addresses as extras. */
    private void srv(Message response, Name name, List<Found> found) {
        List<Found> withPorts = found.stream().filter(f -> f.port() >= 0 || f.address().isEmpty()).toList();
        if (withPorts.isEmpty()) {
            return;
        }
        int weight = 100 / withPorts.size();
        Set<Name> extras = new LinkedHashSet<>();
        for (Found f : withPorts) {
            Optional<InetAddress> address = f.address();
            Name target = address.isPresent() ? f.target() : absolute(f.host());
            response.addRecord(new SRVRecord(name, DClass.IN, TTL, 0, weight, Math.max(f.port(), 0), target),
                    Section.ANSWER);
            if (address.isPresent() && extras.add(target)) {
                addAddress(response, target, address.get(), address.get() instanceof Inet6Address ? Type.AAAA
                        : Type.A, Section.ADDITIONAL);
            }
        }
    }

    private static void addAddress(Message response, Name name, InetAddress address, int type) {
        addAddress(response, name, address, type, Section.ANSWER);
    }

    private static void addAddress(Message response, Name name, InetAddress address, int type, int section) {
        if (type == Type.A && address instanceof Inet4Address) {
            response.addRecord(new ARecord(name, DClass.IN, TTL, address), section);
        } else if (type == Type.AAAA && address instanceof Inet6Address) {
            response.addRecord(new AAAARecord(name, DClass.IN, TTL, address), section);
        }
    }

    /** plugin.BackendError: an empty answer is NOERROR (NODATA) with the zone's SOA as authority. */
    private Message negativeIfEmpty(Message response) {
        if (response.getSection(Section.ANSWER).isEmpty()) {
            response.addRecord(soa(), Section.AUTHORITY);
        }
        return response;
    }

    private Message negative(Message response, int rcode) {
        response.getHeader().setRcode(rcode);
        response.addRecord(soa(), Section.AUTHORITY);
        return response;
    }

    /** plugin.SOA: ns.dns.<zone>, hostmaster.<zone>, refresh 2h, retry 30m, expire 1d, minimum the ttl. */
    private SOARecord soa() {
        return new SOARecord(zone, DClass.IN, TTL, nsName, child("hostmaster"), cluster.serial(), 7200, 1800,
                86400, TTL);
    }

    private static Message authoritativeResponse(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.addRecord(query.getQuestion(), Section.QUESTION);
        return response;
    }

    private CNAMERecord cname(Name name, String host) {
        return new CNAMERecord(name, DClass.IN, TTL, absolute(host));
    }

    private Name serviceName(String namespace, String service) {
        return child(service + "." + namespace + "." + RecordRequest.SVC);
    }

    private Name endpointName(String namespace, String service, String hostname) {
        return child(hostname + "." + service + "." + namespace + "." + RecordRequest.SVC);
    }

    private static String serviceNameOf(EndpointSlice slice) {
        var labels = slice.getMetadata().getLabels();
        return labels == null ? null : labels.get(SERVICE_NAME_LABEL);
    }

    private List<String> labelsBelowZone(Name name) {
        Name relative = name.relativize(zone);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < relative.labels(); i++) {
            labels.add(relative.getLabelString(i).toLowerCase(Locale.ROOT));
        }
        return labels;
    }

    /** dnsutil.ExtractAddressFromReverse for IPv4: exactly four decimal octets, reversed. */
    static Optional<String> ipOfReverseName(Name name) {
        if (name.labels() != 7) {
            return Optional.empty();
        }
        StringBuilder ip = new StringBuilder();
        for (int i = 3; i >= 0; i--) {
            String octet = name.getLabelString(i);
            if (!octet.matches("[0-9]{1,3}") || Integer.parseInt(octet) > 255) {
                return Optional.empty();
            }
            ip.append(Integer.parseInt(octet)).append(i > 0 ? "." : "");
        }
        return Address.isDottedQuad(ip.toString()) ? Optional.of(ip.toString()) : Optional.empty();
    }

    private Name child(String relative) {
        try {
            return Name.concatenate(Name.fromString(relative), zone);
        } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
            throw new IllegalArgumentException("not a DNS name: " + relative + "." + zone, e);
        }
    }

    private static Name absolute(String name) {
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + name, e);
        }
    }
}
