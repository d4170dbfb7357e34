package skiff.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Which convertor each resource gets, and its columns as {@code name type[/format][ wide]}. */
class TableConvertorsTest {
    private static final List<String> TEMPLATE_COLUMNS = List.of("Containers string wide", "Images string wide");

    record Case(String group, String resource, List<String> columns) {
        @Override
        public String toString() {
            return (group.isEmpty() ? "core" : group) + "/" + resource;
        }
    }

    static Stream<Case> resources() {
        return Stream.of(
                new Case("", "pods", List.of("Name string/name", "Ready string", "Status string", "Restarts string", "Age string",
                        "IP string wide", "Node string wide", "Nominated Node string wide", "Readiness Gates string wide")),
                new Case("", "nodes", List.of("Name string/name", "Status string", "Roles string", "Age string", "Version string",
                        "Internal-IP string wide", "External-IP string wide", "OS-Image string wide", "Kernel-Version string wide",
                        "Container-Runtime string wide")),
                new Case("", "namespaces", List.of("Name string/name", "Status string", "Age string")),
                new Case("", "events", eventColumns()),
                new Case("events.k8s.io", "events", eventColumns()),
                new Case("", "configmaps", List.of("Name string/name", "Data string", "Age string")),
                new Case("", "secrets", List.of("Name string/name", "Type string", "Data string", "Age string")),
                new Case("", "services", List.of("Name string/name", "Type string", "Cluster-IP string", "External-IP string",
                        "Port(s) string", "Age string", "Selector string wide")),
                new Case("", "serviceaccounts", List.of("Name string/name", "Secrets string", "Age string")),
                new Case("", "replicationcontrollers", withTemplate(
                        List.of("Name string/name", "Desired integer", "Current integer", "Ready integer", "Age string"), true)),
                new Case("", "endpoints", List.of("Name string/name", "Endpoints string", "Age string")),
                new Case("apps", "replicasets", withTemplate(
                        List.of("Name string/name", "Desired integer", "Current integer", "Ready integer", "Age string"), true)),
                new Case("apps", "statefulsets", withTemplate(List.of("Name string/name", "Ready string", "Age string"), false)),
                new Case("apps", "deployments", withTemplate(
                        List.of("Name string/name", "Ready string", "Up-to-date string", "Available string", "Age string"), true)),
                new Case("apps", "daemonsets", withTemplate(List.of("Name string/name", "Desired integer", "Current integer",
                        "Ready integer", "Up-to-date integer", "Available integer", "Node Selector string", "Age string"), true)),
                new Case("apps", "controllerrevisions",
                        List.of("Name string/name", "Controller string", "Revision string", "Age string")),
                new Case("autoscaling", "horizontalpodautoscalers", List.of("Name string/name", "Reference string",
                        "Targets string", "MinPods string", "MaxPods integer", "Replicas integer", "Age string")),
                new Case("batch", "jobs", withTemplate(List.of("Name string/name", "Status string",
                        "Completions string", "Duration string", "Age string"), true)),
                new Case("batch", "cronjobs", withTemplate(List.of("Name string/name", "Schedule string",
                        "Timezone string", "Suspend boolean", "Active integer", "Last Schedule string", "Age string"),
                        true)),
                new Case("coordination.k8s.io", "leases", List.of("Name string/name", "Holder string", "Age string")),
                new Case("discovery.k8s.io", "endpointslices", List.of("Name string/name", "AddressType string", "Ports string",
                        "Endpoints string", "Age string")),
                new Case("example.com", "widgets", List.of("Name string/name", "Created At date")),
                new Case("apps", "pods", List.of("Name string/name", "Created At date")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resources")
    void columnsMatchKubernetes(Case c) {
        List<ColumnDefinition> columns = TableConvertors.forResource(c.group(), c.resource()).columns();

        assertThat(columns).extracting(TableConvertorsTest::describe).containsExactlyElementsOf(c.columns());
        assertThat(columns).allSatisfy(column -> assertThat(column.description()).isNotBlank());
    }

    @Test
    void unknownResourcesShareTheDefaultConvertor() {
        assertThat(TableConvertors.forResource("example.com", "widgets")).isSameAs(TableConvertors.defaultConvertor());
        assertThat(TableConvertors.forResource("", "pods")).isNotSameAs(TableConvertors.defaultConvertor());
    }

    private static String describe(ColumnDefinition column) {
        String format = column.format().isEmpty() ? "" : "/" + column.format();
        String wide = column.priority() > 0 ? " wide" : "";
        return column.name() + " " + column.type() + format + wide;
    }

    private static List<String> eventColumns() {
        return List.of("Last Seen string", "Type string", "Reason string", "Object string", "Subobject string wide",
                "Source string wide", "Message string", "First Seen string wide", "Count string wide", "Name string/name wide");
    }

    private static List<String> withTemplate(List<String> columns, boolean selector) {
        Stream<String> wide = selector
                ? Stream.concat(TEMPLATE_COLUMNS.stream(), Stream.of("Selector string wide"))
                : TEMPLATE_COLUMNS.stream();
        return Stream.concat(columns.stream(), wide).toList();
    }
}
