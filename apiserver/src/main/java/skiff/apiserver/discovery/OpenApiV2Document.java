package skiff.apiserver.discovery;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI v2 document at {@code /openapi/v2}, as JSON or as the protobuf message gnostic defines
 * (openapi_v2.Document, google/gnostic openapiv2/OpenAPIv2.proto), which kubectl 1.27 and 1.28 fetch before every
 * {@code apply} and {@code create -f} and refuse to go on without. Like Skiff's OpenAPI v3 documents it carries no
 * schemas yet: those clients then build their patches from their compiled-in types, and validation runs on the
 * server (the fieldValidation parameter, advertised through OpenAPI v3).
 */
public final class OpenApiV2Document {
    /** The only type kubectl asks for (client-go discovery openAPIV2mimePb). */
    public static final String PROTOBUF = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
    /** What the answer says it is (k/k kube-openapi pkg/handler): the same type spelled so Go's mime parser reads it. */
    public static final String PROTOBUF_CONTENT_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
    private static final String TITLE = "Kubernetes";

    private final String version;

    public OpenApiV2Document(String version) {
        this.version = version;
    }

    public byte[] json() {
        ObjectNode doc = Json.object();
        doc.put("swagger", "2.0");
        doc.putObject("info").put("title", TITLE).put("version", version);
        doc.putObject("paths");
        doc.putObject("definitions");
        return Json.bytes(doc);
    }

    /** Document {swagger = 1, info = 2 {title = 1, version = 2}, paths = 8, definitions = 9}. */
    public byte[] protobuf() {
        ByteString info = message(out -> {
            out.writeString(1, TITLE);
            out.writeString(2, version);
        });
        return message(out -> {
            out.writeString(1, "2.0");
            out.writeBytes(2, info);
            out.writeBytes(8, ByteString.EMPTY);
            out.writeBytes(9, ByteString.EMPTY);
        }).toByteArray();
    }

    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    private static ByteString message(Fields fields) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            fields.write(out);
            out.flush();
            return ByteString.copyFrom(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
