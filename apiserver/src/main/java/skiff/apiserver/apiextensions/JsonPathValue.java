package skiff.apiserver.apiextensions;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The simple JSONPaths CRDs use for printer columns, scale and selectable fields ({@code .spec.replicas},
 * {@code .status.conditions[0].type}, {@code .status.conditions[?(@.type=="Ready")].status},
 * {@code .metadata.labels['app.kubernetes.io/name']}), evaluated to the first value they reach (k/k 1.32
 * apiextensions-apiserver pkg/registry/customresource/tableconvertor takes the first result as well).
 */
final class JsonPathValue {
    private static final Pattern SEGMENT = Pattern.compile(
            "\\.([A-Za-z0-9_-]+)|\\[(\\d+)]|\\['([^']+)']|\\[\\?\\(@\\.([A-Za-z0-9_.-]+)\\s*==\\s*[\"']([^\"']*)[\"']\\)]");

    private final List<Step> steps;

    private sealed interface Step {}

    private record Field(String name) implements Step {}

    private record Index(int index) implements Step {}

    private record Filter(String path, String value) implements Step {}

    private JsonPathValue(List<Step> steps) {
        this.steps = steps;
    }

    static boolean valid(String path) {
        return parse(path) != null;
    }

    static JsonPathValue of(String path) {
        JsonPathValue p = parse(path);
        if (p == null) {
            throw new IllegalArgumentException("unsupported json path " + path);
        }
        return p;
    }

    private static JsonPathValue parse(String path) {
        String p = path.startsWith("{") && path.endsWith("}") ? path.substring(1, path.length() - 1) : path;
        if (p.startsWith("$")) {
            p = p.substring(1);
        }
        List<Step> steps = new ArrayList<>();
        Matcher m = SEGMENT.matcher(p);
        int at = 0;
        while (at < p.length()) {
            if (!m.find(at) || m.start() != at) {
                return null;
            }
            if (m.group(1) != null) {
                steps.add(new Field(m.group(1)));
            } else if (m.group(2) != null) {
                steps.add(new Index(Integer.parseInt(m.group(2))));
            } else if (m.group(3) != null) {
                steps.add(new Field(m.group(3)));
            } else {
                steps.add(new Filter(m.group(4), m.group(5)));
            }
            at = m.end();
        }
        return steps.isEmpty() ? null : new JsonPathValue(steps);
    }

    /** The value the path reaches in {@code object}, or a missing node. */
    JsonNode find(JsonNode object) {
        JsonNode at = object;
        for (Step step : steps) {
            at = switch (step) {
                case Field f -> at.path(f.name());
                case Index i -> at.path(i.index());
                case Filter f -> first(at, f);
            };
            if (at.isMissingNode()) {
                return at;
            }
        }
        return at;
    }

    private static JsonNode first(JsonNode list, Filter f) {
        for (JsonNode item : list) {
            JsonNode v = item;
            for (String part : f.path().split("\\.")) {
                v = v.path(part);
            }
            if (v.isValueNode() && v.asString().equals(f.value())) {
                return item;
            }
        }
        return tools.jackson.databind.node.MissingNode.getInstance();
    }

    /** The path's field names, for paths without indices or filters ({@code .spec.replicas} → spec, replicas). */
    List<String> fields() {
        return steps.stream().map(s -> s instanceof Field f ? f.name() : null).toList();
    }
}
