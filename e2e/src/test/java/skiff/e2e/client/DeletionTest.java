package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher.Action;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.e2e.client.RecordingWatcher.Event;
import skiff.testing.SkiffExtension;
import tools.jackson.databind.JsonNode;

/**
 * Deletion (docs "Finalizers" and api-concepts): finalizers hold a deleted object until the last one is removed,
 * preconditions guard a delete, and deletecollection removes what a selector matches.
 */
class DeletionTest {
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory()
            .disableControllers("root-ca-cert-publisher").build();

    private final KubernetesClient client = skiff.client();
    private final RawApi raw = new RawApi(client);
    private final String namespace = FreshNamespace.create(client, "deletion");

    @Test
    void finalizersHoldADeletedObjectUntilTheLastOneIsRemoved() {
        ConfigMap created = client.resource(new ConfigMapBuilder(SampleObjects.configMap(namespace, "held"))
                .editMetadata().withFinalizers(List.of("skiff.test/first", "skiff.test/second")).endMetadata()
                .build()).create();
        Resource<ConfigMap> held = client.configMaps().inNamespace(namespace).withName("held");
        RecordingWatcher<ConfigMap> watcher = new RecordingWatcher<>();
        try (Watch watch = client.configMaps().inNamespace(namespace)
                .withResourceVersion(created.getMetadata().getResourceVersion()).watch(watcher)) {
            held.delete();
            ConfigMap marked = held.get();
            assertThat(marked.getMetadata().getDeletionTimestamp()).isNotNull();
            assertThat(marked.getMetadata().getDeletionGracePeriodSeconds()).isZero();
            assertThat(marked.getMetadata().getFinalizers()).containsExactly("skiff.test/first", "skiff.test/second");

            held.delete();
            assertThat(held.get().getMetadata().getResourceVersion())
                    .isEqualTo(marked.getMetadata().getResourceVersion());

            held.edit(c -> new ConfigMapBuilder(c).editMetadata().withFinalizers(List.of("skiff.test/second"))
                    .endMetadata().build());
            assertThat(held.get()).isNotNull();

            held.edit(c -> new ConfigMapBuilder(c).editMetadata().withFinalizers(List.of()).endMetadata().build());
            assertThat(held.get()).isNull();

            List<Event> events = watcher.awaitEvents(3);
            assertThat(events).extracting(Event::action).containsExactly(Action.MODIFIED, Action.MODIFIED,
                    Action.DELETED);
            assertThat(watcher.objects().getFirst().getMetadata().getDeletionTimestamp()).isNotNull();
        }
    }

    @Test
    void deleteWithAPreconditionThatDoesNotHoldIsAConflict() {
        ConfigMap created = client.resource(SampleObjects.configMap(namespace, "guarded")).create();
        String path = "/api/v1/namespaces/" + namespace + "/configmaps/guarded";
        String uid = created.getMetadata().getUid();
        String rv = created.getMetadata().getResourceVersion();
        client.configMaps().inNamespace(namespace).withName("guarded")
                .edit(c -> new ConfigMapBuilder(c).addToData("touched", "yes").build());

        RawResponse wrongUid = raw.send("DELETE", path, "application/json", deleteOptions("uid", "not-" + uid));
        RawResponse staleVersion = raw.send("DELETE", path, "application/json", deleteOptions("resourceVersion", rv));

        for (RawResponse conflict : List.of(wrongUid, staleVersion)) {
            assertThat(conflict.code()).isEqualTo(409);
            assertThat(conflict.json().path("reason").asString()).isEqualTo("Conflict");
            // k/k apiserver pkg/registry/rest/delete.go BeforeDelete names the kind and both values.
            assertThat(conflict.json().path("message").asString())
                    .startsWith("Operation cannot be fulfilled on ConfigMap \"guarded\": the ")
                    .contains(" in the precondition (");
        }
        assertThatThrownBy(() -> client.configMaps().inNamespace(namespace).withName("guarded")
                .lockResourceVersion(rv).delete())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(client.configMaps().inNamespace(namespace).withName("guarded").get()).isNotNull();

        RawResponse matching = raw.send("DELETE", path, "application/json", deleteOptions("uid", uid));
        assertThat(matching.code()).isEqualTo(200);
        assertThat(client.configMaps().inNamespace(namespace).withName("guarded").get()).isNull();
    }

    @Test
    void deleteCollectionRemovesExactlyWhatTheLabelSelectorMatches() {
        IntStream.range(0, 5).forEach(i -> client.resource(labelled("a-" + i, "a")).create());
        IntStream.range(0, 3).forEach(i -> client.resource(labelled("b-" + i, "b")).create());
        client.resource(labelled("c-0", "c")).create();

        client.configMaps().inNamespace(namespace).withLabel("group", "a").delete();
        assertThat(names(client.configMaps().inNamespace(namespace).withLabel("group").list().getItems()))
                .containsExactly("b-0", "b-1", "b-2", "c-0");

        RawResponse answer = raw.send("DELETE", "/api/v1/namespaces/" + namespace
                + "/configmaps?labelSelector=group%3Db", "application/json", "");
        assertThat(answer.code()).isEqualTo(200);
        assertThat(answer.json().path("kind").asString()).isEqualTo("ConfigMapList");
        assertThat(answer.json().path("items").valueStream().map(i -> i.path("metadata").path("name").asString()))
                .containsExactly("b-0", "b-1", "b-2");
        assertThat(names(client.configMaps().inNamespace(namespace).withLabel("group").list().getItems()))
                .containsExactly("c-0");
    }

    @Test
    void deleteAnswersWithThePodButWithAStatusForAConfigMap() {
        client.resource(SampleObjects.pod(namespace, "gone")).create();
        ConfigMap configMap = client.resource(SampleObjects.configMap(namespace, "gone")).create();

        JsonNode pod = raw.send("DELETE", "/api/v1/namespaces/" + namespace + "/pods/gone", "application/json", "")
                .json();
        JsonNode status = raw.send("DELETE", "/api/v1/namespaces/" + namespace + "/configmaps/gone",
                "application/json", "").json();

        assertThat(pod.path("kind").asString()).isEqualTo("Pod");
        assertThat(pod.path("metadata").path("name").asString()).isEqualTo("gone");
        assertThat(status.path("kind").asString()).isEqualTo("Status");
        assertThat(status.path("status").asString()).isEqualTo("Success");
        assertThat(status.path("details").path("uid").asString()).isEqualTo(configMap.getMetadata().getUid());
        assertThat(status.path("details").path("name").asString()).isEqualTo("gone");
        assertThat(status.path("details").path("kind").asString()).isEqualTo("configmaps");
    }

    private static String deleteOptions(String precondition, String value) {
        return "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"preconditions\":{\"" + precondition + "\":\""
                + value + "\"}}";
    }

    private ConfigMap labelled(String name, String group) {
        return new ConfigMapBuilder(SampleObjects.configMap(namespace, name)).editMetadata()
                .withLabels(Map.of("group", group)).endMetadata().build();
    }

    private static List<String> names(List<ConfigMap> items) {
        return items.stream().map(c -> c.getMetadata().getName()).toList();
    }
}
