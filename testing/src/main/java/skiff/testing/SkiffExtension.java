package skiff.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import skiff.server.KubeletOptions;
import skiff.server.SkiffServer;
import skiff.server.StoreKind;

/**
 * Starts a real Skiff server (API server and built-in controllers) for a test class and hands out clients for it:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SkiffExtension skiff = SkiffExtension.builder().build();
 *
 * @Test
 * void createsAConfigMap() {
 *     skiff.client().configMaps().resource(...).create();
 * }
 * }</pre>
 *
 * Test methods may also declare a {@link KubernetesClient}, {@link Config} or {@link SkiffServer} parameter.
 *
 * <p>The server runs a kubelet for this machine (process runtime) unless the builder says {@code withoutKubelet()};
 * pods bound to its node ({@code spec.nodeName = skiff.nodeName()}) run as host processes.
 */
public final class SkiffExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private final StoreKind store;
    private final KubeletOptions kubelet;
    private final Set<String> disabledControllers;
    private SkiffServer server;
    private KubernetesClient client;

    private SkiffExtension(StoreKind store, KubeletOptions kubelet, Set<String> disabledControllers) {
        this.store = store;
        this.kubelet = kubelet;
        this.disabledControllers = Set.copyOf(disabledControllers);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = SkiffServer.startTemporary(store,
                options -> options.withKubelet(kubelet).withDisabledControllers(disabledControllers));
        client = server.newClient();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    public SkiffServer server() {
        return server;
    }

    /** A client shared by the test class, for the admin user, in namespace "default". */
    public KubernetesClient client() {
        return client;
    }

    /** The name of the node the server's kubelet registered. */
    public String nodeName() {
        return kubelet.effectiveNodeName();
    }

    /** A fabric8 client configuration for the admin user. */
    public Config config() {
        return server.clientConfig();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == KubernetesClient.class || type == Config.class || type == SkiffServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        if (type == KubernetesClient.class) {
            return client;
        }
        return type == Config.class ? config() : server;
    }

    /** Chooses how the server is started. */
    public static final class Builder {
        private StoreKind store = StoreKind.EMBEDDED;
        // The process runtime: tests pick runc themselves, with a bridge, cgroup root and state of their own.
        private KubeletOptions kubelet = TestKubelets.process();
        private final Set<String> disabledControllers = new LinkedHashSet<>();

        private Builder() {}

        /** Run no kubelet: pods are stored but never run. */
        public Builder withoutKubelet() {
            kubelet = KubeletOptions.disabled();
            return this;
        }

        /** Register the kubelet's node under this name instead of the host name. */
        public Builder nodeName(String name) {
            kubelet = kubelet.withNodeName(name);
            return this;
        }

        /** Keep state in memory only: fastest, nothing on disk. The default is the durable embedded store. */
        public Builder inMemory() {
            store = StoreKind.MEMORY;
            return this;
        }

        /** Do not run these built-in controllers ("garbagecollector", "serviceaccount", "namespace"). */
        public Builder disableControllers(String... names) {
            disabledControllers.addAll(Set.of(names));
            return this;
        }

        public SkiffExtension build() {
            return new SkiffExtension(store, kubelet, disabledControllers);
        }
    }
}
