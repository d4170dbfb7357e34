package skiff.apiserver.apiextensions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A CRD's served versions in Kubernetes' priority order, the preferred one first: GA before beta before alpha,
 * higher numbers first, other names last alphabetically (k/k 1.32 apimachinery pkg/version/helpers.go
 * CompareKubeAwareVersionStrings).
 */
final class ServedVersions {
    private static final Pattern KUBE = Pattern.compile("^v(\\d+)(?:(alpha|beta)(\\d+))?$");

    private ServedVersions() {}

    static List<JsonNode> ordered(JsonNode versions) {
        List<JsonNode> served = new ArrayList<>();
        for (JsonNode v : versions) {
            if (v.path("served").asBoolean(false)) {
                served.add(v);
            }
        }
        served.sort(Comparator.comparing((JsonNode v) -> v.path("name").asString(""), ServedVersions::compare));
        return served;
    }

    /**
     * The Warning a request to {@code version} gets: none unless it is deprecated, then its deprecationWarning, else
     * "group/version Kind is deprecated", naming the most preferred served, not deprecated, newer version to use
     * instead (k/k 1.32 apiextensions-apiserver pkg/apiserver/customresource_handler.go defaultDeprecationWarning).
     */
    static String deprecationWarning(JsonNode spec, JsonNode version) {
        if (!version.path("deprecated").asBoolean(false)) {
            return null;
        }
        if (version.hasNonNull("deprecationWarning")) {
            return version.path("deprecationWarning").asString();
        }
        String group = spec.path("group").asString("");
        String kind = spec.path("names").path("kind").asString("");
        String name = version.path("name").asString("");
        String warning = group + "/" + name + " " + kind + " is deprecated";
        for (JsonNode v : ordered(spec.path("versions"))) {
            String other = v.path("name").asString("");
            if (!v.path("deprecated").asBoolean(false) && compare(other, name) < 0) {
                return warning + "; use " + group + "/" + other + " " + kind;
            }
        }
        return warning;
    }

    /** Negative when {@code a} is preferred to {@code b}. */
    static int compare(String a, String b) {
        Matcher ma = KUBE.matcher(a);
        Matcher mb = KUBE.matcher(b);
        if (!ma.matches() || !mb.matches()) {
            return ma.matches() ? -1 : mb.matches() ? 1 : a.compareTo(b);
        }
        int stability = Integer.compare(rank(mb.group(2)), rank(ma.group(2)));
        if (stability != 0) {
            return stability;
        }
        int major = Integer.compare(Integer.parseInt(mb.group(1)), Integer.parseInt(ma.group(1)));
        if (major != 0 || ma.group(3) == null) {
            return major;
        }
        return Integer.compare(Integer.parseInt(mb.group(3)), Integer.parseInt(ma.group(3)));
    }

    private static int rank(String stability) {
        return stability == null ? 2 : stability.equals("beta") ? 1 : 0;
    }
}
