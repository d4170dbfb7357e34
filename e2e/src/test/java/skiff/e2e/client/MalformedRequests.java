package skiff.e2e.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates malformed requests from one seeded {@link Random}: valid objects of the served kinds with one value
 * replaced by a value of another JSON type, an overflowing number, a string with control characters or a deep
 * nesting, sent as creates, updates and the four patch types; broken bodies, unknown content types and bad query
 * strings.
 */
final class MalformedRequests {
    static final String FIELD_MANAGER = "fuzz";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> STRINGS = List.of("", "abc", "a\u0000b", "\u0007\u001b[31m", "x\u007f",
            "\u0085\u009f", "line\nbreak", "-1", "1e3", "true", "null", "é\u2028", "$patch", "../..",
            "UPPER_case", "a".repeat(300));
    private static final List<String> RAW_VALUES = List.of("0", "-1", "2147483648", "-2147483649",
            "9223372036854775808", "1e309", "-1e309", "1.5", "1e-400", "123456789012345678901234567890", "true", "false",
            "null", "{}", "[]", "{\"a\":1}", "[1,\"x\",null]", "\"\\u0000\"");
    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml",
            "application/x-www-form-urlencoded", "application/octet-stream", "multipart/form-data; boundary=x",
            "application/json; charset=latin1", "application/cbor", "", "application/vnd.kubernetes.protobuf");
    private static final List<String> PATCH_TYPES = List.of("application/json-patch+json",
            "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml");
    private static final List<String> BAD_QUERIES = List.of("a=%zz", "%", "limit=abc", "limit=-1",
            "limit=99999999999999999999", "resourceVersion=abc", "resourceVersion=-5",
            "resourceVersion=1&resourceVersionMatch=Exact", "resourceVersionMatch=Bogus&resourceVersion=1",
            "continue=garbage", "continue=%00", "continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6LTEsInN0YXJ0IjoiIn0",
            "labelSelector=!!", "labelSelector=a%00b", "labelSelector=a+in+(", "fieldSelector=metadata.name%3D%3D%3D",
            "fieldSelector=spec.bogus=1", "fieldSelector=%00", "timeoutSeconds=abc", "includeObject=Bogus",
            "dryRun=Bogus", "fieldManager=%00", "fieldManager=" + "m".repeat(200), "fieldValidation=Bogus",
            "gracePeriodSeconds=abc", "orphanDependents=maybe", "propagationPolicy=Sideways", "pretty=%ff%fe",
            "watch=%zz", "allowWatchBookmarks=%zz&limit=1");
    private static final List<String> DELETE_BODIES = List.of("{\"gracePeriodSeconds\":\"abc\"}",
            "{\"gracePeriodSeconds\":1e309}", "{\"gracePeriodSeconds\":{}}", "{\"propagationPolicy\":5}",
            "{\"orphanDependents\":\"yes\"}", "{\"preconditions\":\"x\"}", "{\"preconditions\":{\"uid\":7}}",
            "{\"dryRun\":\"All\"}", "{\"dryRun\":[5]}", "[]", "\"x\"", "{\"kind\":\"DeleteOptions\",\"apiVersion\":7}",
            "{bad");

    private final Random random;
    private final List<Target> targets;

    /** One served kind: where its objects live and a valid object of it. */
    record Target(String kind, String collectionPath, String baseName, ObjectNode valid, boolean scalable) {
        String objectPath(String name) {
            return collectionPath + "/" + name;
        }
    }

    /** One request to send, with a label saying how it was made. */
    record Request(String label, String method, String uri, String contentType, byte[] body) {}

    MalformedRequests(long seed, List<Target> targets) {
        this.random = new Random(seed);
        this.targets = targets;
    }

    Request next(int index) {
        Target t = targets.get(random.nextInt(targets.size()));
        int choice = random.nextInt(100);
        if (choice < 22) {
            return createMutated(t, index);
        } else if (choice < 32) {
            return updateMutated(t);
        } else if (choice < 62) {
            return patch(t);
        } else if (choice < 70) {
            return t.scalable() ? scale(t) : patch(t);
        } else if (choice < 80) {
            return malformedBody(t, index);
        } else if (choice < 92) {
            return badQuery(t);
        } else {
            return delete(t);
        }
    }

    private Request createMutated(Target t, int index) {
        ObjectNode object = t.valid().deepCopy();
        ((ObjectNode) object.get("metadata")).put("name", "fz-" + index);
        String where = mutate(object);
        return new Request("create " + t.kind() + " " + where, "POST", t.collectionPath() + validationQuery(),
                "application/json", bytes(object));
    }

    private Request updateMutated(Target t) {
        ObjectNode object = t.valid().deepCopy();
        ((ObjectNode) object.get("metadata")).put("name", t.baseName());
        String where = mutate(object);
        return new Request("update " + t.kind() + " " + where, "PUT", t.objectPath(t.baseName()) + validationQuery(),
                "application/json", bytes(object));
    }

    private Request patch(Target t) {
        String type = PATCH_TYPES.get(random.nextInt(PATCH_TYPES.size()));
        ObjectNode object = t.valid().deepCopy();
        ((ObjectNode) object.get("metadata")).put("name", t.baseName());
        String where = mutate(object);
        String uri = t.objectPath(t.baseName()) + (random.nextInt(5) == 0 ? "/status" : "");
        byte[] body;
        if (type.equals("application/json-patch+json")) {
            body = bytes(jsonPatch(object, where));
        } else if (type.equals("application/apply-patch+yaml")) {
            uri += "?fieldManager=" + (random.nextInt(6) == 0 ? "%01bad" : FIELD_MANAGER)
                    + (random.nextBoolean() ? "&force=true" : "");
            body = bytes(object);
        } else {
            String top = where.split("/")[1];
            ObjectNode patch = JSON.createObjectNode();
            patch.set(top, object.get(top));
            if (random.nextInt(8) == 0) {
                patch.put("$patch", random.nextBoolean() ? "delete" : "replace");
            }
            body = bytes(patch);
        }
        return new Request("patch " + type + " " + t.kind() + " " + where, "PATCH", uri, type, body);
    }

    private ArrayNode jsonPatch(ObjectNode mutated, String where) {
        ArrayNode ops = NODES.arrayNode();
        String[] names = {"add", "replace", "remove", "copy", "move", "test", "bogus"};
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            ObjectNode op = ops.addObject();
            op.put("op", names[random.nextInt(names.length)]);
            op.put("path", random.nextInt(6) == 0 ? "/no/such/" + i : where);
            op.set("value", mutated.at(where.isEmpty() ? "" : where));
            if (random.nextBoolean()) {
                op.put("from", random.nextBoolean() ? "/metadata" : where);
            }
            if (random.nextInt(10) == 0) {
                op.remove("path");
            }
        }
        return ops;
    }

    private Request scale(Target t) {
        List<String> bodies = List.of("{\"$patch\":\"delete\"}", "{\"spec\":{\"$patch\":\"delete\"}}",
                "{\"spec\":{\"replicas\":\"3\"}}", "{\"spec\":{\"replicas\":1e309}}", "{\"spec\":null}",
                "{\"spec\":{\"replicas\":-1}}", "{\"spec\":[1]}", "{\"metadata\":{\"resourceVersion\":5}}",
                "{\"spec\":{\"replicas\":2147483648}}", "[]", "{\"status\":{\"replicas\":\"x\"}}");
        String body = bodies.get(random.nextInt(bodies.size()));
        String type = List.of("application/merge-patch+json", "application/strategic-merge-patch+json",
                "application/json-patch+json", "application/apply-patch+yaml").get(random.nextInt(4));
        boolean put = random.nextInt(4) == 0;
        return new Request("scale " + t.kind() + " " + body, put ? "PUT" : "PATCH",
                t.objectPath(t.baseName()) + "/scale" + (type.contains("apply") ? "?fieldManager=fuzz" : ""),
                put ? "application/json" : type, body.getBytes(StandardCharsets.UTF_8));
    }

    private Request malformedBody(Target t, int index) {
        byte[] valid = bytes(t.valid());
        byte[] body = switch (random.nextInt(7)) {
            case 0 -> java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
            case 1 -> {
                byte[] b = new byte[1 + random.nextInt(64)];
                random.nextBytes(b);
                yield b;
            }
            case 2 -> List.of("null", "[]", "\"x\"", "7", "{}", "{\"kind\":5}", "{\"metadata\":[]}",
                    "{\"apiVersion\":{}}", "\u0000", "{\"metadata\":{\"name\":\"s\\ud800\"},\"data\":{\"k\":\"\\udfff\"}}")
                    .get(random.nextInt(10)).getBytes(StandardCharsets.UTF_8);
            case 3 -> nested(random.nextBoolean() ? 600 : 12000);
            case 4 -> {
                ObjectNode o = t.valid().deepCopy();
                ((ObjectNode) o.get("metadata")).put("name", "fz-" + index);
                ((ObjectNode) o.get("metadata")).putObject("labels").put("a\u0000b", "\u0001");
                yield bytes(o);
            }
            case 5 -> {
                ObjectNode o = t.valid().deepCopy();
                ((ObjectNode) o.get("metadata")).remove("name");
                ((ObjectNode) o.get("metadata")).put("generateName", STRINGS.get(random.nextInt(STRINGS.size())));
                yield bytes(o);
            }
            default -> {
                ObjectNode o = t.valid().deepCopy();
                ((ObjectNode) o.get("metadata")).put("name", "fz-" + index);
                o.put("bogus\u0000field", 1);
                yield bytes(o);
            }
        };
        String type = random.nextInt(3) == 0 ? CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size()))
                : "application/json";
        boolean create = random.nextBoolean();
        return new Request("body " + type + " " + t.kind() + " " + abbreviate(body), create ? "POST" : "PUT",
                create ? t.collectionPath() : t.objectPath(t.baseName()), type.isEmpty() ? null : type, body);
    }

    private Request badQuery(Target t) {
        String query = BAD_QUERIES.get(random.nextInt(BAD_QUERIES.size()));
        String path = switch (random.nextInt(3)) {
            case 0 -> t.collectionPath();
            case 1 -> t.objectPath(t.baseName());
            default -> t.objectPath("a%zzb");
        };
        return new Request("query " + t.kind() + " " + query, "GET", path + "?" + query, null, null);
    }

    private Request delete(Target t) {
        boolean body = random.nextBoolean();
        String uri = t.objectPath("fz-missing") + "?dryRun=All"
                + (body ? "" : "&" + BAD_QUERIES.get(random.nextInt(BAD_QUERIES.size())));
        String content = body ? DELETE_BODIES.get(random.nextInt(DELETE_BODIES.size())) : null;
        return new Request("delete " + t.kind() + " " + content, "DELETE", uri, body ? "application/json" : null,
                content == null ? null : content.getBytes(StandardCharsets.UTF_8));
    }

    private String validationQuery() {
        return switch (random.nextInt(5)) {
            case 0 -> "?fieldValidation=Strict";
            case 1 -> "?fieldValidation=Ignore";
            case 2 -> "?dryRun=All";
            default -> "";
        };
    }

    /** Replaces one value of {@code object} (not the root, not apiVersion or kind) and answers its JSON pointer. */
    private String mutate(ObjectNode object) {
        List<String> pointers = new ArrayList<>();
        collect(object, "", pointers);
        String pointer = pointers.get(random.nextInt(pointers.size()));
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = object.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        JsonNode value = randomValue();
        if (random.nextInt(8) == 0 && parent instanceof ObjectNode o) {
            o.set(STRINGS.get(random.nextInt(STRINGS.size())), value);
        } else if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else if (parent instanceof ArrayNode a) {
            a.set(Integer.parseInt(last), value);
        }
        return pointer;
    }

    private static void collect(JsonNode node, String pointer, List<String> into) {
        if (node instanceof ObjectNode o) {
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                if (pointer.isEmpty() && (e.getKey().equals("apiVersion") || e.getKey().equals("kind"))) {
                    continue;
                }
                String p = pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
                into.add(p);
                collect(e.getValue(), p, into);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                into.add(pointer + "/" + i);
                collect(a.get(i), pointer + "/" + i, into);
            }
        }
    }

    private JsonNode randomValue() {
        return switch (random.nextInt(4)) {
            case 0 -> NODES.stringNode(STRINGS.get(random.nextInt(STRINGS.size())));
            case 1 -> {
                JsonNode deep = NODES.stringNode("x");
                for (int i = 0, n = 1 + random.nextInt(60); i < n; i++) {
                    deep = random.nextBoolean() ? NODES.objectNode().set("k", deep) : NODES.arrayNode().add(deep);
                }
                yield deep;
            }
            default -> JSON.readTree(RAW_VALUES.get(random.nextInt(RAW_VALUES.size())));
        };
    }

    private static byte[] nested(int depth) {
        StringBuilder b = new StringBuilder();
        b.append("{\"metadata\":{\"name\":\"deep\"},\"data\":".repeat(1));
        b.append("[".repeat(depth)).append("]".repeat(depth)).append('}');
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(JsonNode node) {
        return JSON.writeValueAsBytes(node);
    }

    private static String abbreviate(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
