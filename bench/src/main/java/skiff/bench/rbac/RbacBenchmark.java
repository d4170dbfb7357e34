package skiff.bench.rbac;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import skiff.api.time.Clock;
import skiff.bench.Format;
import skiff.bench.Latencies;
import skiff.bench.ResultTable;
import skiff.bench.Scale;
import skiff.bench.Workspace;
import skiff.server.KubeletOptions;
import skiff.server.SkiffServer;
import skiff.server.StoreKind;

/**
 * The cost of RBAC per request: with 1,000 Roles and 1,000 RoleBindings in the namespace (each binding another user)
 * and 1,000 ClusterRoleBindings, ConfigMap creates and lists as a user whom one of those RoleBindings allows, against
 * the same requests from the admin ({@code system:masters}, which is never looked up), on the same server in the
 * same run, the two taking turns at every level after an untimed warm-up. The user is reached by impersonation from the admin, whose own
 * check is the masters' shortcut, so the difference is the RBAC evaluation of the user.
 */
public final class RbacBenchmark {
    private static final String NAMESPACE = "bench-rbac";
    private static final String USER = "bench-user";

    private final Scale scale;
    private final Clock clock;

    public RbacBenchmark(Workspace ws, Scale scale) {
        this.scale = scale;
        this.clock = ws.clock();
    }

    public void run() throws Exception {
        int objects = scale.count(1_000);
        int creates = scale.count(2_000);
        ResultTable table = new ResultTable("RBAC: ConfigMap creates and lists with " + objects + " Roles, "
                + objects + " RoleBindings and " + objects + " ClusterRoleBindings, as an RBAC-bound user vs as "
                + "system:masters, same server and run (memory store)",
                "caller", "clients", "creates", "creates/s", "p50", "p99", "list p50", "ratio creates/s");
        try (SkiffServer server = SkiffServer.startTemporary(StoreKind.MEMORY, o -> o
                .withKubelet(KubeletOptions.disabled())
                .withDisabledControllers(Set.of("garbagecollector", "replicaset", "deployment", "statefulset",
                        "daemonset", "replicationcontroller", "nodelifecycle", "taint-eviction-controller", "podgc",
                        "scheduler")));
                KubernetesClient admin = server.newClient();
                KubernetesClient user = new KubernetesClientBuilder().withConfig(new ConfigBuilder(
                        server.clientConfig()).withImpersonateUsername(USER).build()).build()) {
            populate(admin, objects);
            // Warm-up, untimed: both callers' paths compiled and connections open.
            creates(admin, "warm-admin", 8, scale.count(500));
            creates(user, "warm-user", 8, scale.count(500));
            int round = 0;
            for (int clients : List.of(1, 8, 32)) {
                Latencies asAdmin = creates(admin, "admin-" + round, clients, creates);
                Latencies asUser = creates(user, "user-" + round, clients, creates);
                Duration adminList = listP50(admin);
                Duration userList = listP50(user);
                table.row("system:masters", Integer.toString(clients), Integer.toString(asAdmin.count()),
                        Format.rate(asAdmin.perSecond()), Format.millis(asAdmin.p50()), Format.millis(asAdmin.p99()),
                        Format.millis(adminList), "1.00");
                table.row(USER + " (RBAC)", Integer.toString(clients), Integer.toString(asUser.count()),
                        Format.rate(asUser.perSecond()), Format.millis(asUser.p50()), Format.millis(asUser.p99()),
                        Format.millis(userList), Format.ratio(asUser.perSecond(), asAdmin.perSecond()));
                round++;
            }
        }
        table.print(System.out);
    }

    private static void populate(KubernetesClient admin, int objects) {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                .build()).create();
        for (int i = 0; i < objects; i++) {
            admin.rbac().roles().inNamespace(NAMESPACE).resource(new RoleBuilder().withNewMetadata()
                    .withName("role-" + i).endMetadata().withRules(new PolicyRuleBuilder().withApiGroups("")
                            .withResources("configmaps").withVerbs("get", "list", "create").build()).build())
                    .create();
            admin.rbac().roleBindings().inNamespace(NAMESPACE).resource(new RoleBindingBuilder().withNewMetadata()
                    .withName("binding-" + i).endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role",
                            "role-" + i).withSubjects(subject(i == objects - 1 ? USER : "user-" + i)).build())
                    .create();
            admin.rbac().clusterRoleBindings().resource(new io.fabric8.kubernetes.api.model.rbac
                    .ClusterRoleBindingBuilder().withNewMetadata().withName("bench-cluster-" + i).endMetadata()
                    .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "view")
                    .withSubjects(subject("cluster-user-" + i)).build()).create();
        }
    }

    private static io.fabric8.kubernetes.api.model.rbac.Subject subject(String user) {
        return new SubjectBuilder().withKind("User").withApiGroup("rbac.authorization.k8s.io").withName(user).build();
    }

    private Latencies creates(KubernetesClient client, String prefix, int clients, int total) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = clock.nanoTime();
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    List<Long> nanos = new ArrayList<>();
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        long t0 = clock.nanoTime();
                        client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
                                .withName(prefix + "-" + i).endMetadata().addToData("k", "v").build()).create();
                        nanos.add(clock.nanoTime() - t0);
                    }
                    return nanos.stream().mapToLong(Long::longValue).toArray();
                }));
            }
            List<long[]> results = new ArrayList<>();
            for (Future<long[]> f : futures) {
                results.add(f.get());
            }
            return Latencies.of(results, Duration.ofNanos(clock.nanoTime() - start), 0);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The median of 10 full lists of the namespace's ConfigMaps, after 2 untimed. */
    private Duration listP50(KubernetesClient client) {
        long[] nanos = new long[10];
        for (int i = -2; i < nanos.length; i++) {
            long t0 = clock.nanoTime();
            client.configMaps().inNamespace(NAMESPACE).list();
            if (i >= 0) {
                nanos[i] = clock.nanoTime() - t0;
            }
        }
        return Latencies.of(nanos, Duration.ZERO, 0).p50();
    }
}
