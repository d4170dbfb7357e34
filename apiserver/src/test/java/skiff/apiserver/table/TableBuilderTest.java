package skiff.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class TableBuilderTest {
    private static final TableConvertor PODS = TableConvertors.forResource("", "pods");
    private static final JsonNode RUNNING = TestJson.parse("""
            {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "web", "namespace": "default", "uid": "u-1", "resourceVersion": "41",
                          "labels": {"app": "web"}, "creationTimestamp": "2024-05-01T11:55:00Z"},
             "spec": {"nodeName": "node-1", "containers": [{"name": "app", "image": "nginx"}]},
             "status": {"phase": "Running", "podIPs": [{"ip": "10.1.0.7"}],
                        "conditions": [{"type": "Ready", "status": "True"}],
                        "containerStatuses": [{"name": "app", "ready": true, "restartCount": 0, "state": {"running": {}}}]}}""");
    private static final JsonNode SUCCEEDED = TestJson.parse("""
            {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "job-1", "namespace": "default", "resourceVersion": "42", "creationTimestamp": "2024-05-01T10:00:00Z"},
             "spec": {"containers": [{"name": "app", "image": "busybox"}]},
             "status": {"phase": "Succeeded",
                        "containerStatuses": [{"name": "app", "ready": false, "restartCount": 0,
                                               "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}}""");

    @Test
    void listTableHasTheKubernetesShape() {
        ObjectNode table = TableBuilder.table(PODS, List.of(RUNNING, SUCCEEDED), "1234", "next-page", TestJson.NOW,
                IncludeObject.METADATA);

        assertThat(table.propertyNames()).containsExactly("kind", "apiVersion", "metadata", "columnDefinitions", "rows");
        assertThat(table.get("kind").stringValue()).isEqualTo("Table");
        assertThat(table.get("apiVersion").stringValue()).isEqualTo("meta.k8s.io/v1");
        assertThat(table.get("metadata")).isEqualTo(TestJson.parse("""
                {"resourceVersion": "1234", "continue": "next-page"}"""));
        assertThat(table.get("rows")).isEqualTo(TestJson.parse("""
                [{"cells": ["web", "1/1", "Running", "0", "5m", "10.1.0.7", "node-1", "<none>", "<none>"],
                  "object": {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                             "metadata": {"name": "web", "namespace": "default", "uid": "u-1", "resourceVersion": "41",
                                          "labels": {"app": "web"}, "creationTimestamp": "2024-05-01T11:55:00Z"}}},
                 {"cells": ["job-1", "0/1", "Completed", "0", "120m", "<none>", "<none>", "<none>", "<none>"],
                  "conditions": [{"type": "Completed", "status": "True", "reason": "Succeeded",
                                  "message": "All containers of the pod exited successfully."}],
                  "object": {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                             "metadata": {"name": "job-1", "namespace": "default", "resourceVersion": "42",
                                          "creationTimestamp": "2024-05-01T10:00:00Z"}}}]"""));
    }

    @Test
    void columnDefinitionsCarryAllFiveFields() {
        ObjectNode table = TableBuilder.table(PODS, List.of(), "1", null, TestJson.NOW, IncludeObject.METADATA);

        JsonNode columns = table.get("columnDefinitions");
        assertThat(columns).hasSize(9);
        assertThat(columns.get(0).propertyNames()).containsExactly("name", "type", "format", "description", "priority");
        assertThat(columns.get(0).get("name").stringValue()).isEqualTo("Name");
        assertThat(columns.get(0).get("format").stringValue()).isEqualTo("name");
        assertThat(columns.get(1).get("format").stringValue()).isEmpty();
        assertThat(columns.get(5).get("name").stringValue()).isEqualTo("IP");
        assertThat(columns.get(5).get("priority").intValue()).isEqualTo(1);
        assertThat(columns.get(4).get("priority").intValue()).isZero();
    }

    @Test
    void emptyListKeepsAnEmptyRowsArrayAndLeavesOutMissingListMetadata() {
        ObjectNode table = TableBuilder.table(PODS, List.of(), null, "", TestJson.NOW, IncludeObject.METADATA);

        assertThat(Json.string(table.get("metadata"))).isEqualTo("{}");
        assertThat(table.get("rows").isArray()).isTrue();
        assertThat(table.get("rows")).isEmpty();
    }

    @Test
    void defaultConvertorSendsNullRowsForAnEmptyList() {
        ObjectNode table = TableBuilder.table(TableConvertors.defaultConvertor(), List.of(), "7", null, TestJson.NOW,
                IncludeObject.METADATA);

        assertThat(table.get("rows").isNull()).isTrue();
        assertThat(table.get("columnDefinitions")).hasSize(2);
    }

    @Test
    void includeNoneSendsANullObject() {
        ObjectNode table = TableBuilder.table(PODS, List.of(RUNNING), "1", null, TestJson.NOW, IncludeObject.NONE);

        JsonNode row = table.get("rows").get(0);
        assertThat(row.propertyNames()).containsExactly("cells", "object");
        assertThat(row.get("object").isNull()).isTrue();
    }

    @Test
    void includeObjectSendsACopyOfTheWholeObject() {
        ObjectNode table = TableBuilder.table(PODS, List.of(RUNNING), "1", null, TestJson.NOW, IncludeObject.OBJECT);

        JsonNode object = table.get("rows").get(0).get("object");
        assertThat(object).isEqualTo(RUNNING);
        ((ObjectNode) object).put("kind", "Changed");
        assertThat(RUNNING.get("kind").stringValue()).isEqualTo("Pod");
    }

    @Test
    void singleObjectTableTakesTheObjectsResourceVersion() {
        ObjectNode table = TableBuilder.table(PODS, RUNNING, TestJson.NOW, IncludeObject.METADATA);

        assertThat(table.get("metadata")).isEqualTo(TestJson.parse("""
                {"resourceVersion": "41"}"""));
        assertThat(table.get("rows")).hasSize(1);
    }

    @Test
    void cellsKeepTheirJsonTypes() {
        JsonNode configMap = TestJson.parse("""
                {"metadata": {"name": "settings", "creationTimestamp": "2024-05-01T11:55:00Z"}, "data": {"a": "1"}}""");

        ObjectNode table = TableBuilder.table(TableConvertors.forResource("", "configmaps"), List.of(configMap), "9", null,
                TestJson.NOW, IncludeObject.NONE);

        assertThat(Json.string(table)).isEqualTo("""
                {"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"9"},\
                "columnDefinitions":[%s],\
                "rows":[{"cells":["settings",1,"5m"],"object":null}]}"""
                .formatted(Json.string(table.get("columnDefinitions")).replaceAll("^\\[|]$", "")));
    }

    @Test
    void aConvertorGivingTheWrongNumberOfCellsIsAFault() {
        TableConvertor broken = new TableConvertor() {
            @Override
            public List<ColumnDefinition> columns() {
                return List.of(Columns.NAME, Columns.AGE);
            }

            @Override
            public List<Object> cells(JsonNode object, Instant now) {
                return List.of("only-a-name");
            }
        };

        assertThatThrownBy(() -> TableBuilder.table(broken, List.of(RUNNING), "1", null, TestJson.NOW, IncludeObject.NONE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 cells for 2 columns");
    }

    record ParameterCase(String value, Optional<IncludeObject> expected) {
        @Override
        public String toString() {
            return value == null ? "absent" : "\"" + value + "\"";
        }
    }

    static Stream<ParameterCase> includeObjectParameters() {
        return Stream.of(
                new ParameterCase(null, Optional.of(IncludeObject.METADATA)),
                new ParameterCase("", Optional.of(IncludeObject.METADATA)),
                new ParameterCase("Metadata", Optional.of(IncludeObject.METADATA)),
                new ParameterCase("None", Optional.of(IncludeObject.NONE)),
                new ParameterCase("Object", Optional.of(IncludeObject.OBJECT)),
                new ParameterCase("object", Optional.empty()),
                new ParameterCase("All", Optional.empty()));
    }

    @ParameterizedTest(name = "includeObject={0}")
    @MethodSource("includeObjectParameters")
    void includeObjectParameterDefaultsToMetadataAndRejectsUnknownValues(ParameterCase c) {
        assertThat(IncludeObject.fromParameter(c.value())).isEqualTo(c.expected());
    }
}
