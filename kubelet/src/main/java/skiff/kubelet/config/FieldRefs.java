package skiff.kubelet.config;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Downward API field paths (k/k pkg/fieldpath fieldpath.go ExtractFieldPathAsString; kubelet_pods.go podFieldSelectorRuntimeValue). */
public final class FieldRefs {
    private static final Pattern SUBSCRIPT = Pattern.compile("metadata\\.(labels|annotations)\\['(.*)'\\]");

    private FieldRefs() {}

    public static Optional<String> value(Pod pod, String path, String podIp, String hostIp) {
        Matcher m = SUBSCRIPT.matcher(path);
        if (m.matches()) {
            Map<String, String> map = m.group(1).equals("labels") ? pod.getMetadata().getLabels()
                    : pod.getMetadata().getAnnotations();
            return Optional.of(map == null ? "" : map.getOrDefault(m.group(2), ""));
        }
        return switch (path) {
            case "metadata.name" -> Optional.of(pod.getMetadata().getName());
            case "metadata.namespace" -> Optional.of(pod.getMetadata().getNamespace());
            case "metadata.uid" -> Optional.of(pod.getMetadata().getUid());
            case "metadata.labels" -> Optional.of(lines(pod.getMetadata().getLabels()));
            case "metadata.annotations" -> Optional.of(lines(pod.getMetadata().getAnnotations()));
            case "spec.nodeName" -> Optional.ofNullable(pod.getSpec().getNodeName());
            case "spec.serviceAccountName" -> Optional.ofNullable(pod.getSpec().getServiceAccountName());
            case "status.podIP", "status.podIPs" -> Optional.of(podIp);
            case "status.hostIP", "status.hostIPs" -> Optional.of(hostIp);
            default -> Optional.empty();
        };
    }

    /** A map as the downward API writes it to a file: sorted {@code key="value"} lines. */
    private static String lines(Map<String, String> map) {
        if (map == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        new TreeMap<>(map).forEach((k, v) -> {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(k).append("=\"").append(v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                    .append('"');
        });
        return out.toString();
    }
}
