package skiff.kubelet.staticpod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import skiff.api.json.Json;
import skiff.api.validation.NameValidation;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One manifest file read as a static pod of this node, defaulted the way the kubelet's file source does (k/k
 * pkg/kubelet/config/common.go applyDefaults): named {@code NAME-NODENAME}, in namespace {@code default} unless it
 * says otherwise, bound to this node, with a UID that is the MD5 of the node name, the file's path and the pod as
 * written (also its {@code config.hash}), a toleration of every NoExecute taint and phase Pending.
 */
public final class StaticPodManifest {
    private static final Toleration TOLERATE_NO_EXECUTE = new TolerationBuilder().withOperator("Exists")
            .withEffect("NoExecute").build();

    private StaticPodManifest() {}

    /** Reads {@code file} (YAML or JSON) as a static pod of node {@code nodeName}. */
    public static Pod read(Path file, String nodeName) throws InvalidManifestException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidManifestException("cannot read " + file + ": " + e.getMessage());
        }
        return parse(content, file.toAbsolutePath().toString(), nodeName);
    }

    /**
     * Parses {@code content} as a static pod.
     *
     * @param source the manifest's path, part of the pod's UID
     */
    public static Pod parse(byte[] content, String source, String nodeName) throws InvalidManifestException {
        Pod pod = decode(content, source);
        ObjectMeta meta = pod.getMetadata();
        if (meta.getUid() == null || meta.getUid().isEmpty()) {
            meta.setUid(hash(pod, source, nodeName));
        }
        meta.setName(meta.getName() + "-" + nodeName.toLowerCase(Locale.ROOT));
        if (meta.getNamespace() == null || meta.getNamespace().isEmpty()) {
            meta.setNamespace("default");
        }
        pod.getSpec().setNodeName(nodeName);
        Map<String, String> annotations = meta.getAnnotations() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(meta.getAnnotations());
        annotations.put(ConfigAnnotations.HASH, meta.getUid());
        annotations.put(ConfigAnnotations.SOURCE, ConfigAnnotations.FILE_SOURCE);
        meta.setAnnotations(annotations);
        // Static pods are never evicted for a node's problems.
        List<Toleration> tolerations = pod.getSpec().getTolerations() == null ? new ArrayList<>()
                : new ArrayList<>(pod.getSpec().getTolerations());
        tolerations.removeIf(t -> TOLERATE_NO_EXECUTE.equals(t));
        tolerations.add(TOLERATE_NO_EXECUTE);
        pod.getSpec().setTolerations(tolerations);
        pod.setStatus(new PodStatus());
        pod.getStatus().setPhase("Pending");
        List<String> errors = validate(pod);
        if (!errors.isEmpty()) {
            throw new InvalidManifestException(source + ": invalid pod: " + String.join("; ", errors));
        }
        return pod;
    }

    private static Pod decode(byte[] content, String source) throws InvalidManifestException {
        JsonNode tree;
        try {
            tree = Json.parseYaml(content);
        } catch (JacksonException e) {
            throw new InvalidManifestException(source + ": not YAML or JSON: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidManifestException(source + ": not an object");
        }
        String kind = tree.path("kind").asString("");
        String apiVersion = tree.path("apiVersion").asString("");
        if (!kind.equals("Pod") || !apiVersion.equals("v1")) {
            throw new InvalidManifestException(source + ": want a v1 Pod, found apiVersion \"" + apiVersion
                    + "\" kind \"" + kind + "\"");
        }
        Pod pod;
        try {
            pod = Json.convert(tree, Pod.class);
        } catch (JacksonException e) {
            throw new InvalidManifestException(source + ": not a pod: " + e.getOriginalMessage());
        }
        if (pod.getMetadata() == null || pod.getMetadata().getName() == null
                || pod.getMetadata().getName().isEmpty()) {
            throw new InvalidManifestException(source + ": invalid pod: metadata.name: Required value");
        }
        if (pod.getSpec() == null) {
            throw new InvalidManifestException(source + ": invalid pod: spec: Required value");
        }
        return pod;
    }

    // k/k common.go applyDefaults: MD5 over "host:NODE", "file:PATH" and the pod as decoded. Go hashes the object
    // with map keys sorted; the canonical JSON here sorts every object's keys for the same reason.
    private static String hash(Pod pod, String source, String nodeName) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(("host:" + nodeName).getBytes(StandardCharsets.UTF_8));
            md5.update(("file:" + source).getBytes(StandardCharsets.UTF_8));
            md5.update(Json.bytes(sorted(Json.tree(pod))));
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            object.properties().forEach(e -> fields.put(e.getKey(), sorted(e.getValue())));
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            fields.forEach(copy::set);
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            array.forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return node;
    }

    // The checks of k/k validation.ValidatePod a kubelet needs to run a pod: names, and containers with images.
    private static List<String> validate(Pod pod) {
        List<String> errors = new ArrayList<>();
        for (String problem : NameValidation.isDns1123Subdomain(pod.getMetadata().getName())) {
            errors.add("metadata.name: Invalid value: \"" + pod.getMetadata().getName() + "\": " + problem);
        }
        for (String problem : NameValidation.isDns1123Label(pod.getMetadata().getNamespace())) {
            errors.add("metadata.namespace: Invalid value: \"" + pod.getMetadata().getNamespace() + "\": " + problem);
        }
        List<Container> containers = pod.getSpec().getContainers();
        if (containers == null || containers.isEmpty()) {
            errors.add("spec.containers: Required value");
        }
        Set<String> names = new HashSet<>();
        validateContainers(pod.getSpec().getInitContainers(), "spec.initContainers", names, errors);
        validateContainers(containers, "spec.containers", names, errors);
        return errors;
    }

    private static void validateContainers(List<Container> containers, String path, Set<String> names,
            List<String> errors) {
        if (containers == null) {
            return;
        }
        for (int i = 0; i < containers.size(); i++) {
            Container c = containers.get(i);
            String at = path + "[" + i + "]";
            if (c.getName() == null || c.getName().isEmpty()) {
                errors.add(at + ".name: Required value");
            } else if (!names.add(c.getName())) {
                errors.add(at + ".name: Duplicate value: \"" + c.getName() + "\"");
            } else {
                for (String problem : NameValidation.isDns1123Label(c.getName())) {
                    errors.add(at + ".name: Invalid value: \"" + c.getName() + "\": " + problem);
                }
            }
            if (c.getImage() == null || c.getImage().isBlank()) {
                errors.add(at + ".image: Required value");
            }
        }
    }
}
