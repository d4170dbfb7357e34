package skiff.controllers.statefulset;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data of a StatefulSet's ControllerRevision (k/k stateful_set_utils.go getPatch and ApplyRevision): a strategic
 * merge patch {@code {"spec":{"template":{..., "$patch":"replace"}}}} that puts the recorded template back, which
 * is also what {@code kubectl rollout undo} applies.
 */
final class RevisionData {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private RevisionData() {}

    static Map<String, Object> of(PodTemplateSpec template) {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = new LinkedHashMap<>(JSON.convertValue(template, Map.class));
        fields.put("$patch", "replace");
        return Map.of("spec", Map.of("template", fields));
    }

    /** The bytes the revision's name is hashed from. */
    static byte[] bytes(Object data) {
        return JSON.asJson(data).getBytes(StandardCharsets.UTF_8);
    }

    /** The template a revision records. */
    static PodTemplateSpec template(Object data) {
        Map<String, Object> template = new LinkedHashMap<>(templateFields(data));
        template.remove("$patch");
        return JSON.convertValue(template, PodTemplateSpec.class);
    }

    /** k/k pkg/controller/history EqualRevision: two revisions record the same template. */
    static boolean equal(Object a, Object b) {
        return normal(a).equals(normal(b));
    }

    private static Object normal(Object data) {
        return JSON.unmarshal(JSON.asJson(templateFields(data)), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> templateFields(Object data) {
        Map<String, Object> map = JSON.convertValue(data, Map.class);
        Object spec = map == null ? null : map.get("spec");
        Object template = spec instanceof Map<?, ?> s ? s.get("template") : null;
        return template instanceof Map<?, ?> t ? (Map<String, Object>) t : Map.of();
    }
}
