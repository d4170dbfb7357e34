package skiff.store.etcd;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test classes one etcd for the whole test run (started on first use, stopped and deleted when the run
 * ends), as a parameter of type {@link EtcdServer}. Without /usr/bin/etcd the tests are skipped, except in CI
 * (CI=true), which installs etcd-server and must run them.
 */
public final class EtcdExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EtcdExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!EtcdServer.installed()) {
            String message = EtcdServer.BINARY + " is missing: install etcd-server to run the etcd store's tests";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message);
            }
            Assumptions.abort(message);
        }
        server(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EtcdServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    private static EtcdServer server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(EtcdServer.class, k -> new Running(EtcdServer.start()), Running.class).server();
    }

    private record Running(EtcdServer server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            server.close();
        }
    }
}
