package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code kubectl get -l} with equality and set-based label selectors, and {@code --field-selector}. */
class SelectorsTest {
    private static final String NS = "zoo";

    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension();

    /** Three pods: web (app=web, tier=front), api (app=api, tier=back), db (app=db, no tier). */
    @BeforeAll
    static void createPods() {
        Kubectl kubectl = skiff.newKubectl();
        kubectl.succeed("create", "namespace", NS);
        kubectl.succeed("create", "-n", NS, "-f", kubectl.file("pods.yaml", pod("web", "{app: web, tier: front}")
                + "---\n" + pod("api", "{app: api, tier: back}") + "---\n" + pod("db", "{app: db}")));
    }

    record Case(String name, String selectorFlag, String selector, String expectedNames) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> selections() {
        return Stream.of(
                new Case("equality", "-l", "app=web", "pod/web\n"),
                new Case("inequality", "-l", "app!=web", "pod/api\npod/db\n"),
                new Case("in", "-l", "app in (web,api)", "pod/api\npod/web\n"),
                new Case("notin", "-l", "app notin (web,api)", "pod/db\n"),
                new Case("key exists", "-l", "tier", "pod/api\npod/web\n"),
                new Case("key does not exist", "-l", "!tier", "pod/db\n"),
                new Case("requirements are ANDed", "-l", "tier,app notin (api)", "pod/web\n"),
                new Case("field metadata.name", "--field-selector", "metadata.name=api", "pod/api\n"),
                new Case("field metadata.name negated", "--field-selector", "metadata.name!=api", "pod/db\npod/web\n"),
                new Case("field status.phase", "--field-selector", "status.phase=Pending", "pod/api\npod/db\npod/web\n"),
                new Case("field requirements are ANDed", "--field-selector", "status.phase=Pending,metadata.name!=db",
                        "pod/api\npod/web\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("selections")
    void aSelectorChoosesExactlyTheMatchingPods(Case c) {
        KubectlResult result = skiff.newKubectl().succeed("get", "pods", "-n", NS, c.selectorFlag(), c.selector(),
                "-o", "name");

        assertThat(result.stdout()).isEqualTo(c.expectedNames());
    }

    @Test
    void aSelectorMatchingNothingSaysNoResourcesFound(Kubectl kubectl) {
        KubectlResult result = kubectl.succeed("get", "pods", "-n", NS, "--field-selector", "status.phase=Running");

        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).isEqualTo("No resources found in zoo namespace.\n");
    }

    @Test
    void labelSelectorsAlsoFilterTables(Kubectl kubectl) {
        KubectlTable table = KubectlTable.parse(kubectl.succeed("get", "pods", "-n", NS, "-l", "tier in (front)")
                .stdout());

        assertThat(table.column("NAME")).containsExactly("web");
    }

    @Test
    void anUnsupportedFieldIsABadRequest(Kubectl kubectl) {
        KubectlResult result = kubectl.run("get", "pods", "-n", NS, "--field-selector", "spec.color=red");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).startsWith("Error from server (BadRequest): ")
                .endsWith("field label not supported: spec.color\n");
    }

    @Test
    void aMalformedLabelSelectorIsABadRequest(Kubectl kubectl) {
        KubectlResult result = kubectl.run("get", "pods", "-n", NS, "-l", "app in (web");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).startsWith("Error from server (BadRequest): ");
        assertThat(result.stdout()).isEmpty();
    }

    private static String pod(String name, String labels) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  labels: %s
                spec:
                  containers:
                  - name: main
                    image: busybox
                """.formatted(name, labels);
    }
}
