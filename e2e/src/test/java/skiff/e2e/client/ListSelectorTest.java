package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;

/** Lists filtered by label selectors (equality and set-based) and by field selectors. */
class ListSelectorTest {
    // No scheduler: the pod without a node must stay unassigned.
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().disableControllers("scheduler").build();

    private static final String SUITE = "suite";

    private static KubernetesClient client;
    private static String namespace;
    private static String otherNamespace;

    @BeforeAll
    static void createObjects() {
        client = skiff.client();
        namespace = FreshNamespace.create(client, "selectors");
        otherNamespace = FreshNamespace.create(client, "selectors-other");
        labelled(namespace, "web-prod", Map.of("app", "web", "env", "prod"));
        labelled(namespace, "web-canary", Map.of("app", "web", "env", "prod", "canary", "true"));
        labelled(namespace, "web-dev", Map.of("app", "web", "env", "dev"));
        labelled(namespace, "db-prod", Map.of("app", "db", "env", "prod"));
        labelled(namespace, "plain", Map.of());
        labelled(otherNamespace, "web-prod", Map.of("app", "web", "env", "prod"));

        client.resource(new PodBuilder(SampleObjects.pod(namespace, "on-a")).editSpec().withNodeName("node-a")
                .endSpec().build()).create();
        client.resource(new PodBuilder(SampleObjects.pod(namespace, "on-b")).editSpec().withNodeName("node-b")
                .endSpec().build()).create();
        client.resource(SampleObjects.pod(namespace, "unscheduled")).create();
        client.pods().inNamespace(namespace).withName("on-b").editStatus(p -> new PodBuilder(p)
                .editStatus().withPhase("Running").endStatus().build());
    }

    // Every object here carries suite=selectors, and queries add it, so that objects other components may put in
    // a namespace (such as kube-root-ca.crt) stay out of the answers.
    private static void labelled(String ns, String name, Map<String, String> labels) {
        client.resource(new ConfigMapBuilder(SampleObjects.configMap(ns, name)).editMetadata().withLabels(labels)
                .addToLabels(SUITE, "selectors").endMetadata().build()).create();
    }

    private static List<String> configMaps(
            UnaryOperator<FilterWatchListDeletable<ConfigMap, ConfigMapList, Resource<ConfigMap>>> filter) {
        return names(filter.apply(client.configMaps().inNamespace(namespace).withLabel(SUITE, "selectors")).list()
                .getItems());
    }

    private static List<String> names(List<? extends HasMetadata> items) {
        return items.stream().map(o -> o.getMetadata().getName()).toList();
    }

    @Test
    void equalityLabelSelectorsMatchAllRequirements() {
        assertThat(configMaps(c -> c.withLabel("app", "web"))).containsExactly("web-canary", "web-dev", "web-prod");
        assertThat(configMaps(c -> c.withLabels(Map.of("app", "web", "env", "prod"))))
                .containsExactly("web-canary", "web-prod");
        assertThat(configMaps(c -> c.withLabel("app", "web").withoutLabel("env", "prod"))).containsExactly("web-dev");
    }

    @Test
    void setBasedLabelSelectorsMatchInNotInAndExistence() {
        assertThat(configMaps(c -> c.withLabelIn("env", "dev", "staging"))).containsExactly("web-dev");
        assertThat(configMaps(c -> c.withLabelNotIn("app", "web"))).containsExactly("db-prod", "plain");
        assertThat(configMaps(c -> c.withLabel("canary"))).containsExactly("web-canary");
        assertThat(configMaps(c -> c.withLabel("app").withoutLabel("canary")))
                .containsExactly("db-prod", "web-dev", "web-prod");
        assertThat(configMaps(c -> c.withLabelSelector("suite,app in (web,db),env notin (dev),!canary")))
                .containsExactly("db-prod", "web-prod");
        assertThat(configMaps(c -> c.withLabelSelector(new LabelSelectorBuilder()
                .withMatchLabels(Map.of("env", "prod", SUITE, "selectors"))
                .withMatchExpressions(new LabelSelectorRequirementBuilder().withKey("app").withOperator("In")
                        .withValues("db").build())
                .build()))).containsExactly("db-prod");
    }

    @Test
    void malformedLabelSelectorIsABadRequest() {
        assertThatThrownBy(() -> configMaps(c -> c.withLabelSelector("app in (web")))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(400));
    }

    @Test
    void metadataFieldSelectorsMatchNameAndNamespace() {
        assertThat(configMaps(c -> c.withField("metadata.name", "web-dev"))).containsExactly("web-dev");
        assertThat(configMaps(c -> c.withoutField("metadata.name", "plain")))
                .containsExactly("db-prod", "web-canary", "web-dev", "web-prod");

        List<ConfigMap> acrossNamespaces = client.configMaps().inAnyNamespace()
                .withField("metadata.namespace", otherNamespace).withLabel(SUITE).list().getItems();
        assertThat(acrossNamespaces).extracting(c -> c.getMetadata().getNamespace() + "/" + c.getMetadata().getName())
                .containsExactly(otherNamespace + "/web-prod");
    }

    @Test
    void podFieldSelectorsMatchNodeNameAndPhase() {
        var pods = client.pods().inNamespace(namespace);
        assertThat(names(pods.withField("spec.nodeName", "node-a").list().getItems())).containsExactly("on-a");
        assertThat(names(pods.withField("spec.nodeName", "").list().getItems())).containsExactly("unscheduled");
        assertThat(names(pods.withoutField("spec.nodeName", "").list().getItems())).containsExactly("on-a", "on-b");
        assertThat(names(pods.withField("status.phase", "Running").list().getItems())).containsExactly("on-b");
        assertThat(names(pods.withField("status.phase", "Pending").withField("spec.nodeName", "node-a").list()
                .getItems())).containsExactly("on-a");
    }

    @Test
    void fieldSelectorOnAnUnsupportedFieldIsABadRequest() {
        assertThatThrownBy(() -> configMaps(c -> c.withField("data.key", "value")))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(e.getStatus().getReason()).isEqualTo("BadRequest");
                    assertThat(e.getStatus().getMessage()).isEqualTo("field label not supported: data.key");
                });
        assertThatThrownBy(() -> client.pods().inNamespace(namespace).withField("spec.containers", "x").list())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(400));
    }

    @Test
    void crossNamespaceListCarriesEachObjectsNamespace() {
        Map<String, List<String>> byNamespace = new TreeMap<>();
        for (ConfigMap c : client.configMaps().inAnyNamespace().withLabels(Map.of("app", "web", SUITE, "selectors"))
                .list().getItems()) {
            byNamespace.computeIfAbsent(c.getMetadata().getNamespace(), k -> new ArrayList<>())
                    .add(c.getMetadata().getName());
        }

        assertThat(byNamespace).containsOnlyKeys(namespace, otherNamespace);
        assertThat(byNamespace.get(namespace)).containsExactly("web-canary", "web-dev", "web-prod");
        assertThat(byNamespace.get(otherNamespace)).containsExactly("web-prod");
        ConfigMapList databases = client.configMaps().inAnyNamespace()
                .list(new ListOptionsBuilder().withLabelSelector("app=db,suite=selectors").build());
        assertThat(names(databases.getItems())).containsExactly("db-prod");
    }
}
