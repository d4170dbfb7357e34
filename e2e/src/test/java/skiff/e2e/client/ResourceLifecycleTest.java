package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.e2e.client.Eventually.eventually;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.testing.SkiffExtension;

/** Create, get, list, update and delete of every served kind through fabric8's typed model. */
class ResourceLifecycleTest {
    @RegisterExtension
    // No scheduler: the sample pods must stay as created, unassigned.
    static final SkiffExtension skiff = SkiffExtension.builder()
            // Every served kind, written as a client would: no controller writing the same workloads meanwhile.
            .disableControllers("scheduler", "replicaset", "deployment", "statefulset", "daemonset", "nodeipam",
                    "servicelb", "disruption", "job", "cronjob").build();

    private static KubernetesClient client;
    private static String namespace;

    @BeforeAll
    static void createNamespace() {
        client = skiff.client();
        namespace = FreshNamespace.create(client, "crud");
    }

    static List<ServedKind> kinds() {
        return ServedKind.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void createFillsServerSetMetadata(ServedKind kind) {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        HasMetadata created = client.resource(kind.build(namespace, uniqueName("created"))).create();
        Instant after = Instant.now();

        ObjectMeta meta = created.getMetadata();
        assertThat(UUID.fromString(meta.getUid())).isNotNull();
        assertThat(Instant.parse(meta.getCreationTimestamp())).isBetween(before, after);
        assertThat(Long.parseLong(meta.getResourceVersion())).isPositive();
        assertThat(meta.getNamespace()).isEqualTo(kind.namespaced() ? namespace : null);
        assertThat(meta.getGeneration()).isEqualTo(kind.workload() ? Long.valueOf(1) : null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void generateNameGetsAFiveCharacterSuffix(ServedKind kind) {
        HasMetadata first = client.resource(kind.buildGenerated(namespace, "gen-")).create();
        HasMetadata second = client.resource(kind.buildGenerated(namespace, "gen-")).create();

        assertThat(first.getMetadata().getName()).matches("gen-[a-z0-9]{5}");
        assertThat(first.getMetadata().getGenerateName()).isEqualTo("gen-");
        assertThat(second.getMetadata().getName()).isNotEqualTo(first.getMetadata().getName());
        assertThat(client.resource(first).get().getMetadata().getUid()).isEqualTo(first.getMetadata().getUid());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void getListUpdateAndDeleteSeeTheSameObject(ServedKind kind) {
        HasMetadata created = client.resource(kind.build(namespace, uniqueName("roundtrip"))).create();
        String name = created.getMetadata().getName();

        HasMetadata fetched = client.resource(created).get();
        assertThat(fetched.getMetadata()).isEqualTo(created.getMetadata());
        List<String> listed = list(created).stream().map(o -> o.getMetadata().getName()).toList();
        assertThat(listed).contains(name);

        fetched.getMetadata().setLabels(Map.of("tier", "updated"));
        HasMetadata updated = client.resource(fetched).update();
        assertThat(updated.getMetadata().getLabels()).containsEntry("tier", "updated");
        assertThat(updated.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
        assertThat(updated.getMetadata().getCreationTimestamp())
                .isEqualTo(created.getMetadata().getCreationTimestamp());
        assertThat(Long.parseLong(updated.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));
        assertThat(updated.getMetadata().getGeneration()).isEqualTo(created.getMetadata().getGeneration());
        assertThat(client.resource(created).get().getMetadata().getLabels()).containsEntry("tier", "updated");

        assertThat(client.resource(updated).delete()).hasSize(1);
        // A namespace is emptied first and then removed; every other kind here goes at once.
        eventually().until(() -> client.resource(created).get() == null);
        assertThat(list(created).stream().map(o -> o.getMetadata().getName())).doesNotContain(name);
    }

    @Test
    void secretStringDataIsStoredAsDataAndTypeDefaultsToOpaque() {
        Secret created = client.resource(new SecretBuilder().withMetadata(SampleObjects.meta(namespace, "written"))
                .withData(Map.of("kept", b64("old"), "replaced", b64("old")))
                .withStringData(Map.of("replaced", "new", "added", "plain text")).build()).create();

        Secret stored = client.secrets().inNamespace(namespace).withName("written").get();
        for (Secret s : List.of(created, stored)) {
            assertThat(s.getType()).isEqualTo("Opaque");
            assertThat(s.getStringData()).isNullOrEmpty();
            assertThat(s.getData()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("kept", b64("old"), "replaced", b64("new"), "added", b64("plain text")));
        }

        Secret updated = client.secrets().inNamespace(namespace).withName("written").edit(s -> new SecretBuilder(s)
                .withStringData(Map.of("added", "changed")).build());
        assertThat(updated.getStringData()).isNullOrEmpty();
        assertThat(updated.getData()).containsEntry("added", b64("changed")).containsEntry("kept", b64("old"));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static List<? extends HasMetadata> list(HasMetadata sample) {
        Class<HasMetadata> type = (Class<HasMetadata>) sample.getClass();
        var resources = client.resources(type);
        return sample.getMetadata().getNamespace() == null
                ? resources.list().getItems()
                : resources.inNamespace(sample.getMetadata().getNamespace()).list().getItems();
    }

    private static String uniqueName(String prefix) {
        return prefix + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
    }
}
