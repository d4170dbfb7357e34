package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.api.json.Json;
import skiff.api.time.Clock;
import tools.jackson.databind.JsonNode;

/** {@code kubectl create -f} of the common kinds, then {@code kubectl get} in every output format. */
class CreateAndGetTest {
    /** Matches kubectl's AGE cell for something created moments ago. */
    private static final String JUST_NOW = "\\d{1,2}s";
    private static final String NS = "shop";
    private static final String MANIFESTS = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              labels: {app: web}
            spec:
              containers:
              - name: nginx
                image: nginx:1.27
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              color: blue
              size: large
            ---
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata:
              name: frontend
            spec:
              replicas: 2
              selector:
                matchLabels: {app: frontend}
              template:
                metadata:
                  labels: {app: frontend}
                spec:
                  containers:
                  - name: nginx
                    image: nginx:1.27
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
            spec:
              replicas: 3
              selector:
                matchLabels: {app: api}
              template:
                metadata:
                  labels: {app: api}
                spec:
                  containers:
                  - name: api
                    image: example/api:2
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: api
            spec:
              selector: {app: api}
              ports:
              - port: 80
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: credentials
            data:
              password: c2VjcmV0
            """;

    // What the API server stores and prints, as created: no scheduler, workload controller or kubelet acts on it, and
    // no kube-root-ca.crt joins the namespace's ConfigMaps.
    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension("--no-kubelet",
            "--disable-controllers", "scheduler,replicaset,deployment,root-ca-cert-publisher");

    private static KubectlResult created;

    @BeforeAll
    static void createTheShop() {
        Kubectl kubectl = skiff.newKubectl();
        kubectl.succeed("create", "namespace", NS);
        created = kubectl.run("create", "-n", NS, "-f", kubectl.file("shop.yaml", MANIFESTS));
    }

    @Test
    void createFromAFilePrintsOneLinePerObjectInFileOrder() {
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.stdout()).isEqualTo("""
                pod/web created
                configmap/settings created
                replicaset.apps/frontend created
                deployment.apps/api created
                service/api created
                secret/credentials created
                """);
        assertThat(created.stderr()).isEmpty();
    }

    @Test
    void createSubcommandsMakeEachKindTheyName(Kubectl kubectl) {
        kubectl.succeed("create", "namespace", "made");

        assertThat(kubectl.succeed("create", "configmap", "colors", "-n", "made", "--from-literal=sky=blue").stdout())
                .isEqualTo("configmap/colors created\n");
        assertThat(kubectl.succeed("create", "secret", "generic", "token", "-n", "made", "--from-literal=value=abc")
                .stdout()).isEqualTo("secret/token created\n");
        assertThat(kubectl.succeed("create", "serviceaccount", "robot", "-n", "made").stdout())
                .isEqualTo("serviceaccount/robot created\n");
        assertThat(kubectl.succeed("create", "deployment", "web", "-n", "made", "--image=nginx:1.27",
                "--replicas=2").stdout()).isEqualTo("deployment.apps/web created\n");
        assertThat(kubectl.succeed("create", "service", "clusterip", "web", "-n", "made", "--tcp=80:8080").stdout())
                .isEqualTo("service/web created\n");

        assertThat(json(kubectl.succeed("get", "configmap", "colors", "-n", "made", "-o", "json"))
                .path("data").path("sky").asString()).isEqualTo("blue");
        assertThat(json(kubectl.succeed("get", "secret", "token", "-n", "made", "-o", "json"))
                .path("data").path("value").asString()).isEqualTo("YWJj");
        KubectlTable deployments = KubectlTable.parse(kubectl.succeed("get", "deployments", "-n", "made").stdout());
        assertThat(deployments.rowWhere("NAME", "web").subList(0, 4)).containsExactly("web", "0/2", "0", "0");
        JsonNode port = json(kubectl.succeed("get", "service", "web", "-n", "made", "-o", "json"))
                .path("spec").path("ports").get(0);
        assertThat(port.path("port").asInt()).isEqualTo(80);
        assertThat(port.path("targetPort").asInt()).isEqualTo(8080);
    }

    @Test
    void secretStringDataIsStoredAsBase64Data(Kubectl kubectl) {
        kubectl.succeed("create", "namespace", "vault");
        kubectl.succeed("create", "-n", "vault", "-f", kubectl.file("string-data.yaml", """
                apiVersion: v1
                kind: Secret
                metadata: {name: plain}
                stringData:
                  user: admin
                  password: s3cret
                """));

        JsonNode secret = json(kubectl.succeed("get", "secret", "plain", "-n", "vault", "-o", "json"));

        assertThat(secret.has("stringData")).as("stringData is write-only").isFalse();
        assertThat(secret.path("data").path("user").asString()).isEqualTo("YWRtaW4=");
        assertThat(secret.path("data").path("password").asString()).isEqualTo("czNjcmV0");
    }

    @Test
    void getSecretsPrintsTheDefaultedTypeAndCountsData(Kubectl kubectl) {
        KubectlTable table = KubectlTable.parse(kubectl.succeed("get", "secrets", "-n", NS).stdout());

        assertThat(table.header()).containsExactly("NAME", "TYPE", "DATA", "AGE");
        assertThat(table.rowWhere("NAME", "credentials").subList(0, 3)).containsExactly("credentials", "Opaque", "1");
    }

    @Test
    void getWithOutputNamePrintsKindSlashNameForEveryCreatedObject(Kubectl kubectl) {
        KubectlResult result = kubectl.succeed("get", "-n", NS, "-o", "name",
                "pods,configmaps,replicasets,deployments,services,secrets");

        assertThat(result.stdout()).isEqualTo("""
                pod/web
                configmap/settings
                replicaset.apps/frontend
                deployment.apps/api
                service/api
                secret/credentials
                """);
    }

    @Test
    void getPodsPrintsNameReadyStatusRestartsAndAge(Kubectl kubectl) {
        KubectlTable table = KubectlTable.parse(kubectl.succeed("get", "pods", "-n", NS).stdout());

        assertThat(table.header()).containsExactly("NAME", "READY", "STATUS", "RESTARTS", "AGE");
        assertThat(table.rows()).hasSize(1);
        assertThat(table.rows().getFirst().subList(0, 4)).containsExactly("web", "0/1", "Pending", "0");
        assertThat(table.rows().getFirst().get(4)).matches(JUST_NOW);
    }

    @Test
    void getPodsWideAddsIpNodeNominatedNodeAndReadinessGates(Kubectl kubectl) {
        KubectlTable table = KubectlTable.parse(kubectl.succeed("get", "pods", "-n", NS, "-o", "wide").stdout());

        assertThat(table.header()).containsExactly("NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE",
                "NOMINATED NODE", "READINESS GATES");
        List<String> web = table.rowWhere("NAME", "web");
        assertThat(web.subList(5, 9)).containsExactly("<none>", "<none>", "<none>", "<none>");
    }

    @Test
    void getReplicaSetsPrintsDesiredCurrentAndReady(Kubectl kubectl) {
        KubectlTable table = KubectlTable.parse(kubectl.succeed("get", "rs", "-n", NS).stdout());

        assertThat(table.header()).containsExactly("NAME", "DESIRED", "CURRENT", "READY", "AGE");
        assertThat(table.rowWhere("NAME", "frontend").subList(0, 4)).containsExactly("frontend", "2", "0", "0");
    }

    @Test
    void getDeploymentsPrintsReadyUpToDateAndAvailable(Kubectl kubectl) {
        KubectlTable table = KubectlTable.parse(kubectl.succeed("get", "deploy", "-n", NS).stdout());

        assertThat(table.header()).containsExactly("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE");
        assertThat(table.rowWhere("NAME", "api").subList(0, 4)).containsExactly("api", "0/3", "0", "0");
    }

    @Test
    void getConfigMapsCountsTheirData(Kubectl kubectl) {
        KubectlTable table = KubectlTable.parse(kubectl.succeed("get", "cm", "-n", NS).stdout());

        assertThat(table.header()).containsExactly("NAME", "DATA", "AGE");
        assertThat(table.rowWhere("NAME", "settings").subList(0, 2)).containsExactly("settings", "2");
    }

    @Test
    void getOneObjectByNamePrintsOneRow(Kubectl kubectl) {
        KubectlTable table = KubectlTable.parse(kubectl.succeed("get", "pod", "web", "-n", NS).stdout());

        assertThat(table.column("NAME")).containsExactly("web");
    }

    @Test
    void outputJsonCarriesTheServerSetMetadataAndGenerationOneOnWorkloads(Kubectl kubectl) {
        JsonNode rs = json(kubectl.succeed("get", "rs", "frontend", "-n", NS, "-o", "json"));
        JsonNode pod = json(kubectl.succeed("get", "pod", "web", "-n", NS, "-o", "json"));

        assertThat(rs.path("kind").asString()).isEqualTo("ReplicaSet");
        assertThat(rs.path("apiVersion").asString()).isEqualTo("apps/v1");
        assertServerSetMetadata(rs.path("metadata"));
        assertThat(rs.path("metadata").path("generation").asLong()).isEqualTo(1);
        assertThat(rs.path("spec").path("replicas").asInt()).isEqualTo(2);
        assertServerSetMetadata(pod.path("metadata"));
        assertThat(pod.path("metadata").path("namespace").asString()).isEqualTo(NS);
        assertThat(pod.path("status").path("phase").asString()).isEqualTo("Pending");
    }

    @Test
    void generationIsOneOnEveryNewDeployment(Kubectl kubectl) {
        JsonNode deployment = json(kubectl.succeed("get", "deployment", "api", "-n", NS, "-o", "json"));

        assertServerSetMetadata(deployment.path("metadata"));
        assertThat(deployment.path("metadata").path("generation").asLong()).isEqualTo(1);
    }

    @Test
    void outputYamlShowsTheSameObjectAsJson(Kubectl kubectl) {
        JsonNode fromYaml = Json.parseYaml(
                kubectl.succeed("get", "configmap", "settings", "-n", NS, "-o", "yaml").stdout().getBytes());
        JsonNode fromJson = json(kubectl.succeed("get", "configmap", "settings", "-n", NS, "-o", "json"));

        assertThat(fromYaml).isEqualTo(fromJson);
        assertServerSetMetadata(fromYaml.path("metadata"));
        assertThat(fromYaml.path("data").path("color").asString()).isEqualTo("blue");
    }

    @Test
    void aListInJsonIsAKubernetesListOfFullObjects(Kubectl kubectl) {
        JsonNode list = json(kubectl.succeed("get", "secrets", "-n", NS, "-o", "json"));

        assertThat(list.path("kind").asString()).isEqualTo("List");
        assertThat(list.path("items")).hasSize(1);
        JsonNode secret = list.path("items").get(0);
        assertThat(secret.path("kind").asString()).isEqualTo("Secret");
        assertThat(secret.path("data").path("password").asString()).isEqualTo("c2VjcmV0");
    }

    @Test
    void allNamespacesAddsTheNamespaceColumn(Kubectl kubectl) {
        kubectl.succeed("create", "namespace", "warehouse");
        kubectl.succeed("create", "-n", "warehouse", "-f", kubectl.file("stock.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: stock}
                data: {apples: "3"}
                """));

        KubectlTable table = KubectlTable.parse(kubectl.succeed("get", "configmaps", "-A").stdout());

        assertThat(table.header()).containsExactly("NAMESPACE", "NAME", "DATA", "AGE");
        assertThat(table.rows()).anySatisfy(row -> assertThat(row.subList(0, 3))
                .containsExactly("warehouse", "stock", "1"));
        assertThat(table.rows()).anySatisfy(row -> assertThat(row.subList(0, 3))
                .containsExactly(NS, "settings", "2"));
    }

    @Test
    void gettingAMissingPodFailsWithNotFound(Kubectl kubectl) {
        KubectlResult result = kubectl.run("get", "pod", "nope", "-n", NS);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).isEqualTo("Error from server (NotFound): pods \"nope\" not found\n");
    }

    @Test
    void gettingAMissingReplicaSetNamesTheGroupQualifiedResource(Kubectl kubectl) {
        KubectlResult result = kubectl.run("get", "rs", "nope", "-n", NS);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).isEqualTo("Error from server (NotFound): replicasets.apps \"nope\" not found\n");
    }

    @Test
    void anEmptyNamespaceHasNoResources(Kubectl kubectl) {
        kubectl.succeed("create", "namespace", "empty");

        KubectlResult result = kubectl.succeed("get", "pods", "-n", "empty");

        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).isEqualTo("No resources found in empty namespace.\n");
    }

    private static void assertServerSetMetadata(JsonNode metadata) {
        assertThat(UUID.fromString(metadata.path("uid").asString()).toString())
                .isEqualTo(metadata.path("uid").asString());
        assertThat(metadata.path("resourceVersion").asString()).matches("[1-9][0-9]*");
        String created = metadata.path("creationTimestamp").asString();
        assertThat(created).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(Instant.parse(created)).isBefore(Clock.system().now().plusSeconds(60));
    }

    private static JsonNode json(KubectlResult result) {
        return Json.parse(result.stdout().getBytes());
    }
}
