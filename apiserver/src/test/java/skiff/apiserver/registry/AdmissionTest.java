package skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static skiff.apiserver.registry.TestCluster.json;

import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import skiff.apiserver.admission.NamespaceLookup;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every write to the registries goes through the admission chain: NamespaceLifecycle, ServiceAccount and
 * DefaultTolerationSeconds.
 */
class AdmissionTest {
    private final TestCluster cluster = new TestCluster();
    private final ResourceStorage configMaps = cluster.storage("", "configmaps");
    private final ResourceStorage pods = cluster.storage("", "pods");

    @AfterEach
    void close() {
        cluster.close();
    }

    private static ObjectNode pod(String name) {
        return json("""
                {"metadata": {"name": "%s"}, "spec": {"containers": [{"name": "app", "image": "nginx"}]}}"""
                .formatted(name));
    }

    @Test
    void aMissingNamespaceIsReportedBeforeTheObjectIsValidated() {
        ObjectNode invalid = json("{\"metadata\": {\"name\": \"settings\", \"labels\": {\"tier\": \"-front\"}}}");

        assertThatThrownBy(() -> configMaps.create("nowhere", invalid, WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(404);
                    assertThat(e.getMessage()).isEqualTo("namespaces \"nowhere\" not found");
                });
    }

    @Test
    void aTerminatingNamespaceRefusesNewContentWithTheNamespaceTerminatingCause() {
        cluster.registries.namespaces().create(null, json("{\"metadata\": {\"name\": \"doomed\"}}"),
                WriteOptions.DEFAULT);
        ResourceStorage namespaces = cluster.registries.namespaces();
        cluster.registries.delete(namespaces.definition(), null, "doomed", DeleteOptions.DEFAULT);

        assertThatThrownBy(() -> configMaps.create("doomed", json("{\"metadata\": {\"name\": \"settings\"}}"),
                WriteOptions.DEFAULT)).isInstanceOfSatisfying(StatusException.class, e -> {
                    JsonNode status = e.status();
                    assertThat(status.path("code").asInt()).isEqualTo(403);
                    assertThat(status.path("message").asString()).isEqualTo("configmaps \"settings\" is forbidden: "
                            + "unable to create new content in namespace doomed because it is being terminated");
                    JsonNode cause = status.path("details").path("causes").path(0);
                    assertThat(cause.path("reason").asString()).isEqualTo("NamespaceTerminating");
                    assertThat(cause.path("message").asString()).isEqualTo("namespace doomed is being terminated");
                    assertThat(cause.path("field").asString()).isEqualTo("metadata.namespace");
                });
    }

    @Test
    void aRefusedGeneratedNameIsReportedByItsPrefixAsNoNameWasGeneratedYet() {
        cluster.registries.namespaces().create(null, json("{\"metadata\": {\"name\": \"doomed\"}}"),
                WriteOptions.DEFAULT);
        cluster.registries.delete(cluster.registries.namespaces().definition(), null, "doomed", DeleteOptions.DEFAULT);

        assertThatThrownBy(() -> configMaps.create("doomed", json("{\"metadata\": {\"generateName\": \"cfg-\"}}"),
                WriteOptions.DEFAULT)).hasMessageStartingWith("configmaps \"cfg-\" is forbidden: ");
    }

    @Test
    void theDefaultNamespaceMayNotBeDeletedEvenDirectlyThroughItsStorage() {
        assertThatThrownBy(() -> cluster.registries.namespaces().delete(null, "default", DeleteOptions.DEFAULT))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(403);
                    assertThat(e.getMessage())
                            .isEqualTo("namespaces \"default\" is forbidden: this namespace may not be deleted");
                });
        assertThat(cluster.registries.state("default", true)).isEqualTo(NamespaceLookup.State.ACTIVE);
    }

    @Test
    void aPodToleratesNotReadyAndUnreachableNodesForFiveMinutes() {
        ObjectNode created = pods.create("default", pod("web"), WriteOptions.DEFAULT);

        assertThat(created.path("spec").path("tolerations").toString()).isEqualTo("""
                [{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute",\
                "tolerationSeconds":300},{"key":"node.kubernetes.io/unreachable","operator":"Exists",\
                "effect":"NoExecute","tolerationSeconds":300}]""");
    }

    @Test
    void aPodThatToleratesEveryTaintGetsNoDefaultTolerations() {
        ObjectNode pod = pod("web");
        pod.withObject("spec").putArray("tolerations").addObject().put("operator", "Exists");

        ObjectNode created = pods.create("default", pod, WriteOptions.DEFAULT);

        assertThat(created.path("spec").path("tolerations").toString()).isEqualTo("[{\"operator\":\"Exists\"}]");
    }

    @Test
    void aPodIsAdmittedInANamespaceAndAsAServiceAccountCreatedJustBefore() {
        cluster.registries.namespaces().create(null, json("{\"metadata\": {\"name\": \"fresh\"}}"),
                WriteOptions.DEFAULT);
        cluster.storage("", "serviceaccounts").create("fresh", json("{\"metadata\": {\"name\": \"builder\"}}"),
                WriteOptions.DEFAULT);
        ObjectNode pod = pod("web");
        pod.withObject("spec").put("serviceAccountName", "builder");

        ObjectNode created = pods.create("fresh", pod, WriteOptions.DEFAULT);

        assertThat(created.path("spec").path("serviceAccountName").asString()).isEqualTo("builder");
    }

    @Test
    void aPodTakesThePriorityOfAPriorityClassCreatedJustBefore() {
        cluster.storage("scheduling.k8s.io", "priorityclasses").create(null,
                json("{\"metadata\": {\"name\": \"urgent\"}, \"value\": 1000}"), WriteOptions.DEFAULT);
        ObjectNode pod = pod("web");
        pod.withObject("spec").put("priorityClassName", "urgent");

        ObjectNode created = pods.create("default", pod, WriteOptions.DEFAULT);

        assertThat(created.path("spec").path("priority").asInt()).isEqualTo(1000);
    }

    @Test
    void aNewPodRunsAsTheDefaultServiceAccount() {
        ObjectNode created = pods.create("default", pod("web"), WriteOptions.DEFAULT);

        assertThat(created.path("spec").path("serviceAccountName").asString()).isEqualTo("default");
        assertThat(created.path("spec").path("serviceAccount").asString()).isEqualTo("default");
    }

    @Test
    void aPodOfAMissingServiceAccountIsRefused() {
        ObjectNode pod = pod("web");
        pod.withObject("spec").put("serviceAccountName", "builder");

        assertThatThrownBy(() -> pods.create("default", pod, WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(403);
                    assertThat(e.getMessage()).isEqualTo("pods \"web\" is forbidden: error looking up service "
                            + "account default/builder: serviceaccount \"builder\" not found");
                });
    }

    @Test
    void aPodMountsItsAccountsTokenCaAndNamespace() {
        ObjectNode pod = pod("web");
        pod.withObject("spec").withArray("initContainers").addObject().put("name", "init").put("image", "busybox");

        ObjectNode created = pods.create("default", pod, WriteOptions.DEFAULT);

        JsonNode volume = created.path("spec").path("volumes").path(0);
        assertThat(volume.path("name").asString()).matches("kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}");
        assertThat(volume.path("projected").toString()).isEqualTo("{\"defaultMode\":420,\"sources\":["
                + "{\"serviceAccountToken\":{\"expirationSeconds\":3607,\"path\":\"token\"}},"
                + "{\"configMap\":{\"name\":\"kube-root-ca.crt\",\"items\":[{\"key\":\"ca.crt\",\"path\":\"ca.crt\"}]}},"
                + "{\"downwardAPI\":{\"items\":[{\"fieldRef\":{\"apiVersion\":\"v1\",\"fieldPath\":"
                + "\"metadata.namespace\"},\"path\":\"namespace\"}]}}]}");
        for (String list : Set.of("containers", "initContainers")) {
            assertThat(created.path("spec").path(list).path(0).path("volumeMounts").toString()).isEqualTo(
                    "[{\"name\":\"" + volume.path("name").asString() + "\",\"readOnly\":true,"
                            + "\"mountPath\":\"/var/run/secrets/kubernetes.io/serviceaccount\"}]");
        }
    }

    @Test
    void automountServiceAccountTokenOfThePodWinsOverTheAccounts() {
        cluster.storage("", "serviceaccounts").create("default", json(
                "{\"metadata\": {\"name\": \"quiet\"}, \"automountServiceAccountToken\": false}"),
                WriteOptions.DEFAULT);
        ObjectNode quiet = pod("quiet");
        quiet.withObject("spec").put("serviceAccountName", "quiet");
        ObjectNode insisting = pod("insisting");
        insisting.withObject("spec").put("serviceAccountName", "quiet").put("automountServiceAccountToken", true);
        ObjectNode optedOut = pod("opted-out");
        optedOut.withObject("spec").put("automountServiceAccountToken", false);

        assertThat(pods.create("default", quiet, WriteOptions.DEFAULT).path("spec").has("volumes")).isFalse();
        assertThat(pods.create("default", insisting, WriteOptions.DEFAULT).path("spec").path("volumes").size())
                .isEqualTo(1);
        assertThat(pods.create("default", optedOut, WriteOptions.DEFAULT).path("spec").has("volumes")).isFalse();
    }

    @Test
    void aMirrorPodIsLeftWithoutServiceAccountLikeTheKubeletWroteIt() {
        ObjectNode pod = pod("static-web");
        pod.withObject("metadata").putObject("annotations").put("kubernetes.io/config.mirror", "abc");
        pod.withObject("spec").put("nodeName", "node-1");

        ObjectNode created = pods.create("default", pod, WriteOptions.DEFAULT);

        assertThat(created.path("spec").has("serviceAccountName")).isFalse();
        assertThat(created.path("spec").has("serviceAccount")).isFalse();
    }

    @Test
    void aDisabledPluginDoesNotRun() {
        try (TestCluster withoutDefaults = new TestCluster(Set.of("DefaultTolerationSeconds", "ServiceAccount"))) {
            ObjectNode created = withoutDefaults.storage("", "pods").create("default", pod("web"),
                    WriteOptions.DEFAULT);

            assertThat(created.path("spec").has("tolerations")).isFalse();
            assertThat(created.path("spec").has("serviceAccountName")).isFalse();
        }
    }
}
