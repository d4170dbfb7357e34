package skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

class EmptyMetadataFieldsTest {

    @Test
    void emptyMapsAndListsOfObjectMetaAreDropped() {
        ObjectNode meta = (ObjectNode) Json.parse("""
                {"name":"x","labels":{},"annotations":{},"finalizers":[],"ownerReferences":[],"managedFields":null}"""
                .getBytes());

        EmptyMetadataFields.drop(meta);

        assertThat(meta).isEqualTo(Json.parse("{\"name\":\"x\"}".getBytes()));
    }

    @Test
    void nonEmptyOnesAndOtherFieldsStay() {
        String json = """
                {"name":"x","labels":{"a":"b"},"finalizers":["f"],"generateName":""}""";
        ObjectNode meta = (ObjectNode) Json.parse(json.getBytes());

        EmptyMetadataFields.drop(meta);

        assertThat(meta).isEqualTo(Json.parse(json.getBytes()));
    }
}
