package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import skiff.testing.SkiffExtension;

/**
 * {@code kubectl explain} of built-in and custom kinds from the oldest and newest installed clients, which read
 * the published OpenAPI v3 documents (and v2 with {@code --output=plaintext-openapiv2}).
 */
class KubectlExplainTest {
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet()
            .disableControllers("scheduler", "deployment", "replicaset").build();

    @TempDir
    static Path work;

    @BeforeAll
    static void installAWidgetDefinition() {
        Kubectl kubectl = new Kubectl(skiff.server().kubeconfig(), work);
        kubectl.succeed("apply", "-f", kubectl.file("crd.yaml", """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: widgets.example.com
                spec:
                  group: example.com
                  scope: Namespaced
                  names: {plural: widgets, singular: widget, kind: Widget}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema:
                        type: object
                        description: A Widget is a thing made to a size.
                        properties:
                          spec:
                            type: object
                            description: What the widget should be.
                            required: [size]
                            properties:
                              size: {type: integer, description: 'How big the widget is, in millimetres.'}
                              parts:
                                type: array
                                description: The widget's parts.
                                items: {type: string}
                """));
        kubectl.succeed("wait", "--for=condition=Established", "crd/widgets.example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void explainsAFieldOfABuiltInKindWithItsTypeAndDescriptions(String version) {
        Kubectl kubectl = Kubectl.version(version, skiff.server().kubeconfig(), work);

        KubectlResult result = kubectl.succeed("explain", "pod.spec.containers");

        assertThat(result.lines()).startsWith("KIND:       Pod", "VERSION:    v1", "", "FIELD: containers <[]Container>");
        assertThat(result.stdout()).contains("""
                DESCRIPTION:
                    List of containers belonging to the pod. Containers cannot currently be
                    added or removed. There must be at least one container in a Pod. Cannot be
                    updated.
                    A single application container that you want to run within a pod.
                """)
                .contains("  image\t<string>\n    Container image name.")
                .contains("  name\t<string> -required-\n")
                .contains("  ports\t<[]ContainerPort>\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void explainsRecursivelyWithNestedTypes(String version) {
        Kubectl kubectl = Kubectl.version(version, skiff.server().kubeconfig(), work);

        KubectlResult result = kubectl.succeed("explain", "--recursive", "deployment.spec");

        assertThat(result.lines()).startsWith("GROUP:      apps", "KIND:       Deployment", "VERSION:    v1", "",
                "FIELD: spec <DeploymentSpec>");
        assertThat(result.stdout()).contains("""
                  selector\t<LabelSelector> -required-
                    matchExpressions\t<[]LabelSelectorRequirement>
                      key\t<string> -required-
                      operator\t<string> -required-
                      values\t<[]string>
                    matchLabels\t<map[string]string>
                  strategy\t<DeploymentStrategy>
                    rollingUpdate\t<RollingUpdateDeployment>
                      maxSurge\t<IntOrString>
                      maxUnavailable\t<IntOrString>
                """)
                .contains("\n  template\t<PodTemplateSpec> -required-\n")
                .contains("\n      containers\t<[]Container> -required-\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void explainsAnAdmissionPolicysSpec(String version) {
        Kubectl kubectl = Kubectl.version(version, skiff.server().kubeconfig(), work);

        KubectlResult result = kubectl.succeed("explain", "validatingadmissionpolicy.spec");

        assertThat(result.lines()).startsWith("GROUP:      admissionregistration.k8s.io",
                "KIND:       ValidatingAdmissionPolicy", "VERSION:    v1", "",
                "FIELD: spec <ValidatingAdmissionPolicySpec>");
        assertThat(result.stdout())
                .contains("  matchConstraints\t<MatchResources>\n    MatchConstraints specifies what resources")
                .contains("  validations\t<[]Validation>\n")
                .contains("  variables\t<[]Variable>\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void explainsACustomKindFromItsSchema(String version) {
        Kubectl kubectl = Kubectl.version(version, skiff.server().kubeconfig(), work);

        KubectlResult kind = kubectl.succeed("explain", "widget");
        KubectlResult spec = kubectl.succeed("explain", "widget.spec");

        assertThat(kind.lines()).startsWith("GROUP:      example.com", "KIND:       Widget", "VERSION:    v1", "",
                "DESCRIPTION:", "    A Widget is a thing made to a size.");
        assertThat(kind.stdout()).contains("  metadata\t<ObjectMeta>\n    Standard object's metadata.")
                .contains("  spec\t<Object>\n    What the widget should be.\n");
        assertThat(spec.stdout()).contains("""
                FIELDS:
                  parts\t<[]string>
                    The widget's parts.

                  size\t<integer> -required-
                    How big the widget is, in millimetres.
                """);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void explainsFromOpenApiV2WhenAskedTo(String version) {
        Kubectl kubectl = Kubectl.version(version, skiff.server().kubeconfig(), work);

        KubectlResult pod = kubectl.succeed("explain", "pod.spec.containers", "--output=plaintext-openapiv2");
        KubectlResult widget = kubectl.succeed("explain", "widget.spec", "--output=plaintext-openapiv2");

        assertThat(pod.lines()).startsWith("KIND:     Pod", "VERSION:  v1", "", "RESOURCE: containers <[]Object>");
        assertThat(pod.stdout()).contains("   image\t<string>\n     Container image name.");
        assertThat(widget.lines()).startsWith("KIND:     Widget", "VERSION:  example.com/v1", "",
                "RESOURCE: spec <Object>");
        assertThat(widget.stdout()).contains("   size\t<integer> -required-\n     How big the widget is, in millimetres.");
    }
}
