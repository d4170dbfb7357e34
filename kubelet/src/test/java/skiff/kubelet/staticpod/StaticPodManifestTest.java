package skiff.kubelet.staticpod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StaticPodManifestTest {
    private static final String YAML = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              labels:
                app: web
            spec:
              containers:
              - name: app
                image: busybox
                command: ["sh", "-c", "exec sleep 3600"]
            """;
    private static final String JSON = """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "labels": {"app": "web"}},
             "spec": {"containers": [{"name": "app", "image": "busybox",
                                      "command": ["sh", "-c", "exec sleep 3600"]}]}}
            """;

    private static Pod parse(String content, String source, String node) throws InvalidManifestException {
        return StaticPodManifest.parse(content.getBytes(StandardCharsets.UTF_8), source, node);
    }

    @Test
    void theNameGetsTheLowerCaseNodeNameAndTheNamespaceDefaults() throws Exception {
        Pod pod = parse(YAML, "/etc/manifests/web.yaml", "Node-A");

        assertThat(pod.getMetadata().getName()).isEqualTo("web-node-a");
        assertThat(pod.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(pod.getSpec().getNodeName()).isEqualTo("Node-A");
        assertThat(pod.getMetadata().getLabels()).containsEntry("app", "web");
        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    }

    @Test
    void aNamespaceInTheManifestIsKept() throws Exception {
        Pod pod = parse(YAML.replace("  name: web\n", "  name: web\n  namespace: kube-system\n"), "/m/web.yaml", "n1");

        assertThat(pod.getMetadata().getNamespace()).isEqualTo("kube-system");
    }

    @Test
    void theUidIsAnMd5HashAlsoInTheHashAnnotationAndTheSourceIsFile() throws Exception {
        Pod pod = parse(YAML, "/m/web.yaml", "n1");

        assertThat(pod.getMetadata().getUid()).matches("[0-9a-f]{32}");
        assertThat(pod.getMetadata().getAnnotations())
                .containsEntry(ConfigAnnotations.HASH, pod.getMetadata().getUid())
                .containsEntry(ConfigAnnotations.SOURCE, "file");
        assertThat(ConfigAnnotations.isStatic(pod)).isTrue();
        assertThat(ConfigAnnotations.isMirror(pod)).isFalse();
    }

    @Test
    void theHashIsTheSameForTheSameContentInYamlOrJson() throws Exception {
        assertThat(parse(JSON, "/m/web.yaml", "n1").getMetadata().getUid())
                .isEqualTo(parse(YAML, "/m/web.yaml", "n1").getMetadata().getUid());
    }

    @Test
    void theHashChangesWithTheContentThePathAndTheNode() throws Exception {
        String uid = parse(YAML, "/m/web.yaml", "n1").getMetadata().getUid();

        assertThat(parse(YAML.replace("3600", "3601"), "/m/web.yaml", "n1").getMetadata().getUid()).isNotEqualTo(uid);
        assertThat(parse(YAML, "/m/other.yaml", "n1").getMetadata().getUid()).isNotEqualTo(uid);
        assertThat(parse(YAML, "/m/web.yaml", "n2").getMetadata().getUid()).isNotEqualTo(uid);
    }

    @Test
    void theOrderOfMapKeysDoesNotChangeTheHash() throws Exception {
        String one = YAML.replace("    app: web\n", "    app: web\n    tier: front\n");
        String other = YAML.replace("    app: web\n", "    tier: front\n    app: web\n");

        assertThat(parse(one, "/m/web.yaml", "n1").getMetadata().getUid())
                .isEqualTo(parse(other, "/m/web.yaml", "n1").getMetadata().getUid());
    }

    @Test
    void aUidInTheManifestIsKept() throws Exception {
        Pod pod = parse(YAML.replace("  name: web\n", "  name: web\n  uid: my-uid\n"), "/m/web.yaml", "n1");

        assertThat(pod.getMetadata().getUid()).isEqualTo("my-uid");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry(ConfigAnnotations.HASH, "my-uid");
    }

    @Test
    void staticPodsTolerateEveryNoExecuteTaintOnce() throws Exception {
        String tolerating = YAML + """
                  tolerations:
                  - operator: Exists
                    effect: NoExecute
                  - key: special
                    operator: Exists
                """;
        Pod pod = parse(tolerating, "/m/web.yaml", "n1");

        assertThat(pod.getSpec().getTolerations()).extracting(Toleration::getKey, Toleration::getOperator,
                Toleration::getEffect).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("special", "Exists", null),
                        org.assertj.core.groups.Tuple.tuple(null, "Exists", "NoExecute"));
    }

    @Test
    void somethingOtherThanAPodIsRejected() {
        assertThatThrownBy(() -> parse(YAML.replace("kind: Pod", "kind: Service"), "/m/svc.yaml", "n1"))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessage("/m/svc.yaml: want a v1 Pod, found apiVersion \"v1\" kind \"Service\"");
    }

    @Test
    void unparsableContentIsRejected() {
        assertThatThrownBy(() -> parse("apiVersion: v1\nkind: Pod\n  metadata: [", "/m/bad.yaml", "n1"))
                .isInstanceOf(InvalidManifestException.class).hasMessageStartingWith("/m/bad.yaml: not YAML or JSON");
        assertThatThrownBy(() -> parse("", "/m/empty.yaml", "n1"))
                .isInstanceOf(InvalidManifestException.class).hasMessage("/m/empty.yaml: not an object");
    }

    @Test
    void aPodWithoutNameOrContainersOrImagesIsRejected() {
        assertThatThrownBy(() -> parse(YAML.replace("  name: web\n", ""), "/m/a.yaml", "n1"))
                .hasMessage("/m/a.yaml: invalid pod: metadata.name: Required value");
        assertThatThrownBy(() -> parse(YAML.replace("    image: busybox\n", ""), "/m/a.yaml", "n1"))
                .hasMessage("/m/a.yaml: invalid pod: spec.containers[0].image: Required value");
        assertThatThrownBy(() -> parse("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: []}\n",
                "/m/a.yaml", "n1")).hasMessage("/m/a.yaml: invalid pod: spec.containers: Required value");
    }

    @Test
    void aNameThatIsNotADnsSubdomainIsRejected() {
        assertThatThrownBy(() -> parse(YAML.replace("name: web", "name: Web_1"), "/m/a.yaml", "n1"))
                .hasMessageStartingWith("/m/a.yaml: invalid pod: metadata.name: Invalid value: \"Web_1-n1\": ");
    }
}
