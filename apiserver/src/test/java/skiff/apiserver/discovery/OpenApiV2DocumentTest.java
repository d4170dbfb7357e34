package skiff.apiserver.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.UnknownFieldSet;
import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;

/** The OpenAPI v2 document in both encodings, read back field by field (gnostic openapi_v2.Document numbering). */
class OpenApiV2DocumentTest {
    private final OpenApiV2Document document = new OpenApiV2Document("v1.32.4");

    @Test
    void theProtobufDocumentNamesSwagger2AndTheServersVersion() throws Exception {
        UnknownFieldSet doc = UnknownFieldSet.parseFrom(document.protobuf());

        assertThat(doc.getField(1).getLengthDelimitedList().get(0).toStringUtf8()).isEqualTo("2.0");
        UnknownFieldSet info = UnknownFieldSet.parseFrom(doc.getField(2).getLengthDelimitedList().get(0));
        assertThat(info.getField(1).getLengthDelimitedList().get(0).toStringUtf8()).isEqualTo("Kubernetes");
        assertThat(info.getField(2).getLengthDelimitedList().get(0).toStringUtf8()).isEqualTo("v1.32.4");
        assertThat(doc.getField(8).getLengthDelimitedList()).singleElement()
                .satisfies(paths -> assertThat(paths.isEmpty()).isTrue());
        assertThat(doc.getField(9).getLengthDelimitedList()).hasSize(1);
    }

    @Test
    void theJsonDocumentSaysTheSame() {
        JsonNode doc = Json.parse(document.json());

        assertThat(doc.path("swagger").asString()).isEqualTo("2.0");
        assertThat(doc.path("info").path("version").asString()).isEqualTo("v1.32.4");
        assertThat(doc.path("paths").isObject()).isTrue();
        assertThat(doc.path("definitions").isObject()).isTrue();
    }
}
