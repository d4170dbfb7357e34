package skiff.apiserver.registry.core;

import io.fabric8.kubernetes.api.model.Quantity;
import io.netty.util.NetUtil;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import skiff.api.validation.FieldError;
import skiff.api.validation.GoStruct;
import skiff.api.validation.NameValidation;
import tools.jackson.databind.JsonNode;

/**
 * A node's validation (k/k pkg/apis/core/validation/validation.go ValidateNode and ValidateNodeUpdate, 1.32): its
 * taints (reported under {@code metadata.taints}, as Kubernetes does), non-negative capacity and allocatable
 * (whole numbers for integer resources), valid pod CIDRs (at most one per IP family, no duplicates), no duplicate
 * addresses, and podCIDRs, providerID and externalID that do not change once set.
 */
final class NodeValidation {
    private static final String CIDR_MESSAGE = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";
    private static final String SET_ONCE = "node updates may not change %s except from \"\" to valid";
    private static final List<String> EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");
    // k/k pkg/apis/core/helper/helpers.go integerResources (1.32): counted resources take whole numbers only.
    private static final Set<String> INTEGER_RESOURCES = Set.of("pods", "quotas", "services",
            "replicationcontrollers", "secrets", "configmaps", "persistentvolumeclaims", "services.nodeports",
            "services.loadbalancers");

    private NodeValidation() {}

    /** ValidateNode: what a created or updated node must satisfy on its own (its metadata is checked apart). */
    static List<FieldError> validate(JsonNode node) {
        List<FieldError> errors = new ArrayList<>(taints(node.path("spec").path("taints")));
        errors.addAll(resources(node.path("status")));
        errors.addAll(podCidrs(node.path("spec").path("podCIDRs")));
        return errors;
    }

    /** ValidateNodeUpdate: what an update of the node or of its status must satisfy against the stored node. */
    static List<FieldError> validateUpdate(JsonNode node, JsonNode old) {
        JsonNode spec = node.path("spec");
        JsonNode oldSpec = old.path("spec");
        List<FieldError> errors = new ArrayList<>(resources(node.path("status")));
        errors.addAll(duplicateAddresses(node.path("status").path("addresses")));
        errors.addAll(podCidrsKept(spec.path("podCIDRs"), oldSpec.path("podCIDRs")));
        String providerId = GoFields.text(oldSpec, "providerID");
        if (!providerId.isEmpty() && !providerId.equals(GoFields.text(spec, "providerID"))) {
            errors.add(FieldError.forbidden("spec.providerID", SET_ONCE.formatted("providerID")));
        }
        errors.addAll(taints(spec.path("taints")));
        if (!GoFields.text(spec, "externalID").equals(GoFields.text(oldSpec, "externalID"))) {
            errors.add(FieldError.forbidden("spec.externalID", "may not be updated"));
        }
        return errors;
    }

    // validation.go validateNodeTaints: the key a qualified name, the value a label value, a known effect, and each
    // key and effect pair once; under metadata.taints, the path Kubernetes gives them.
    private static List<FieldError> taints(JsonNode taints) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < taints.size(); i++) {
            JsonNode taint = taints.get(i);
            String at = "metadata.taints[" + i + "]";
            String key = GoFields.text(taint, "key");
            String value = GoFields.text(taint, "value");
            String effect = GoFields.text(taint, "effect");
            NameValidation.isQualifiedName(key).forEach(m -> errors.add(FieldError.invalid(at + ".key", key, m)));
            List<String> valueErrors = NameValidation.isValidLabelValue(value);
            if (!valueErrors.isEmpty()) {
                errors.add(FieldError.invalid(at + ".value", value, String.join(";", valueErrors)));
            }
            if (effect.isEmpty()) {
                errors.add(FieldError.required(at + ".effect", ""));
            } else if (!EFFECTS.contains(effect)) {
                errors.add(FieldError.notSupported(at + ".effect", effect, EFFECTS));
            }
            if (!seen.add(effect + "\u0000" + key)) {
                errors.add(new FieldError(FieldError.Type.DUPLICATE, at, taintValue(taint),
                        "taints must be unique by key and effect pair"));
            }
        }
        return errors;
    }

    // The internal core.Taint, which carries no JSON names, as the message shows it.
    private static GoStruct taintValue(JsonNode taint) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Key", GoFields.text(taint, "key"));
        fields.put("Value", GoFields.text(taint, "value"));
        fields.put("Effect", GoFields.text(taint, "effect"));
        String added = GoFields.text(taint, "timeAdded");
        fields.put("TimeAdded", added.isEmpty() ? null : added);
        return new GoStruct(fields);
    }

    // validation.go ValidateNodeResources and ValidateResourceQuantityValue: every quantity non-negative, and whole
    // for integer resources (the counted ones and extended resources).
    private static List<FieldError> resources(JsonNode status) {
        List<FieldError> errors = new ArrayList<>();
        for (String list : List.of("capacity", "allocatable")) {
            status.path(list).properties().forEach(e -> {
                String path = "status." + list + "." + e.getKey();
                String text = e.getValue().isString() ? e.getValue().asString() : e.getValue().toString();
                BigDecimal amount;
                try {
                    amount = Quantity.getAmountInBytes(new Quantity(text));
                } catch (RuntimeException malformed) {
                    return; // refused when the object was decoded
                }
                if (amount.signum() < 0) {
                    errors.add(FieldError.invalid(path, text, "must be greater than or equal to 0"));
                }
                BigDecimal milli = amount.movePointRight(3).setScale(0, RoundingMode.CEILING);
                if (isInteger(e.getKey()) && milli.remainder(BigDecimal.valueOf(1000)).signum() != 0) {
                    errors.add(FieldError.invalid(path, text, "must be an integer"));
                }
            });
        }
        return errors;
    }

    // k/k pkg/apis/core/helper/helpers.go IsIntegerResourceName and IsExtendedResourceName (1.32).
    private static boolean isInteger(String name) {
        if (INTEGER_RESOURCES.contains(name)) {
            return true;
        }
        boolean nativeResource = !name.contains("/") || name.contains("kubernetes.io/");
        return !nativeResource && !name.startsWith("requests.")
                && NameValidation.isQualifiedName("requests." + name).isEmpty();
    }

    // validation.go ValidateNode: each pod CIDR valid; several must be one IPv4 and one IPv6, without repeats.
    private static List<FieldError> podCidrs(JsonNode cidrs) {
        List<FieldError> errors = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < cidrs.size(); i++) {
            String value = cidrs.get(i).asString("");
            values.add(value);
            if (family(value) == 0) {
                errors.add(FieldError.invalid("spec.podCIDRs[" + i + "]", value, CIDR_MESSAGE));
            }
        }
        if (values.size() > 1) {
            // k8s.io/utils/net IsDualStackCIDRStrings: a CIDR that does not parse is an internal error there.
            String unparsed = values.stream().filter(v -> family(v) == 0).findFirst().orElse(null);
            if (unparsed != null) {
                errors.add(FieldError.internal("spec.podCIDRs", "invalid PodCIDRs. failed to check with dual stack "
                        + "with error:failed to parse cidr value:\"" + unparsed + "\" with error:invalid CIDR "
                        + "address: " + unparsed));
            }
            boolean dualStack = unparsed == null && values.stream().anyMatch(v -> family(v) == 4)
                    && values.stream().anyMatch(v -> family(v) == 6);
            if (!dualStack || values.size() > 2) {
                errors.add(FieldError.invalid("spec.podCIDRs", values,
                        "may specify no more than one CIDR for each IP family"));
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < values.size(); i++) {
                if (!seen.add(values.get(i))) {
                    errors.add(FieldError.duplicate("spec.podCIDRs[" + i + "]", values.get(i)));
                }
            }
        }
        return errors;
    }

    // validation.go ValidateNodeUpdate: pod CIDRs, once set, stay as they are (one error per changed entry).
    private static List<FieldError> podCidrsKept(JsonNode cidrs, JsonNode old) {
        if (old.isEmpty()) {
            return List.of();
        }
        FieldError changed = FieldError.forbidden("spec.podCIDRs", SET_ONCE.formatted("podCIDR"));
        if (old.size() != cidrs.size()) {
            return List.of(changed);
        }
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < old.size(); i++) {
            if (!old.get(i).asString("").equals(cidrs.get(i).asString(""))) {
                errors.add(changed);
            }
        }
        return errors;
    }

    // validation.go ValidateNodeUpdate: the same address (type and value) listed twice.
    private static List<FieldError> duplicateAddresses(JsonNode addresses) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < addresses.size(); i++) {
            String type = GoFields.text(addresses.get(i), "type");
            String address = GoFields.text(addresses.get(i), "address");
            if (!seen.add(type + "\u0000" + address)) {
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("Type", type);
                value.put("Address", address);
                errors.add(FieldError.duplicate("status.addresses[" + i + "]", new GoStruct(value)));
            }
        }
        return errors;
    }

    /** 4 or 6 for a CIDR that Go's net.ParseCIDR (sloppy about IPv4 leading zeros) accepts, 0 otherwise. */
    static int family(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0 || slash == cidr.length() - 1) {
            return 0;
        }
        String ip = cidr.substring(0, slash);
        String prefix = cidr.substring(slash + 1);
        if (!prefix.chars().allMatch(c -> c >= '0' && c <= '9') || prefix.length() > 3) {
            return 0;
        }
        int bits = Integer.parseInt(prefix);
        if (ip.contains(":")) {
            return NetUtil.isValidIpV6Address(ip) && !ip.contains("%") && bits <= 128 ? 6 : 0;
        }
        return NetUtil.isValidIpV4Address(ip) && bits <= 32 ? 4 : 0;
    }
}
