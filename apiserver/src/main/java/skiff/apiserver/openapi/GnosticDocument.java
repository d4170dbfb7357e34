package skiff.apiserver.openapi;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;

/**
 * A Swagger 2.0 document as gnostic's protobuf message openapi_v2.Document (google/gnostic-models
 * openapiv2/OpenAPIv2.proto), which kube-openapi serves for the protobuf Accept type: swagger, info and the
 * definitions with their schemas. Values that are data (default, enum, example, vendor extensions) travel as
 * gnostic's Any with their YAML text; JSON is YAML, and kubectl reads them with a YAML parser.
 */
final class GnosticDocument {
    private GnosticDocument() {
    }

    /** Document {swagger = 1, info = 2 {title = 1, version = 2}, paths = 8, definitions = 9}. */
    static byte[] encode(JsonNode doc) {
        return message(out -> {
            out.writeString(1, doc.path("swagger").asString());
            out.writeBytes(2, message(info -> {
                info.writeString(1, doc.path("info").path("title").asString());
                info.writeString(2, doc.path("info").path("version").asString());
            }));
            out.writeBytes(8, ByteString.EMPTY);
            out.writeBytes(9, namedSchemas(doc.path("definitions")));
        }).toByteArray();
    }

    /** Definitions and Properties alike: {repeated NamedSchema additional_properties = 1 {name = 1, value = 2}}. */
    private static ByteString namedSchemas(JsonNode schemas) {
        return message(out -> {
            for (var entry : schemas.properties()) {
                out.writeBytes(1, message(named -> {
                    named.writeString(1, entry.getKey());
                    named.writeBytes(2, schema(entry.getValue()));
                }));
            }
        });
    }

    /** Schema, by the field numbers of OpenAPIv2.proto; keys Swagger 2.0 does not have are left out. */
    private static ByteString schema(JsonNode schema) {
        return message(out -> {
            for (var entry : schema.properties()) {
                JsonNode value = entry.getValue();
                switch (entry.getKey()) {
                    case "$ref" -> out.writeString(1, value.asString());
                    case "format" -> out.writeString(2, value.asString());
                    case "title" -> out.writeString(3, value.asString());
                    case "description" -> out.writeString(4, value.asString());
                    case "default" -> out.writeBytes(5, any(value));
                    case "multipleOf" -> out.writeDouble(6, value.asDouble());
                    case "maximum" -> out.writeDouble(7, value.asDouble());
                    case "exclusiveMaximum" -> out.writeBool(8, value.asBoolean());
                    case "minimum" -> out.writeDouble(9, value.asDouble());
                    case "exclusiveMinimum" -> out.writeBool(10, value.asBoolean());
                    case "maxLength" -> out.writeInt64(11, value.asLong());
                    case "minLength" -> out.writeInt64(12, value.asLong());
                    case "pattern" -> out.writeString(13, value.asString());
                    case "maxItems" -> out.writeInt64(14, value.asLong());
                    case "minItems" -> out.writeInt64(15, value.asLong());
                    case "uniqueItems" -> out.writeBool(16, value.asBoolean());
                    case "maxProperties" -> out.writeInt64(17, value.asLong());
                    case "minProperties" -> out.writeInt64(18, value.asLong());
                    case "required" -> {
                        for (JsonNode name : value) {
                            out.writeString(19, name.asString());
                        }
                    }
                    case "enum" -> {
                        for (JsonNode element : value) {
                            out.writeBytes(20, any(element));
                        }
                    }
                    case "additionalProperties" -> out.writeBytes(21, message(item -> {
                        if (value.isBoolean()) {
                            item.writeBool(2, value.asBoolean());
                        } else {
                            item.writeBytes(1, schema(value));
                        }
                    }));
                    case "type" -> out.writeBytes(22, message(item -> {
                        if (value.isArray()) {
                            for (JsonNode type : value) {
                                item.writeString(1, type.asString());
                            }
                        } else {
                            item.writeString(1, value.asString());
                        }
                    }));
                    case "items" -> out.writeBytes(23, message(item -> {
                        if (value.isArray()) {
                            for (JsonNode element : value) {
                                item.writeBytes(1, schema(element));
                            }
                        } else {
                            item.writeBytes(1, schema(value));
                        }
                    }));
                    case "allOf" -> {
                        for (JsonNode element : value) {
                            out.writeBytes(24, schema(element));
                        }
                    }
                    case "properties" -> out.writeBytes(25, namedSchemas(value));
                    case "readOnly" -> out.writeBool(27, value.asBoolean());
                    case "example" -> out.writeBytes(30, any(value));
                    default -> {
                        if (entry.getKey().startsWith("x-")) {
                            out.writeBytes(31, message(named -> {
                                named.writeString(1, entry.getKey());
                                named.writeBytes(2, any(value));
                            }));
                        }
                    }
                }
            }
        });
    }

    /** Any {yaml = 2}. */
    private static ByteString any(JsonNode value) {
        return message(out -> out.writeString(2, Json.string(value)));
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
