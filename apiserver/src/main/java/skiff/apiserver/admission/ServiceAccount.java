package skiff.apiserver.admission;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import skiff.api.time.Clock;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs every new pod but a kubelet's mirror pod as a service account, "default" unless it names one, refuses a pod
 * whose account does not exist, and unless the pod or its account opts out mounts the account's token, the cluster
 * CA and the namespace at {@value #MOUNT_PATH} through a projected {@code kube-api-access-XXXXX} volume (k/k
 * plugin/pkg/admission/serviceaccount/admission.go Admit, 1.32).
 */
public final class ServiceAccount implements MutatingAdmission {
    public static final String NAME = "ServiceAccount";
    public static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
    static final String VOLUME_PREFIX = "kube-api-access-";
    // k/k admission.go: the default account may not be created yet; it is looked up again up to 10 times.
    private static final int DEFAULT_ACCOUNT_ATTEMPTS = 10;
    private static final String DEFAULT = "default";
    private static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
    // k/k apimachinery pkg/util/rand String: consonants and digits that spell no words.
    private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    // k/k pkg/serviceaccount: the kubelet-requested token lives 3607 s (an hour plus the warning marker 7 s).
    private static final long TOKEN_EXPIRATION_SECONDS = 3607;

    private final ServiceAccountLookup accounts;
    private final Clock clock;

    public ServiceAccount(ServiceAccountLookup accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Operation> operations() {
        return Set.of(Operation.CREATE);
    }

    @Override
    public void admit(AdmissionRequest request) {
        if (!request.isCore("pods") || !request.mainResource()
                || request.object().path("metadata").path("annotations").has(MIRROR_ANNOTATION)) {
            return;
        }
        ObjectNode spec = request.object().withObject("spec");
        if (spec.path("serviceAccountName").asString("").isEmpty()) {
            // The deprecated serviceAccount field mirrors serviceAccountName on the wire (v1 conversion).
            spec.put("serviceAccountName", DEFAULT);
            spec.put("serviceAccount", DEFAULT);
        }
        String accountName = spec.path("serviceAccountName").asString();
        ObjectNode account = find(request.namespace(), accountName).orElseThrow(() -> AdmissionErrors.forbidden(
                request, "error looking up service account " + request.namespace() + "/" + accountName
                        + ": serviceaccount \"" + accountName + "\" not found", List.of()));
        if (automount(spec, account)) {
            mountToken(spec);
        }
    }

    private Optional<ObjectNode> find(String namespace, String name) {
        int attempts = name.equals(DEFAULT) ? DEFAULT_ACCOUNT_ATTEMPTS : 1;
        Duration interval = Duration.ofMillis(100 + ThreadLocalRandom.current().nextInt(100));
        for (int i = 0; i < attempts; i++) {
            if (i > 0) {
                try {
                    clock.sleep(interval);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw StatusException.internal("interrupted while looking up service account " + name);
                }
            }
            Optional<ObjectNode> account = accounts.serviceAccount(namespace, name);
            if (account.isPresent()) {
                return account;
            }
        }
        return Optional.empty();
    }

    // k/k admission.go shouldAutomount: the pod's setting wins over the account's; both unset means mount.
    private static boolean automount(ObjectNode spec, ObjectNode account) {
        JsonNode pod = spec.path("automountServiceAccountToken");
        if (pod.isBoolean()) {
            return pod.asBoolean();
        }
        JsonNode sa = account.path("automountServiceAccountToken");
        return !sa.isBoolean() || sa.asBoolean();
    }

    // k/k admission.go mountServiceAccountToken and TokenVolumeSource: one projected volume, mounted read-only in
    // every container and init container that has nothing at the mount path yet.
    private static void mountToken(ObjectNode spec) {
        String volumeName = null;
        for (JsonNode v : spec.path("volumes")) {
            if (v.path("name").asString("").startsWith(VOLUME_PREFIX) && v.has("projected")) {
                volumeName = v.path("name").asString();
            }
        }
        if (volumeName == null) {
            volumeName = VOLUME_PREFIX + suffix();
            spec.withArray("volumes").add(volume(volumeName));
        }
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode c : spec.path(list)) {
                if (c instanceof ObjectNode container && !mountsAtPath(container)) {
                    container.withArray("volumeMounts").addObject().put("name", volumeName).put("readOnly", true)
                            .put("mountPath", MOUNT_PATH);
                }
            }
        }
    }

    private static boolean mountsAtPath(ObjectNode container) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("mountPath").asString("").equals(MOUNT_PATH)) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode volume(String name) {
        ObjectNode volume = skiff.api.json.Json.object();
        volume.put("name", name);
        ObjectNode projected = volume.putObject("projected");
        projected.put("defaultMode", 420);
        ArrayNode sources = projected.putArray("sources");
        sources.addObject().putObject("serviceAccountToken").put("expirationSeconds", TOKEN_EXPIRATION_SECONDS)
                .put("path", "token");
        ObjectNode configMap = sources.addObject().putObject("configMap").put("name", "kube-root-ca.crt");
        configMap.putArray("items").addObject().put("key", "ca.crt").put("path", "ca.crt");
        ObjectNode downward = sources.addObject().putObject("downwardAPI");
        ObjectNode item = downward.putArray("items").addObject();
        item.putObject("fieldRef").put("apiVersion", "v1").put("fieldPath", "metadata.namespace");
        item.put("path", "namespace");
        return volume;
    }

    private static String suffix() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            s.append(SUFFIX_ALPHABET.charAt(ThreadLocalRandom.current().nextInt(SUFFIX_ALPHABET.length())));
        }
        return s.toString();
    }
}
