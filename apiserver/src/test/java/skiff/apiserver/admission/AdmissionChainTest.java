package skiff.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import skiff.apiserver.resource.BuiltinResources;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;

class AdmissionChainTest {
    private static final ResourceDefinition CONFIG_MAPS =
            BuiltinResources.catalog().find("", "v1", "configmaps").orElseThrow();

    private final List<String> calls = new ArrayList<>();

    private static AdmissionRequest request(Operation operation) {
        return new AdmissionRequest(operation, CONFIG_MAPS, "", "default", "settings", Json.object(), null, false);
    }

    private MutatingAdmission mutating(String name, Set<Operation> operations) {
        return new MutatingAdmission() {
            public String name() {
                return name;
            }

            public Set<Operation> operations() {
                return operations;
            }

            public void admit(AdmissionRequest request) {
                calls.add("admit " + name);
            }
        };
    }

    private ValidatingAdmission validating(String name, RuntimeException refusal) {
        return new ValidatingAdmission() {
            public String name() {
                return name;
            }

            public Set<Operation> operations() {
                return Set.of(Operation.CREATE);
            }

            public void validate(AdmissionRequest request) {
                calls.add("validate " + name);
                if (refusal != null) {
                    throw refusal;
                }
            }
        };
    }

    @Test
    void eachPhaseRunsItsPluginsInTheChainsOrder() {
        AdmissionChain chain = new AdmissionChain(List.of(validating("A", null), mutating("B", Set.of(Operation.CREATE)),
                validating("C", null), mutating("D", Set.of(Operation.CREATE))));

        chain.admit(request(Operation.CREATE));
        chain.validate(request(Operation.CREATE));

        assertThat(calls).containsExactly("admit B", "admit D", "validate A", "validate C");
        assertThat(chain.names()).containsExactly("A", "B", "C", "D");
    }

    @Test
    void aPluginOnlySeesTheOperationsItHandles() {
        AdmissionChain chain = new AdmissionChain(List.of(mutating("creates", Set.of(Operation.CREATE)),
                mutating("deletes", Set.of(Operation.DELETE))));

        chain.admit(request(Operation.DELETE));

        assertThat(calls).containsExactly("admit deletes");
    }

    @Test
    void theFirstRefusalEndsThePhase() {
        StatusException refusal = StatusException.forbidden(CONFIG_MAPS, "settings", "no");
        AdmissionChain chain = new AdmissionChain(List.of(validating("A", refusal), validating("B", null)));

        assertThatThrownBy(() -> chain.validate(request(Operation.CREATE))).isSameAs(refusal);
        assertThat(calls).containsExactly("validate A");
    }

    @Test
    void pluginsAreChainedInKubernetesOrderAndCanBeDisabledByName() {
        NamespaceLookup namespaces = (namespace, live) -> NamespaceLookup.State.ACTIVE;

        assertThat(AdmissionPlugins.chain(Set.of(), namespaces).names())
                .containsExactly("NamespaceLifecycle", "ServiceAccount", "NodeRestriction", "Priority",
                        "DefaultTolerationSeconds", "DefaultStorageClass", "StorageObjectInUseProtection",
                        "PersistentVolumeClaimResize", "MutatingAdmissionWebhook", "ValidatingAdmissionPolicy", "ValidatingAdmissionWebhook");
        assertThat(AdmissionPlugins.chain(Set.of("ServiceAccount"), namespaces).names())
                .containsExactly("NamespaceLifecycle", "NodeRestriction", "Priority", "DefaultTolerationSeconds",
                        "DefaultStorageClass", "StorageObjectInUseProtection", "PersistentVolumeClaimResize",
                        "MutatingAdmissionWebhook", "ValidatingAdmissionPolicy", "ValidatingAdmissionWebhook");
        assertThatThrownBy(() -> AdmissionPlugins.chain(Set.of("AlwaysDeny"), namespaces))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown admission plugin: AlwaysDeny");
    }
}
