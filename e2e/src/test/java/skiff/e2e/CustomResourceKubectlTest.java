package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.CrdManifest;

/**
 * CustomResourceDefinitions through kubectl, as an operator's install does it: the CRD is applied and Established
 * within a second, its custom kind is created, printed with its printer columns, found by short name and category,
 * patched, scaled through its scale subresource, refused with the schema's messages, pruned and defaulted; deleting
 * the CRD deletes its objects and stops serving the kind (k/k 1.32 apiextensions-apiserver).
 */
class CustomResourceKubectlTest {
    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension();

    private static CrdManifest crd(String group, String plural, String kind, String shortName) {
        return CrdManifest.of(group, plural, kind).singular(kind.toLowerCase()).shortNames(shortName)
                .categories("all").version("v1", """
                        subresources:
                          status: {}
                          scale:
                            specReplicasPath: .spec.replicas
                            statusReplicasPath: .status.replicas
                        additionalPrinterColumns:
                        - {name: Image, type: string, jsonPath: .spec.image}
                        - {name: Replicas, type: integer, jsonPath: .spec.replicas}
                        - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
                        schema:
                          openAPIV3Schema:
                            type: object
                            properties:
                              spec:
                                type: object
                                required: [image]
                                properties:
                                  image: {type: string, minLength: 1}
                                  replicas: {type: integer, minimum: 0, default: 1}
                                  tier: {type: string, enum: [frontend, backend]}
                                  extra:
                                    type: object
                                    x-kubernetes-preserve-unknown-fields: true
                                  ports:
                                    type: array
                                    x-kubernetes-list-type: map
                                    x-kubernetes-list-map-keys: [name]
                                    items:
                                      type: object
                                      required: [name]
                                      properties:
                                        name: {type: string}
                                        port: {type: integer}
                              status:
                                type: object
                                properties:
                                  replicas: {type: integer}
                        """);
    }

    @Test
    void anOperatorsCrdServesItsKindWithColumnsShortNamesPatchAndScale(Kubectl kubectl) {
        CustomResources.establish(kubectl, crd("shop.example.com", "widgets", "Widget", "wdg"));
        kubectl.succeed("create", "namespace", "crs");

        CustomResources.applyWhenServed(kubectl, "w.yaml", """
                apiVersion: shop.example.com/v1
                kind: Widget
                metadata: {name: blue}
                spec:
                  image: nginx:1.27
                  extra: {anything: [1, 2]}
                """, "-n", "crs");

        String table = kubectl.succeed("get", "wdg", "-n", "crs").stdout();
        assertThat(table).containsPattern("NAME\\s+IMAGE\\s+REPLICAS\\s+AGE\\n");
        assertThat(table).containsPattern("blue\\s+nginx:1.27\\s+1\\s+\\S+\\n");
        assertThat(kubectl.succeed("get", "all", "-n", "crs", "-o", "name").stdout())
                .contains("widget.shop.example.com/blue");
        assertThat(kubectl.succeed("get", "widget", "blue", "-n", "crs", "-o",
                "jsonpath={.spec.replicas} {.spec.extra.anything} {.metadata.generation}").stdout())
                .isEqualTo("1 [1,2] 1");

        kubectl.succeed("patch", "widget", "blue", "-n", "crs", "--type=merge", "-p", "{\"spec\":{\"tier\":\"backend\"}}");
        kubectl.succeed("scale", "widget", "blue", "-n", "crs", "--replicas=3");
        assertThat(kubectl.succeed("get", "widget", "blue", "-n", "crs", "-o",
                "jsonpath={.spec.tier} {.spec.replicas} {.metadata.generation}").stdout())
                .isEqualTo("backend 3 3");
    }

    @Test
    void kubectlFrom127To133AppliesServerSideAndFindsTheKindByShortName(Kubectl kubectl) throws Exception {
        CustomResources.establish(kubectl, crd("ver.example.com", "knobs", "Knob", "kn"));
        Path work = Files.createTempDirectory("kubectl-versions");
        for (String version : new String[] {"1.27", "1.30", "1.33"}) {
            Kubectl versioned = Kubectl.version(version, skiff.server().kubeconfig(), work);
            String name = "k" + version.replace(".", "");
            String manifest = versioned.file(name + ".yaml", """
                    apiVersion: ver.example.com/v1
                    kind: Knob
                    metadata: {name: %s, namespace: default}
                    spec: {image: "img-%s"}
                    """.formatted(name, version));
            await().atMost(Duration.ofSeconds(10)).until(() -> versioned.run("apply", "--server-side",
                    "--field-manager=ops", "-f", manifest).succeeded());

            assertThat(versioned.succeed("get", "kn", name, "-o", "jsonpath={.spec.image} {.spec.replicas} "
                    + "{.metadata.managedFields[0].manager} {.metadata.managedFields[0].operation}").stdout())
                    .isEqualTo("img-" + version + " 1 ops Apply");
        }
    }

    @Test
    void serverSideApplyMergesListMapsByTheirKeysFromTheSchema(Kubectl kubectl) {
        CustomResources.establish(kubectl, crd("ssa.example.com", "dials", "Dial", "dl"));
        String first = kubectl.file("first.yaml", """
                apiVersion: ssa.example.com/v1
                kind: Dial
                metadata: {name: d, namespace: default}
                spec:
                  image: x
                  ports: [{name: a, port: 1}]
                """);
        String second = kubectl.file("second.yaml", """
                apiVersion: ssa.example.com/v1
                kind: Dial
                metadata: {name: d, namespace: default}
                spec:
                  ports: [{name: b, port: 2}]
                """);
        await().atMost(Duration.ofSeconds(10)).until(() -> kubectl.run("apply", "--server-side",
                "--field-manager=first", "-f", first).succeeded());

        kubectl.succeed("apply", "--server-side", "--field-manager=second", "-f", second);

        assertThat(kubectl.succeed("get", "dial", "d", "-o", "jsonpath={.spec.ports[*].name}").stdout())
                .isEqualTo("a b");
    }

    @Test
    void badObjectsGetTheSchemasMessagesAndUnknownFieldsAreRefusedUnderStrict(Kubectl kubectl) {
        CustomResources.establish(kubectl, crd("bad.example.com", "gadgets", "Gadget", "gdg"));

        KubectlResult wrongType = kubectl.run("apply", "-f", kubectl.file("g1.yaml", """
                apiVersion: bad.example.com/v1
                kind: Gadget
                metadata: {name: g1, namespace: default}
                spec: {image: x, replicas: "three", tier: middle}
                """));
        KubectlResult unknown = kubectl.run("apply", "-f", kubectl.file("g2.yaml", """
                apiVersion: bad.example.com/v1
                kind: Gadget
                metadata: {name: g2, namespace: default}
                spec: {image: x, colour: red}
                """));
        KubectlResult missing = kubectl.run("create", "--validate=false", "-f", kubectl.file("g3.yaml", """
                apiVersion: bad.example.com/v1
                kind: Gadget
                metadata: {name: g3, namespace: default}
                spec: {replicas: -1}
                """));

        assertThat(wrongType.stderr()).contains("The Gadget \"g1\" is invalid: \n"
                + "* spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"\n"
                + "* spec.tier: Unsupported value: \"middle\": supported values: \"frontend\", \"backend\"\n");
        assertThat(unknown.stderr()).contains("strict decoding error: unknown field \"spec.colour\"");
        assertThat(missing.stderr()).contains("spec.image: Required value").contains("spec.replicas: Invalid value: "
                + "-1: spec.replicas in body should be greater than or equal to 0");
    }

    @Test
    void invalidCrdsAreRefusedWithKubernetesMessages(Kubectl kubectl) {
        KubectlResult misnamed = kubectl.run("apply", "-f", kubectl.file("misnamed.yaml", crd("x.example.com",
                "things", "Thing", "th").yaml().replace("name: things.x.example.com", "name: stuff.x.example.com")));
        KubectlResult untyped = kubectl.run("apply", "-f", kubectl.file("untyped.yaml", crd("y.example.com",
                "things", "Thing", "th").yaml().replace("image: {type: string, minLength: 1}", "image: {minLength: 1}")));

        assertThat(misnamed.stderr()).contains("The CustomResourceDefinition \"stuff.x.example.com\" is invalid: "
                + "metadata.name: Invalid value: \"stuff.x.example.com\": must be "
                + "spec.names.plural+\".\"+spec.group");
        assertThat(untyped.stderr()).contains("spec.versions[0].schema.openAPIV3Schema.properties[spec]"
                + ".properties[image].type: Required value: must not be empty for specified object fields");
    }

    @Test
    void deletingTheCrdDeletesItsObjectsAndStopsServingIt(Kubectl kubectl) {
        CustomResources.establish(kubectl, crd("gone.example.com", "sprockets", "Sprocket", "spr"));
        CustomResources.applyWhenServed(kubectl, "s.yaml", """
                apiVersion: gone.example.com/v1
                kind: Sprocket
                metadata: {name: s1, namespace: default}
                spec: {image: x}
                """);

        kubectl.succeed("delete", "crd", "sprockets.gone.example.com", "--timeout=20s");

        assertThat(kubectl.run("get", "crd", "sprockets.gone.example.com").stderr()).contains("NotFound");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(kubectl.run("get", "--raw", "/apis/gone.example.com/v1").stderr()).contains("NotFound"));
    }

    private static CrdManifest twoVersions(String storage, boolean withV1) {
        CrdManifest crd = CrdManifest.of("multi.example.com", "gizmos", "Gizmo");
        if (withV1) {
            crd = crd.version("v1", true, storage.equals("v1"), """
                    additionalPrinterColumns:
                    - {name: Size, type: integer, jsonPath: .spec.size}
                    """ + CrdManifest.schema("""
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          colour: {type: string}
                          shape: {type: string}
                          size: {type: integer, default: 2}
                    """));
        }
        return crd.version("v1beta1", true, storage.equals("v1beta1"), """
                deprecated: true
                additionalPrinterColumns:
                - {name: Colour, type: string, jsonPath: .spec.colour}
                """ + CrdManifest.schema("""
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      colour: {type: string}
                """)).version("v1alpha1", false, false, CrdManifest.schema("{type: object}"));
    }

    @Test
    void aKindServedAtTwoVersionsIsStoredAtOneAndReadAtEither(Kubectl kubectl) {
        CustomResources.establish(kubectl, twoVersions("v1", true));
        CustomResources.applyWhenServed(kubectl, "g1.yaml", """
                apiVersion: multi.example.com/v1
                kind: Gizmo
                metadata: {name: g1, namespace: default}
                spec: {colour: red, shape: round}
                """);
        KubectlResult atBeta = kubectl.run("create", "-f", kubectl.file("g2.yaml", """
                apiVersion: multi.example.com/v1beta1
                kind: Gizmo
                metadata: {name: g2, namespace: default}
                spec: {colour: blue}
                """));

        assertThat(atBeta.succeeded()).isTrue();
        assertThat(atBeta.stderr()).contains("Warning: multi.example.com/v1beta1 Gizmo is deprecated; use "
                + "multi.example.com/v1 Gizmo");
        KubectlResult read = kubectl.run("get", "gizmos.v1beta1.multi.example.com", "g1", "-o",
                "jsonpath={.apiVersion} {.spec}");
        assertThat(read.stdout()).isEqualTo("multi.example.com/v1beta1 {\"colour\":\"red\"}");
        assertThat(read.stderr()).contains("Warning: multi.example.com/v1beta1 Gizmo is deprecated");
        assertThat(kubectl.succeed("get", "gizmos.v1.multi.example.com", "g2", "-o",
                "jsonpath={.apiVersion} {.spec.colour} {.spec.size}").stdout())
                .isEqualTo("multi.example.com/v1 blue 2");
        assertThat(kubectl.succeed("get", "gizmos.v1beta1.multi.example.com").stdout())
                .containsPattern("NAME\\s+COLOUR\\n").containsPattern("g2\\s+blue\\s");
        assertThat(kubectl.succeed("get", "gizmos.v1.multi.example.com").stdout())
                .containsPattern("NAME\\s+SIZE\\n").containsPattern("g1\\s+2\\s");
        assertThat(kubectl.run("get", "--raw", "/apis/multi.example.com/v1alpha1/namespaces/default/gizmos").stderr())
                .contains("NotFound");
        assertThat(kubectl.succeed("get", "crd", "gizmos.multi.example.com", "-o",
                "jsonpath={.status.storedVersions}").stdout()).isEqualTo("[\"v1\"]");

        kubectl.succeed("apply", "-f", kubectl.file("crd.yaml", twoVersions("v1beta1", true).yaml()));
        KubectlResult orphaning = kubectl.run("apply", "-f", kubectl.file("crd.yaml", twoVersions("v1beta1", false).yaml()));

        assertThat(kubectl.succeed("get", "crd", "gizmos.multi.example.com", "-o",
                "jsonpath={.status.storedVersions}").stdout()).isEqualTo("[\"v1\",\"v1beta1\"]");
        assertThat(orphaning.stderr()).contains("The CustomResourceDefinition \"gizmos.multi.example.com\" is "
                + "invalid: status.storedVersions[0]: Invalid value: \"v1\": must appear in spec.versions");
    }
}
