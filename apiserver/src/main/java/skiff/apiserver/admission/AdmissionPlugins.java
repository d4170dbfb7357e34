package skiff.apiserver.admission;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import skiff.api.time.Clock;
import skiff.apiserver.admission.policy.PolicySource;
import skiff.apiserver.admission.policy.ValidatingAdmissionPolicies;
import skiff.apiserver.admission.webhook.MutatingWebhooks;
import skiff.apiserver.admission.webhook.ValidatingWebhooks;
import skiff.apiserver.admission.webhook.WebhookSource;

/**
 * The admission plugins Skiff has, in the order Kubernetes runs them (k/k pkg/kubeapiserver/options/plugins.go
 * AllOrderedPlugins, 1.32), all of them on by default there; {@code --disable-admission-plugins} turns some off.
 */
public final class AdmissionPlugins {
    private record Lookups(NamespaceLookup namespaces, PriorityClassLookup priorityClasses,
            ServiceAccountLookup serviceAccounts, NodeObjectLookup nodeObjects, Clock clock,
            StorageClassLookup storageClasses, WebhookSource webhooks, PolicySource policies) {}

    private record Known(String name, Function<Lookups, AdmissionPlugin> factory) {}

    private static final List<Known> ORDERED = List.of(
            new Known(NamespaceLifecycle.NAME, l -> new NamespaceLifecycle(l.namespaces(), l.clock())),
            new Known(ServiceAccount.NAME, l -> new ServiceAccount(l.serviceAccounts(), l.clock())),
            new Known(NodeRestriction.NAME, l -> new NodeRestriction(l.nodeObjects())),
            new Known(Priority.NAME, l -> new Priority(l.priorityClasses())),
            new Known(DefaultTolerationSeconds.NAME, l -> new DefaultTolerationSeconds()),
            new Known(DefaultStorageClass.NAME, l -> new DefaultStorageClass(l.storageClasses())),
            new Known(StorageObjectInUseProtection.NAME, l -> new StorageObjectInUseProtection()),
            new Known(PersistentVolumeClaimResize.NAME, l -> new PersistentVolumeClaimResize(l.storageClasses())),
            new Known(MutatingWebhooks.NAME, l -> new MutatingWebhooks(l.webhooks())),
            new Known(ValidatingAdmissionPolicies.NAME, l -> new ValidatingAdmissionPolicies(l.policies())),
            new Known(ValidatingWebhooks.NAME, l -> new ValidatingWebhooks(l.webhooks())));

    private AdmissionPlugins() {}

    /** The names of every plugin Skiff has, in order. */
    public static List<String> all() {
        return ORDERED.stream().map(Known::name).toList();
    }

    /**
     * The chain of every plugin but the {@code disabled} ones, in order.
     *
     * @throws IllegalArgumentException when a disabled name is no plugin's
     */
    public static AdmissionChain chain(Set<String> disabled, NamespaceLookup namespaces) {
        return chain(disabled, namespaces, PriorityClassLookup.NONE);
    }

    /** The chain whose Priority plugin resolves pods' priorities from {@code priorityClasses}, without accounts. */
    public static AdmissionChain chain(Set<String> disabled, NamespaceLookup namespaces,
            PriorityClassLookup priorityClasses) {
        return chain(disabled, namespaces, priorityClasses, ServiceAccountLookup.NONE, Clock.system());
    }

    /** The chain whose ServiceAccount plugin checks pods' accounts in {@code serviceAccounts}, without node objects. */
    public static AdmissionChain chain(Set<String> disabled, NamespaceLookup namespaces,
            PriorityClassLookup priorityClasses, ServiceAccountLookup serviceAccounts, Clock clock) {
        return chain(disabled, namespaces, priorityClasses, serviceAccounts, NodeObjectLookup.NONE, clock);
    }

    /** The chain whose NodeRestriction plugin checks nodes' writes against the pods and nodes in {@code nodeObjects}. */
    public static AdmissionChain chain(Set<String> disabled, NamespaceLookup namespaces,
            PriorityClassLookup priorityClasses, ServiceAccountLookup serviceAccounts, NodeObjectLookup nodeObjects,
            Clock clock) {
        return chain(disabled, namespaces, priorityClasses, serviceAccounts, nodeObjects, clock,
                StorageClassLookup.NONE);
    }

    /** The chain whose storage plugins read the StorageClasses of {@code storageClasses}, without webhooks. */
    public static AdmissionChain chain(Set<String> disabled, NamespaceLookup namespaces,
            PriorityClassLookup priorityClasses, ServiceAccountLookup serviceAccounts, NodeObjectLookup nodeObjects,
            Clock clock, StorageClassLookup storageClasses) {
        return chain(disabled, namespaces, priorityClasses, serviceAccounts, nodeObjects, clock, storageClasses,
                WebhookSource.NONE);
    }

    /** The chain whose webhook plugins call the webhooks {@code webhooks} configure, without admission policies. */
    public static AdmissionChain chain(Set<String> disabled, NamespaceLookup namespaces,
            PriorityClassLookup priorityClasses, ServiceAccountLookup serviceAccounts, NodeObjectLookup nodeObjects,
            Clock clock, StorageClassLookup storageClasses, WebhookSource webhooks) {
        return chain(disabled, namespaces, priorityClasses, serviceAccounts, nodeObjects, clock, storageClasses,
                webhooks, PolicySource.NONE);
    }

    /** The chain whose ValidatingAdmissionPolicy plugin enforces the policies {@code policies} holds. */
    public static AdmissionChain chain(Set<String> disabled, NamespaceLookup namespaces,
            PriorityClassLookup priorityClasses, ServiceAccountLookup serviceAccounts, NodeObjectLookup nodeObjects,
            Clock clock, StorageClassLookup storageClasses, WebhookSource webhooks, PolicySource policies) {
        for (String name : disabled) {
            if (!all().contains(name)) {
                throw new IllegalArgumentException("unknown admission plugin: " + name);
            }
        }
        List<AdmissionPlugin> plugins = new ArrayList<>();
        for (Known known : ORDERED) {
            if (!disabled.contains(known.name())) {
                plugins.add(known.factory().apply(new Lookups(namespaces, priorityClasses, serviceAccounts, nodeObjects, clock,
                        storageClasses, webhooks, policies)));
            }
        }
        return new AdmissionChain(plugins);
    }
}
