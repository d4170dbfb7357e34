package skiff.api.validation;

import java.util.List;

/** The format a resource's object names must have. */
public enum NameRule {
    /** Most resources (pods, config maps, deployments, nodes...). */
    DNS1123_SUBDOMAIN,
    /** Namespaces. */
    DNS1123_LABEL,
    /** Services, whose names become DNS labels that must start with a letter. */
    DNS1035_LABEL,
    /** RBAC objects: any name usable as one URL path segment (k/k apimachinery api/validation/path). */
    PATH_SEGMENT;

    /**
     * The reasons {@code name} breaks the rule, worded as Kubernetes words them. With {@code prefix} the name is a
     * {@code generateName}: random characters will follow it, so a trailing '-' is allowed.
     */
    // k/k staging/src/k8s.io/apimachinery/pkg/api/validation/generic.go NameIsDNSSubdomain: a prefix is checked with its trailing dash masked.
    public List<String> validate(String name, boolean prefix) {
        String bytes = NameValidation.bytes(name);
        if (prefix) {
            bytes = maskTrailingDash(bytes);
        }
        return switch (this) {
            case DNS1123_SUBDOMAIN -> NameValidation.dns1123Subdomain(bytes, " characters");
            case DNS1123_LABEL -> NameValidation.dns1123Label(bytes);
            case DNS1035_LABEL -> NameValidation.dns1035Label(bytes);
            case PATH_SEGMENT -> pathSegment(name, prefix);
        };
    }

    // k/k apimachinery pkg/api/validation/path/name.go IsValidPathSegmentName and IsValidPathSegmentPrefix (1.32).
    private static List<String> pathSegment(String name, boolean prefix) {
        if (!prefix && (name.equals(".") || name.equals(".."))) {
            return List.of("may not be '" + name + "'");
        }
        List<String> errors = new java.util.ArrayList<>();
        for (String illegal : List.of("/", "%")) {
            if (name.contains(illegal)) {
                errors.add("may not contain '" + illegal + "'");
            }
        }
        return errors;
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/api/validation/generic.go maskTrailingDash: Kubernetes drops the last two bytes and appends 'a'.
    private static String maskTrailingDash(String bytes) {
        if (bytes.length() > 1 && bytes.endsWith("-")) {
            return bytes.substring(0, bytes.length() - 2) + "a";
        }
        return bytes;
    }
}
