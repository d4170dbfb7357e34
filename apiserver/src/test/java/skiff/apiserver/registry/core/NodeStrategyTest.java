package skiff.apiserver.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.json.Json;
import skiff.api.validation.FieldError;
import tools.jackson.databind.node.ObjectNode;

/** Node and node status writes, rule by rule, with Kubernetes' messages (k/k validation.go ValidateNode*, 1.32). */
class NodeStrategyTest {
    private static final String SPEC = "\"spec\":{}";
    private static final String STATUS = "\"status\":{}";

    record Case(String name, String node, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case node(String name, String fields, String... errors) {
        return new Case(name, "{\"metadata\":{\"name\":\"n1\"}," + fields + "}", List.of(errors));
    }

    static Stream<Case> created() {
        return Stream.of(
                node("a plain node", SPEC + "," + STATUS),
                node("taints with every effect", "\"spec\":{\"taints\":[{\"key\":\"a\",\"effect\":\"NoSchedule\"},"
                        + "{\"key\":\"a\",\"effect\":\"NoExecute\"},{\"key\":\"example.com/b\",\"value\":\"v\","
                        + "\"effect\":\"PreferNoSchedule\"}]}"),
                node("a taint without an effect", "\"spec\":{\"taints\":[{\"key\":\"a\"}]}",
                        "metadata.taints[0].effect: Required value"),
                node("a taint with an unknown effect", "\"spec\":{\"taints\":[{\"key\":\"a\",\"effect\":\"Never\"}]}",
                        "metadata.taints[0].effect: Unsupported value: \"Never\": supported values: \"NoSchedule\", "
                                + "\"PreferNoSchedule\", \"NoExecute\""),
                node("a taint key that is no qualified name",
                        "\"spec\":{\"taints\":[{\"key\":\"a b\",\"effect\":\"NoSchedule\"}]}",
                        "metadata.taints[0].key: Invalid value: \"a b\": name part must consist of alphanumeric "
                                + "characters, '-', '_' or '.', and must start and end with an alphanumeric character "
                                + "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                                + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"),
                node("a taint value that is no label value",
                        "\"spec\":{\"taints\":[{\"key\":\"a\",\"value\":\"-x\",\"effect\":\"NoSchedule\"}]}",
                        "metadata.taints[0].value: Invalid value: \"-x\": a valid label must be an empty string or "
                                + "consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                                + "alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used "
                                + "for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
                node("the same taint key and effect twice", "\"spec\":{\"taints\":[{\"key\":\"a\",\"value\":\"1\","
                        + "\"effect\":\"NoSchedule\"},{\"key\":\"a\",\"value\":\"2\",\"effect\":\"NoSchedule\"}]}",
                        "metadata.taints[1]: Duplicate value: {\"Key\":\"a\",\"Value\":\"2\","
                                + "\"Effect\":\"NoSchedule\",\"TimeAdded\":null}: taints must be unique by key and "
                                + "effect pair"),
                node("a negative capacity", "\"status\":{\"capacity\":{\"cpu\":\"-1\",\"memory\":\"1Gi\"}}",
                        "status.capacity.cpu: Invalid value: \"-1\": must be greater than or equal to 0"),
                node("a negative allocatable", "\"status\":{\"allocatable\":{\"memory\":\"-2Mi\"}}",
                        "status.allocatable.memory: Invalid value: \"-2Mi\": must be greater than or equal to 0"),
                node("a fraction of pods", "\"status\":{\"capacity\":{\"pods\":\"1500m\"}}",
                        "status.capacity.pods: Invalid value: \"1500m\": must be an integer"),
                node("a fraction of an extended resource", "\"status\":{\"allocatable\":{\"example.com/gpu\":"
                        + "\"0.5\"}}",
                        "status.allocatable.example.com/gpu: Invalid value: \"0.5\": must be an integer"),
                node("a fraction of a native resource", "\"status\":{\"capacity\":{\"cpu\":\"1500m\","
                        + "\"hugepages-2Mi\":\"0\"}}"),
                node("one pod CIDR per family", "\"spec\":{\"podCIDRs\":[\"10.0.0.0/24\",\"fd00::/64\"]}"),
                node("a pod CIDR that is not one", "\"spec\":{\"podCIDRs\":[\"10.0.0.0/33\"]}",
                        "spec.podCIDRs[0]: Invalid value: \"10.0.0.0/33\": must be a valid CIDR value, (e.g. "
                                + "10.9.8.0/24 or 2001:db8::/64)"),
                node("two IPv4 pod CIDRs", "\"spec\":{\"podCIDRs\":[\"10.0.0.0/24\",\"10.1.0.0/24\"]}",
                        "spec.podCIDRs: Invalid value: [\"10.0.0.0/24\",\"10.1.0.0/24\"]: may specify no more than "
                                + "one CIDR for each IP family"),
                node("three pod CIDRs, one repeated",
                        "\"spec\":{\"podCIDRs\":[\"10.0.0.0/24\",\"fd00::/64\",\"10.0.0.0/24\"]}",
                        "spec.podCIDRs: Invalid value: [\"10.0.0.0/24\",\"fd00::/64\",\"10.0.0.0/24\"]: may specify "
                                + "no more than one CIDR for each IP family",
                        "spec.podCIDRs[2]: Duplicate value: \"10.0.0.0/24\""),
                node("a lone podCIDR is the list's entry", "\"spec\":{\"podCIDR\":\"10.0.0.0/8x\"}",
                        "spec.podCIDRs[0]: Invalid value: \"10.0.0.0/8x\": must be a valid CIDR value, (e.g. "
                                + "10.9.8.0/24 or 2001:db8::/64)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("created")
    void validatesACreatedNodeAsKubernetesDoes(Case c) {
        ObjectNode node = parse(c.node());
        NodeStrategy.INSTANCE.applyDefaults(node);
        NodeStrategy.INSTANCE.prepareForCreate(node);

        assertThat(NodeStrategy.INSTANCE.validate(node)).extracting(FieldError::fullMessage)
                .containsExactlyElementsOf(c.errors());
    }

    record Update(String name, String oldSpec, String newSpec, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Update update(String name, String oldSpec, String newSpec, String... errors) {
        return new Update(name, oldSpec, newSpec, List.of(errors));
    }

    static Stream<Update> updates() {
        String forbiddenCidr = "spec.podCIDRs: Forbidden: node updates may not change podCIDR except from \"\" to "
                + "valid";
        return Stream.of(
                update("pod CIDRs first set", "{}", "{\"podCIDRs\":[\"10.0.0.0/24\"]}"),
                update("pod CIDRs changed", "{\"podCIDRs\":[\"10.0.0.0/24\"]}", "{\"podCIDRs\":[\"10.1.0.0/24\"]}",
                        forbiddenCidr),
                update("a second pod CIDR added", "{\"podCIDRs\":[\"10.0.0.0/24\"]}",
                        "{\"podCIDRs\":[\"10.0.0.0/24\",\"fd00::/64\"]}", forbiddenCidr),
                update("pod CIDRs removed", "{\"podCIDRs\":[\"10.0.0.0/24\"]}", "{}", forbiddenCidr),
                update("the providerID first set", "{}", "{\"providerID\":\"skiff://n1\"}"),
                update("the providerID changed", "{\"providerID\":\"skiff://n1\"}", "{\"providerID\":\"skiff://n2\"}",
                        "spec.providerID: Forbidden: node updates may not change providerID except from \"\" to "
                                + "valid"),
                update("the externalID changed", "{}", "{\"externalID\":\"x\"}",
                        "spec.externalID: Forbidden: may not be updated"),
                update("unschedulable and taints changed", "{}", "{\"unschedulable\":true,\"taints\":[{\"key\":\"a\","
                        + "\"effect\":\"NoSchedule\"}]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void validatesANodeUpdateAsKubernetesDoes(Update u) {
        ObjectNode old = parse("{\"metadata\":{\"name\":\"n1\"},\"spec\":" + u.oldSpec() + "}");
        NodeStrategy.INSTANCE.applyDefaults(old);
        ObjectNode updated = parse("{\"metadata\":{\"name\":\"n1\"},\"spec\":" + u.newSpec() + "}");
        NodeStrategy.INSTANCE.applyDefaults(updated);
        NodeStrategy.INSTANCE.prepareForUpdate(updated, old);

        assertThat(NodeStrategy.INSTANCE.validateUpdate(updated, old)).extracting(FieldError::fullMessage)
                .containsExactlyElementsOf(u.errors());
    }

    @Test
    void aTaintErrorOnUpdateIsReportedByBothValidationsAsKubernetesDoes() {
        ObjectNode old = parse("{\"metadata\":{\"name\":\"n1\"},\"spec\":{}}");
        ObjectNode updated = parse("{\"metadata\":{\"name\":\"n1\"},\"spec\":{\"taints\":[{\"key\":\"a\"}]}}");

        assertThat(NodeStrategy.INSTANCE.validateUpdate(updated, old)).extracting(FieldError::fullMessage)
                .containsExactly("metadata.taints[0].effect: Required value",
                        "metadata.taints[0].effect: Required value");
    }

    @Test
    void aCreateDropsTheRemovedDynamicKubeletConfigButKeepsTheStatus() {
        ObjectNode node = parse("{\"metadata\":{\"name\":\"n1\"},\"spec\":{\"configSource\":{\"configMap\":{}}},"
                + "\"status\":{\"config\":{},\"capacity\":{\"cpu\":\"2\"}}}");

        NodeStrategy.INSTANCE.prepareForCreate(node);

        assertThat(node.path("spec").has("configSource")).isFalse();
        assertThat(node.path("status").has("config")).isFalse();
        assertThat(node.path("status").path("capacity").path("cpu").asString()).isEqualTo("2");
    }

    @Test
    void anUpdateMayNotStartUsingConfigSourceButKeepsOneInUse() {
        ObjectNode unused = parse("{\"metadata\":{\"name\":\"n1\"},\"spec\":{}}");
        ObjectNode inUse = parse("{\"metadata\":{\"name\":\"n1\"},\"spec\":{\"configSource\":{\"configMap\":{}}}}");
        ObjectNode first = inUse.deepCopy();
        ObjectNode second = inUse.deepCopy();

        NodeStrategy.INSTANCE.prepareForUpdate(first, unused);
        NodeStrategy.INSTANCE.prepareForUpdate(second, inUse);

        assertThat(first.path("spec").has("configSource")).isFalse();
        assertThat(second.path("spec").has("configSource")).isTrue();
    }

    @Test
    void aPodCidrAndTheListAgreeAsTheConversionMakesThem() {
        ObjectNode lone = parse("{\"spec\":{\"podCIDR\":\"10.0.0.0/24\"}}");
        ObjectNode listed = parse("{\"spec\":{\"podCIDR\":\"10.9.0.0/24\",\"podCIDRs\":[\"10.0.0.0/24\","
                + "\"fd00::/64\"]}}");

        NodeStrategy.INSTANCE.applyDefaults(lone);
        NodeStrategy.INSTANCE.applyDefaults(listed);

        assertThat(lone.path("spec").path("podCIDRs").toString()).isEqualTo("[\"10.0.0.0/24\"]");
        assertThat(listed.path("spec").path("podCIDR").asString()).isEqualTo("10.0.0.0/24");
    }

    static Stream<Case> statusWrites() {
        return Stream.of(
                node("distinct addresses", "\"status\":{\"addresses\":[{\"type\":\"InternalIP\",\"address\":"
                        + "\"10.0.0.1\"},{\"type\":\"Hostname\",\"address\":\"10.0.0.1\"}]}"),
                node("the same address twice", "\"status\":{\"addresses\":[{\"type\":\"InternalIP\",\"address\":"
                        + "\"10.0.0.1\"},{\"type\":\"InternalIP\",\"address\":\"10.0.0.1\"}]}",
                        "status.addresses[1]: Duplicate value: {\"Type\":\"InternalIP\",\"Address\":\"10.0.0.1\"}"),
                node("a negative capacity", "\"status\":{\"capacity\":{\"memory\":\"-1\"}}",
                        "status.capacity.memory: Invalid value: \"-1\": must be greater than or equal to 0"),
                node("a fraction of pods allocatable", "\"status\":{\"allocatable\":{\"pods\":\"0.5\"}}",
                        "status.allocatable.pods: Invalid value: \"0.5\": must be an integer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statusWrites")
    void validatesANodeStatusWriteAsKubernetesDoes(Case c) {
        ObjectNode old = parse("{\"metadata\":{\"name\":\"n1\"},\"spec\":{\"podCIDRs\":[\"10.0.0.0/24\"]}}");
        ObjectNode updated = parse(c.node());
        NodeStatusStrategy.INSTANCE.prepareForUpdate(updated, old);

        assertThat(NodeStatusStrategy.INSTANCE.validateUpdate(updated, old)).extracting(FieldError::fullMessage)
                .containsExactlyElementsOf(c.errors());
    }

    @Test
    void aStatusWriteKeepsTheSpecAndStatusConfigOnlyInUseButTakesTheMetadata() {
        ObjectNode old = parse("{\"metadata\":{\"name\":\"n1\",\"labels\":{\"a\":\"1\"}},"
                + "\"spec\":{\"unschedulable\":true},\"status\":{}}");
        ObjectNode updated = parse("{\"metadata\":{\"name\":\"n1\",\"labels\":{\"a\":\"2\"},"
                + "\"annotations\":{\"b\":\"c\"}},\"spec\":{\"unschedulable\":false,\"providerID\":\"x\"},"
                + "\"status\":{\"config\":{},\"phase\":\"Running\"}}");

        NodeStatusStrategy.INSTANCE.prepareForUpdate(updated, old);

        assertThat(updated.get("spec")).isEqualTo(old.get("spec"));
        assertThat(updated.path("status").has("config")).isFalse();
        assertThat(updated.path("status").path("phase").asString()).isEqualTo("Running");
        assertThat(updated.path("metadata").path("labels").path("a").asString()).isEqualTo("2");
        assertThat(updated.path("metadata").path("annotations").path("b").asString()).isEqualTo("c");
    }

    private static ObjectNode parse(String json) {
        return (ObjectNode) Json.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
