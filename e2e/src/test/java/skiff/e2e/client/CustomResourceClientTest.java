package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static skiff.e2e.client.Eventually.eventually;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;

/**
 * A custom kind through the fabric8 client, as an operator author drives it: the CRD is Established with its names
 * accepted, generic resources are created, selected by label, by metadata.name and by a selectable field, their
 * status is written through the status subresource without bumping the generation, and an informer on the kind sees
 * adds, updates and deletes; the garbage collector follows owner references to and from custom objects; and an
 * informer-based operator reconciles a custom kind as operator authors write one.
 */
class CustomResourceClientTest {
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().build();

    private static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup("ops.example.com").withVersion("v1").withPlural("databases").withKind("Database")
            .withNamespaced(true).build();
    private static final ResourceDefinitionContext BACKUPS = new ResourceDefinitionContext.Builder()
            .withGroup("ops.example.com").withVersion("v1").withPlural("backups").withKind("Backup")
            .withNamespaced(true).build();

    @Test
    void genericResourcesOfACustomKindWithStatusAndAnInformer() {
        KubernetesClient client = skiff.client();
        client.apiextensions().v1().customResourceDefinitions().resource(crd(client)).serverSideApply();
        eventually().untilAsserted(() -> {
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                    .withName("databases.ops.example.com").get();
            assertThat(crd.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Established");
                assertThat(c.getStatus()).isEqualTo("True");
            });
            assertThat(crd.getStatus().getAcceptedNames().getKind()).isEqualTo("Database");
            assertThat(crd.getStatus().getStoredVersions()).containsExactly("v1");
        });
        String namespace = FreshNamespace.create(client, "crs");
        List<String> seen = new CopyOnWriteArrayList<>();

        try (SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(CONTEXT)
                .inNamespace(namespace).inform(new Recorder(seen))) {
            GenericKubernetesResource a = client.genericKubernetesResources(CONTEXT).inNamespace(namespace)
                    .resource(database(namespace, "a", "prod")).create();
            client.genericKubernetesResources(CONTEXT).inNamespace(namespace)
                    .resource(database(namespace, "b", "dev")).create();

            assertThat(a.getMetadata().getGeneration()).isEqualTo(1L);
            assertThat(names(client.genericKubernetesResources(CONTEXT).inNamespace(namespace)
                    .withLabel("env", "prod").list().getItems())).containsExactly("a");
            assertThat(names(client.genericKubernetesResources(CONTEXT).inNamespace(namespace)
                    .withField("metadata.name", "b").list().getItems())).containsExactly("b");
            assertThat(names(client.genericKubernetesResources(CONTEXT).inNamespace(namespace)
                    .withField("spec.engine", "mysql").list().getItems())).containsExactly("b");

            a.setAdditionalProperty("status", Map.of("phase", "Ready"));
            GenericKubernetesResource withStatus = client.genericKubernetesResources(CONTEXT)
                    .inNamespace(namespace).resource(a).updateStatus();
            assertThat(withStatus.getAdditionalProperties().get("status")).isEqualTo(Map.of("phase", "Ready"));
            assertThat(withStatus.getMetadata().getGeneration()).isEqualTo(1L);

            client.genericKubernetesResources(CONTEXT).inNamespace(namespace).withName("b").delete();
            eventually().untilAsserted(() -> assertThat(seen).contains("ADDED a", "ADDED b", "UPDATED a",
                    "DELETED b"));
            assertThat(names(informer.getIndexer().list())).containsExactly("a");
        }
        assertThatThrownBy(() -> client.genericKubernetesResources(CONTEXT).inNamespace(namespace)
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("ops.example.com/v1")
                        .withKind("Database").withNewMetadata().withName("c").endMetadata()
                        .addToAdditionalProperties("spec", Map.of("engine", "oracle")).build()).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("spec.engine: Unsupported value: \"oracle\": supported "
                            + "values: \"postgres\", \"mysql\"");
                });
    }

    @Test
    void theGarbageCollectorFollowsOwnerReferencesToAndFromCustomObjects() {
        KubernetesClient client = skiff.client();
        client.apiextensions().v1().customResourceDefinitions().resource(crd(client)).serverSideApply();
        String namespace = FreshNamespace.create(client, "gc");
        GenericKubernetesResource owner = eventually().until(() -> {
            try {
                return client.genericKubernetesResources(CONTEXT).inNamespace(namespace)
                        .resource(database(namespace, "owner", "prod")).create();
            } catch (KubernetesClientException e) {
                return null;
            }
        }, java.util.Objects::nonNull);
        ConfigMap ownedByCustom = client.resource(new ConfigMapBuilder(SampleObjects.configMap(namespace, "owned"))
                .editMetadata().addNewOwnerReference().withApiVersion("ops.example.com/v1").withKind("Database")
                .withName("owner").withUid(owner.getMetadata().getUid()).endOwnerReference().endMetadata().build())
                .create();
        ConfigMap configOwner = client.resource(SampleObjects.configMap(namespace, "config-owner")).create();
        GenericKubernetesResource customOwned = database(namespace, "owned", "dev");
        customOwned.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("v1")
                .withKind("ConfigMap").withName("config-owner").withUid(configOwner.getMetadata().getUid()).build()));
        client.genericKubernetesResources(CONTEXT).inNamespace(namespace).resource(customOwned).create();

        client.genericKubernetesResources(CONTEXT).inNamespace(namespace).withName("owner").delete();
        client.resource(configOwner).delete();

        // kube-controller-manager finds a new kind by discovery within 30 seconds, then collects as for built-ins.
        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(client.configMaps().inNamespace(namespace).withName(ownedByCustom.getMetadata().getName())
                    .get()).isNull();
            assertThat(client.genericKubernetesResources(CONTEXT).inNamespace(namespace).withName("owned").get())
                    .isNull();
        });
    }

    @Test
    void anInformerBasedOperatorReconcilesEachGenerationAndReportsItThroughTheStatusSubresource() {
        KubernetesClient client = skiff.client();
        client.apiextensions().v1().customResourceDefinitions().resource(backupCrd(client)).serverSideApply();
        client.apiextensions().v1().customResourceDefinitions().withName("backups.ops.example.com")
                .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions().stream()
                        .anyMatch(s -> s.getType().equals("Established") && s.getStatus().equals("True")),
                        10, java.util.concurrent.TimeUnit.SECONDS);
        String namespace = FreshNamespace.create(client, "operator");
        var backups = client.genericKubernetesResources(BACKUPS).inNamespace(namespace);

        try (BackupOperator operator = new BackupOperator(client, BACKUPS, namespace)) {
            GenericKubernetesResource nightly = eventually().until(() -> {
                try {
                    return backups.resource(backup(namespace, "nightly", "0 1 * * *")).create();
                } catch (KubernetesClientException e) {
                    return null;
                }
            }, java.util.Objects::nonNull);
            eventually().untilAsserted(() -> {
                assertThat(backups.withName("nightly").get().<Object>get("status"))
                        .isEqualTo(Map.of("observedGeneration", 1, "phase", "Scheduled"));
                ConfigMap schedule = client.configMaps().inNamespace(namespace).withName("nightly-schedule").get();
                assertThat(schedule.getData()).containsEntry("schedule", "0 1 * * *");
                assertThat(schedule.getMetadata().getOwnerReferences()).singleElement()
                        .satisfies(o -> assertThat(o.getUid()).isEqualTo(nightly.getMetadata().getUid()));
            });

            backups.withName("nightly").edit(b -> {
                b.<Map<String, Object>>get("spec").put("schedule", "0 2 * * *");
                return b;
            });

            eventually().untilAsserted(() -> {
                GenericKubernetesResource current = backups.withName("nightly").get();
                assertThat(current.getMetadata().getGeneration()).isEqualTo(2L);
                assertThat(current.<Object>get("status"))
                        .isEqualTo(Map.of("observedGeneration", 2, "phase", "Scheduled"));
                assertThat(client.configMaps().inNamespace(namespace).withName("nightly-schedule").get().getData())
                        .containsEntry("schedule", "0 2 * * *");
            });
        }
    }

    private static List<String> names(List<GenericKubernetesResource> items) {
        return items.stream().map(r -> r.getMetadata().getName()).sorted().toList();
    }

    private static GenericKubernetesResource database(String namespace, String name, String env) {
        return new GenericKubernetesResourceBuilder().withApiVersion("ops.example.com/v1").withKind("Database")
                .withNewMetadata().withName(name).withNamespace(namespace).addToLabels("env", env).endMetadata()
                .addToAdditionalProperties("spec", Map.of("engine", env.equals("prod") ? "postgres" : "mysql"))
                .build();
    }

    private static GenericKubernetesResource backup(String namespace, String name, String schedule) {
        return new GenericKubernetesResourceBuilder().withApiVersion("ops.example.com/v1").withKind("Backup")
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .addToAdditionalProperties("spec", new java.util.HashMap<>(Map.of("schedule", schedule))).build();
    }

    private static CustomResourceDefinition backupCrd(KubernetesClient client) {
        return client.getKubernetesSerialization().unmarshal("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: backups.ops.example.com}
                spec:
                  group: ops.example.com
                  scope: Namespaced
                  names: {plural: backups, kind: Backup}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    subresources: {status: {}}
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec:
                            type: object
                            required: [schedule]
                            properties:
                              schedule: {type: string}
                          status:
                            type: object
                            properties:
                              observedGeneration: {type: integer, format: int64}
                              phase: {type: string}
                """, CustomResourceDefinition.class);
    }

    private static CustomResourceDefinition crd(KubernetesClient client) {
        return client.getKubernetesSerialization().unmarshal("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: databases.ops.example.com}
                spec:
                  group: ops.example.com
                  scope: Namespaced
                  names: {plural: databases, kind: Database}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    subresources: {status: {}}
                    selectableFields: [{jsonPath: .spec.engine}]
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec:
                            type: object
                            properties:
                              engine: {type: string, enum: [postgres, mysql]}
                          status: {type: object, x-kubernetes-preserve-unknown-fields: true}
                """, CustomResourceDefinition.class);
    }

    private record Recorder(List<String> seen) implements ResourceEventHandler<GenericKubernetesResource> {
        @Override
        public void onAdd(GenericKubernetesResource r) {
            seen.add("ADDED " + r.getMetadata().getName());
        }

        @Override
        public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource r) {
            seen.add("UPDATED " + r.getMetadata().getName());
        }

        @Override
        public void onDelete(GenericKubernetesResource r, boolean unknown) {
            seen.add("DELETED " + r.getMetadata().getName());
        }
    }
}
