package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.CrdManifest;

/**
 * x-kubernetes-validations through kubectl (k/k 1.32 apiextensions-apiserver CEL validation rules): a CRD's rule
 * refuses a bad object with the rule's message, its transition rule refuses an update, a rule that does not
 * compile refuses the CRD itself, and after a schema is tightened an old object's now-invalid fields ratchet.
 */
class CustomResourceValidationRulesKubectlTest {
    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension();

    private static final CrdManifest CRD = CrdManifest.of("cel.example.com", "gauges", "Gauge").singular("gauge")
            .schemaVersion("v1", """
                    type: object
                    properties:
                      spec:
                        type: object
                        x-kubernetes-validations:
                        - rule: self.minReplicas <= self.maxReplicas
                          message: minReplicas must not exceed maxReplicas
                        - rule: self.storageClass == oldSelf.storageClass
                          message: storageClass is immutable
                          fieldPath: .storageClass
                        properties:
                          minReplicas: {type: integer}
                          maxReplicas: {type: integer}
                          storageClass: {type: string, maxLength: 63}
                    """);

    private static String gauge(String name, int min, int max, String storageClass) {
        return """
                apiVersion: cel.example.com/v1
                kind: Gauge
                metadata: {name: %s, namespace: default}
                spec: {minReplicas: %d, maxReplicas: %d, storageClass: %s}
                """.formatted(name, min, max, storageClass);
    }

    @Test
    void rulesRefuseBadObjectsAndTransitionRulesRefuseUpdates(Kubectl kubectl) {
        CustomResources.establish(kubectl, CRD);
        CustomResources.applyWhenServed(kubectl, "good.yaml", gauge("good", 1, 3, "fast"));

        KubectlResult inverted = kubectl.run("apply", "-f", kubectl.file("bad.yaml", gauge("bad", 5, 2, "fast")));
        KubectlResult moved = kubectl.run("apply", "-f", kubectl.file("moved.yaml", gauge("good", 1, 4, "slow")));
        KubectlResult scaled = kubectl.run("apply", "-f", kubectl.file("scaled.yaml", gauge("good", 2, 4, "fast")));

        assertThat(inverted.stderr()).contains("The Gauge \"bad\" is invalid: spec: Invalid value: \"object\": "
                + "minReplicas must not exceed maxReplicas");
        assertThat(moved.stderr()).contains("The Gauge \"good\" is invalid: spec.storageClass: Invalid value: "
                + "\"object\": storageClass is immutable");
        assertThat(scaled.succeeded()).as(scaled.toString()).isTrue();
        assertThat(kubectl.run("get", "gauge", "bad").stderr()).contains("NotFound");
        assertThat(kubectl.succeed("get", "gauge", "good", "-o",
                "jsonpath={.spec.minReplicas} {.spec.storageClass}").stdout()).isEqualTo("2 fast");
    }

    @Test
    void aRuleThatDoesNotCompileRefusesTheCrd(Kubectl kubectl) {
        KubectlResult result = kubectl.run("apply", "-f", kubectl.file("broken.yaml", CRD.yaml()
                .replace("gauges", "dials").replace("Gauge", "Dial").replace("gauge", "dial")
                .replace("self.minReplicas <= self.maxReplicas", "self.minimum <= self.maxReplicas")));

        assertThat(result.stderr()).contains("The CustomResourceDefinition \"dials.cel.example.com\" is invalid: "
                + "spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule: Invalid value: "
                // Go's encoding/json escapes < in the rule.
                + "{\"rule\":\"self.minimum \\u003c= self.maxReplicas\",\"message\":\"minReplicas must not exceed "
                + "maxReplicas\"}: compilation failed: ERROR: <input>:1:5: undefined field 'minimum'");
        assertThat(kubectl.run("get", "crd", "dials.cel.example.com").stderr()).contains("NotFound");
    }

    private static String meterCrd(int maxLength, String modeRules) {
        return """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: meters.cel.example.com
                spec:
                  group: cel.example.com
                  scope: Namespaced
                  names: {plural: meters, singular: meter, kind: Meter}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec:
                            type: object
                            properties:
                              size: {type: integer}
                              label: {type: string, maxLength: %d}
                              mode: {type: string%s}
                """.formatted(maxLength, modeRules);
    }

    private static String meter(String name, int size, String label) {
        return """
                apiVersion: cel.example.com/v1
                kind: Meter
                metadata: {name: %s, namespace: default}
                spec: {size: %d, label: %s, mode: legacy}
                """.formatted(name, size, label);
    }

    // CRDValidationRatcheting (beta, on by default since 1.30): an update may keep a value the tightened schema
    // refuses, with a warning for a rule it fails; changing that value is refused.
    @Test
    void aTightenedSchemaRatchetsFieldsAnUpdateLeavesAlone(Kubectl kubectl) {
        kubectl.succeed("apply", "-f", kubectl.file("meters.yaml", meterCrd(20, "")));
        kubectl.succeed("wait", "--for=condition=Established", "--timeout=10s", "crd/meters.cel.example.com");
        await().atMost(Duration.ofSeconds(10)).until(() -> kubectl.run("apply", "-f",
                kubectl.file("m.yaml", meter("m", 1, "far-too-long"))).succeeded());

        kubectl.succeed("apply", "-f", kubectl.file("meters.yaml", meterCrd(8,
                ", x-kubernetes-validations: [{rule: \"self != 'legacy'\", message: legacy mode is retired}]")));
        await().atMost(Duration.ofSeconds(10)).until(() -> kubectl.run("create", "--dry-run=server", "-f",
                kubectl.file("probe.yaml", meter("probe", 1, "far-too-long"))).stderr().contains("Too long"));
        KubectlResult resized = kubectl.run("apply", "-f", kubectl.file("m.yaml", meter("m", 2, "far-too-long")));
        KubectlResult relabeled = kubectl.run("apply", "-f", kubectl.file("m.yaml", meter("m", 3, "still-too-long")));

        assertThat(resized.succeeded()).as(resized.toString()).isTrue();
        assertThat(resized.stderr()).contains("Warning: spec.mode: Invalid value: \"string\": legacy mode is retired");
        assertThat(relabeled.stderr()).contains("The Meter \"m\" is invalid: spec.label: Too long: may not be more "
                + "than 8 bytes");
        assertThat(kubectl.succeed("get", "meter", "m", "-o", "jsonpath={.spec.size} {.spec.label}").stdout())
                .isEqualTo("2 far-too-long");
    }
}
