package skiff.dns;

import java.util.List;

/**
 * A name under the cluster domain split as CoreDNS' kubernetes plugin does (coredns plugin/kubernetes/parse.go,
 * 1.11): {@code [_port._protocol.|endpoint.]service.namespace.(svc|pod)}. Empty fields are absent labels.
 */
record RecordRequest(String port, String protocol, String endpoint, String service, String namespace,
        String podOrSvc) {
    static final String SVC = "svc";
    static final String POD = "pod";

    /** Thrown for names that cannot exist under the cluster domain: the answer is NXDOMAIN. */
    static final class InvalidName extends Exception {
        InvalidName(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param labels the name's labels below the cluster domain, leftmost first, lower case
     */
    static RecordRequest parse(List<String> labels) throws InvalidName {
        int last = labels.size() - 1;
        if (last < 0) {
            return new RecordRequest("", "", "", "", "", "");
        }
        String podOrSvc = labels.get(last);
        if (!podOrSvc.equals(SVC) && !podOrSvc.equals(POD)) {
            throw new InvalidName("neither svc nor pod: " + podOrSvc);
        }
        String namespace = last >= 1 ? labels.get(last - 1) : "";
        String service = last >= 2 ? labels.get(last - 2) : "";
        int left = last - 3;
        return switch (left) {
            case -3, -2, -1 -> new RecordRequest("", "", "", service, namespace, podOrSvc);
            // One label more: an endpoint; two: port and protocol; more: too long to answer.
            case 0 -> new RecordRequest("", "", labels.get(0), service, namespace, podOrSvc);
            case 1 -> new RecordRequest(stripUnderscore(labels.get(0)), stripUnderscore(labels.get(1)), "", service,
                    namespace, podOrSvc);
            default -> throw new InvalidName("too many labels");
        };
    }

    private static String stripUnderscore(String label) {
        return label.startsWith("_") ? label.substring(1) : label;
    }
}
