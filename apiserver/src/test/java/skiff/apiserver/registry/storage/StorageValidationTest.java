package skiff.apiserver.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.json.Json;
import skiff.api.time.FakeClock;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.node.ObjectNode;

/**
 * k/k pkg/apis/core/validation/validation.go ValidatePersistentVolume(Claim)(Update) and pkg/apis/storage/validation
 * ValidateStorageClass(Update) (1.32), message by message, after the defaults.
 */
class StorageValidationTest {
    private static final String PV = "{'spec':{'capacity':{'storage':'1Gi'},'accessModes':['ReadWriteOnce'],"
            + "'hostPath':{'path':'/srv/a'}}}";
    private static final String PVC = "{'spec':{'accessModes':['ReadWriteOnce'],'resources':{'requests':"
            + "{'storage':'1Gi'}}}}";
    private static final String SC = "{'provisioner':'example.com/fast'}";

    record Case(String name, ResourceStrategy strategy, String old, String object, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case create(String name, ResourceStrategy strategy, String object, String... errors) {
        return new Case(name, strategy, null, object, List.of(errors));
    }

    static Case update(String name, ResourceStrategy strategy, String old, String object, String... errors) {
        return new Case(name, strategy, old, object, List.of(errors));
    }

    static Stream<Case> cases() {
        ResourceStrategy pv = new PersistentVolumeStrategy(new FakeClock(Instant.parse("2026-06-01T12:00:00Z")));
        ResourceStrategy pvc = PersistentVolumeClaimStrategy.INSTANCE;
        ResourceStrategy sc = StorageClassStrategy.INSTANCE;
        return Stream.of(
                create("a hostPath volume", pv, PV),
                create("a volume without source, modes or capacity", pv, "{'spec':{}}",
                        "spec.accessModes: Required value",
                        "spec.capacity: Required value",
                        "spec.capacity: Unsupported value: \"map[]\": supported values: \"storage\"",
                        "spec: Required value: must specify a volume type"),
                create("two sources", pv, "{'spec':{'capacity':{'storage':'1Gi'},'accessModes':['ReadWriteOnce'],"
                        + "'hostPath':{'path':'/a'},'nfs':{'server':'s','path':'/'}}}",
                        "spec.nfs: Forbidden: may not specify more than 1 volume type"),
                create("a local volume without node affinity", pv, "{'spec':{'capacity':{'storage':'1Gi'},"
                        + "'accessModes':['ReadWriteOnce'],'local':{'path':'/mnt/disk'}}}",
                        "spec.nodeAffinity: Required value: Local volume requires node affinity"),
                create("a zero capacity and an unknown reclaim policy", pv, "{'spec':{'capacity':{'storage':'0'},"
                        + "'accessModes':['ReadWriteOnce'],'hostPath':{'path':'/a'},"
                        + "'persistentVolumeReclaimPolicy':'Keep'}}",
                        "spec.capacity[storage]: Invalid value: \"0\": must be greater than zero",
                        "spec.persistentVolumeReclaimPolicy: Unsupported value: \"Keep\": supported values: "
                                + "\"Delete\", \"Recycle\", \"Retain\""),
                update("a volume's source is immutable", pv, PV, PV.replace("/srv/a", "/srv/b"),
                        "spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after "
                                + "creation"),
                create("a claim", pvc, PVC),
                create("a claim without modes or storage", pvc, "{'spec':{}}",
                        "spec.accessModes: Required value: at least 1 access mode is required",
                        "spec.resources[storage]: Required value"),
                create("a claim with a bad mode, volume mode and class", pvc, "{'spec':{'accessModes':"
                        + "['ReadWriteOncePod','ReadWriteAll'],'volumeMode':'Raw','storageClassName':'Fast_1',"
                        + "'resources':{'requests':{'storage':'1Gi'}}}}",
                        "spec.accessModes: Unsupported value: \"ReadWriteAll\": supported values: \"ReadOnlyMany\", "
                                + "\"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"",
                        "spec.storageClassName: Invalid value: \"Fast_1\": a lowercase RFC 1123 subdomain must "
                                + "consist of lower case alphanumeric characters, '-' or '.', and must start and end "
                                + "with an alphanumeric character (e.g. 'example.com', regex used for validation is "
                                + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
                        "spec.volumeMode: Unsupported value: \"Raw\": supported values: \"Block\", \"Filesystem\""),
                update("a claim's modes are immutable", pvc, PVC, PVC.replace("ReadWriteOnce", "ReadWriteMany"),
                        "spec: Forbidden: spec is immutable after creation except resources.requests and "
                                + "volumeAttributesClassName for bound claims"),
                update("the binder sets volumeName once", pvc, PVC, PVC.replace("{'accessModes'",
                        "{'volumeName':'pv-1','accessModes'")),
                update("a claim without class may be given one", pvc, PVC, PVC.replace("{'accessModes'",
                        "{'storageClassName':'local-path','accessModes'")),
                update("a bound claim grows", pvc,
                        PVC.replace("}}}}", "}}},'status':{'phase':'Bound'}}"),
                        PVC.replace("1Gi", "2Gi").replace("}}}}", "}}},'status':{'phase':'Bound'}}")),
                update("no claim shrinks", pvc,
                        PVC.replace("}}}}", "}}},'status':{'phase':'Bound'}}"),
                        PVC.replace("1Gi", "512Mi").replace("}}}}", "}}},'status':{'phase':'Bound'}}"),
                        "spec.resources.requests.storage: Forbidden: field can not be less than previous value"),
                create("a class", sc, SC),
                create("a class without provisioner and with unknown modes", sc, "{'reclaimPolicy':'Recycle',"
                        + "'volumeBindingMode':'Later'}",
                        "provisioner: Required value",
                        "reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\"",
                        "volumeBindingMode: Unsupported value: \"Later\": supported values: \"Immediate\", "
                                + "\"WaitForFirstConsumer\""),
                update("a class's provisioner and binding mode are fixed", sc, SC,
                        "{'provisioner':'example.com/slow','volumeBindingMode':'WaitForFirstConsumer'}",
                        "provisioner: Forbidden: updates to provisioner are forbidden.",
                        "volumeBindingMode: Invalid value: \"WaitForFirstConsumer\": field is immutable"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validatesAsKubernetesDoes(Case c) {
        ObjectNode object = parse(c.object());
        c.strategy().applyDefaults(object);
        List<FieldError> errors;
        if (c.old() == null) {
            errors = c.strategy().validate(object);
        } else {
            ObjectNode old = parse(c.old());
            c.strategy().applyDefaults(old);
            errors = c.strategy().validateUpdate(object, old);
        }

        assertThat(errors.stream().map(FieldError::fullMessage).toList()).containsExactlyElementsOf(c.errors());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaults")
    void defaultsAsKubernetesDoes(String name, ResourceStrategy strategy, String object, String expected) {
        ObjectNode node = parse(object);
        strategy.applyDefaults(node);

        assertThat(node).isEqualTo(parse(expected));
    }

    static Stream<Arguments> defaults() {
        return Stream.of(
                Arguments.of("a volume is Retain and Filesystem, Pending",
                        new PersistentVolumeStrategy(new FakeClock(Instant.parse("2026-06-01T12:00:00Z"))), "{'spec':{}}",
                        "{'spec':{'persistentVolumeReclaimPolicy':'Retain','volumeMode':'Filesystem'},"
                                + "'status':{'phase':'Pending'}}"),
                Arguments.of("a claim is Filesystem, Pending",
                        PersistentVolumeClaimStrategy.INSTANCE, "{'spec':{}}",
                        "{'spec':{'volumeMode':'Filesystem'},'status':{'phase':'Pending'}}"),
                Arguments.of("a class deletes and binds at once",
                        StorageClassStrategy.INSTANCE, "{}",
                        "{'reclaimPolicy':'Delete','volumeBindingMode':'Immediate'}"));
    }

    private static ObjectNode parse(String json) {
        return (ObjectNode) Json.parse(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }
}
