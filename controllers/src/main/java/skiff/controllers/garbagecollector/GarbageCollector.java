package skiff.controllers.garbagecollector;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import skiff.client.events.EventRecorder;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.Controller;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ManagedController;
import skiff.controllers.framework.ResourceDiscovery;
import skiff.controllers.framework.ServedResource;
import skiff.controllers.framework.ServedResources;

/**
 * Deletes objects whose owners are gone and carries out cascading deletion (k/k pkg/controller/garbagecollector;
 * docs concepts/architecture/garbage-collection):
 *
 * <ul>
 *   <li>an object whose every owner reference leads nowhere (no object with that name and uid) is deleted in the
 *       background;</li>
 *   <li>an owner being deleted with the {@code foregroundDeletion} finalizer keeps it until its dependents with
 *       blockOwnerDeletion are gone; dependents that have dependents of their own go in the foreground too;</li>
 *   <li>an owner being deleted with the {@code orphan} finalizer first loses its place in its dependents'
 *       ownerReferences.</li>
 * </ul>
 *
 * It watches every resource that discovery says can be listed, watched and deleted, except Events.
 */
public final class GarbageCollector implements ManagedController {
    public static final String NAME = "garbagecollector";
    static final String COMPONENT = "garbage-collector-controller";
    // k/k pkg/controller/garbagecollector/garbagecollector.go DefaultIgnoredResources: Events in both groups are
    // never collected (they expire on their own and are too many to watch).
    private static final Set<String> IGNORED = Set.of("events", "events.events.k8s.io");
    // k/k cmd/kube-controller-manager: --concurrent-gc-syncs defaults to 20.
    private static final int WORKERS = 20;

    private final EventRecorder events;
    private final Controller<ObjectIdentity> deleter;
    private final Controller<ObjectIdentity> orphaner;

    public GarbageCollector(ControllerContext context) {
        ServedResources served = ResourceDiscovery.discover(context.client());
        List<DependencyGraph.Monitor> monitors = new ArrayList<>();
        for (ServedResource r : served.all()) {
            if (collectable(r)) {
                monitors.add(new DependencyGraph.Monitor(r.apiVersion(), r.kind(),
                        context.informers().forResource(r).addIndexers(DependencyGraph.indexers())));
            }
        }
        DependencyGraph graph = new DependencyGraph(monitors);
        RateLimitingQueue<ObjectIdentity> attemptToDelete = RateLimitingQueue.withDefaultRateLimiter(context.clock());
        RateLimitingQueue<ObjectIdentity> attemptToOrphan = RateLimitingQueue.withDefaultRateLimiter(context.clock());
        for (DependencyGraph.Monitor m : monitors) {
            m.informer().addEventHandler(new GraphChanges(m, graph, attemptToDelete, attemptToOrphan));
        }
        this.events = context.eventRecorder(COMPONENT);
        MetadataClient api = new MetadataClient(context.client(), served);
        OwnerResolver owners = new OwnerResolver(graph, api, new AbsentOwnerCache());
        AttemptToDeleteSync deleteSync = new AttemptToDeleteSync(graph, api, owners, attemptToDelete, events);
        OrphanSync orphanSync = new OrphanSync(graph, api);
        List<DependencyGraph.Monitor> all = graph.monitors();
        this.deleter = context.<ObjectIdentity>controller(NAME + "-delete")
                .queue(attemptToDelete).informers(all.stream().map(DependencyGraph.Monitor::informer).toList())
                .handler(deleteSync::sync).workers(WORKERS).build();
        this.orphaner = context.<ObjectIdentity>controller(NAME + "-orphan")
                .queue(attemptToOrphan).informers(all.stream().map(DependencyGraph.Monitor::informer).toList())
                .handler(orphanSync::sync).workers(WORKERS).build();
    }

    // k/k garbagecollector.go GetDeletableResources: resources that can be listed, watched and deleted.
    private static boolean collectable(ServedResource r) {
        return r.supports("list") && r.supports("watch") && r.supports("delete")
                && !IGNORED.contains(r.qualifiedName());
    }

    @Override
    public void start() {
        deleter.start();
        orphaner.start();
    }

    @Override
    public void close() {
        deleter.close();
        orphaner.close();
        events.close();
    }
}
