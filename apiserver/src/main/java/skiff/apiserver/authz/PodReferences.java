package skiff.apiserver.authz;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The objects a pod names by reference (k/k pkg/api/v1/pod/util.go VisitPodSecretNames and VisitPodConfigmapNames,
 * and plugin/pkg/auth/authorizer/node/graph.go AddPod, 1.32): the secrets and config maps its containers, image pull
 * secrets and volumes use, the claims its volumes mount (an ephemeral volume's claim is named POD-VOLUME) and its
 * service account.
 */
public record PodReferences(Set<String> secrets, Set<String> configMaps, Set<String> claims, String serviceAccount) {
    private static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers", "ephemeralContainers");
    // Volume sources that name a secret through secretRef (util.go VisitPodSecretNames).
    private static final List<String> SECRET_REF_SOURCES =
            List.of("cephfs", "cinder", "flexVolume", "rbd", "scaleIO", "iscsi", "storageos");

    public PodReferences {
        secrets = Set.copyOf(secrets);
        configMaps = Set.copyOf(configMaps);
        claims = Set.copyOf(claims);
    }

    public static PodReferences of(JsonNode pod) {
        JsonNode spec = pod.path("spec");
        Set<String> secrets = new LinkedHashSet<>();
        Set<String> configMaps = new LinkedHashSet<>();
        Set<String> claims = new LinkedHashSet<>();
        for (JsonNode ref : spec.path("imagePullSecrets")) {
            add(secrets, ref.path("name"));
        }
        for (String list : CONTAINER_LISTS) {
            for (JsonNode container : spec.path(list)) {
                for (JsonNode env : container.path("env")) {
                    add(secrets, env.path("valueFrom").path("secretKeyRef").path("name"));
                    add(configMaps, env.path("valueFrom").path("configMapKeyRef").path("name"));
                }
                for (JsonNode from : container.path("envFrom")) {
                    add(secrets, from.path("secretRef").path("name"));
                    add(configMaps, from.path("configMapRef").path("name"));
                }
            }
        }
        String podName = pod.path("metadata").path("name").asString("");
        for (JsonNode volume : spec.path("volumes")) {
            add(secrets, volume.path("secret").path("secretName"));
            add(secrets, volume.path("azureFile").path("secretName"));
            add(secrets, volume.path("csi").path("nodePublishSecretRef").path("name"));
            for (String source : SECRET_REF_SOURCES) {
                add(secrets, volume.path(source).path("secretRef").path("name"));
            }
            add(configMaps, volume.path("configMap").path("name"));
            for (JsonNode source : volume.path("projected").path("sources")) {
                add(secrets, source.path("secret").path("name"));
                add(configMaps, source.path("configMap").path("name"));
            }
            add(claims, volume.path("persistentVolumeClaim").path("claimName"));
            if (volume.has("ephemeral")) {
                claims.add(podName + "-" + volume.path("name").asString(""));
            }
        }
        return new PodReferences(secrets, configMaps, claims, spec.path("serviceAccountName").asString(""));
    }

    private static void add(Set<String> names, JsonNode name) {
        String value = name.asString("");
        if (!value.isEmpty()) {
            names.add(value);
        }
    }
}
