package skiff.controllers.garbagecollector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import skiff.client.events.EventRecorder;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.Controller;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ManagedController;
import skiff.controllers.framework.ResourceDiscovery;
import skiff.controllers.framework.ServedResource;
import skiff.controllers.framework.ServedResources;
import skiff.controllers.framework.SyncResult;

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
 * It watches every resource that discovery says can be listed, watched and deleted, except Events, and reads
 * discovery again every 30 seconds for resources added since (custom resources).
 */
public final class GarbageCollector implements ManagedController {
    public static final String NAME = "garbagecollector";
    static final String COMPONENT = "garbage-collector-controller";
    // k/k pkg/controller/garbagecollector/garbagecollector.go DefaultIgnoredResources: Events in both groups are
    // never collected (they expire on their own and are too many to watch).
    private static final Set<String> IGNORED = Set.of("events", "events.events.k8s.io");
    // k/k cmd/kube-controller-manager: --concurrent-gc-syncs defaults to 20.
    private static final int WORKERS = 20;

    // k/k cmd/kube-controller-manager/app/core.go (1.32): the collector re-reads discovery every 30 seconds.
    static final Duration RESYNC = Duration.ofSeconds(30);
    private static final String DISCOVERY = "discovery";

    private final ControllerContext context;
    private final EventRecorder events;
    private final DependencyGraph graph;
    private final MetadataClient api;
    private final RateLimitingQueue<ObjectIdentity> attemptToDelete;
    private final RateLimitingQueue<ObjectIdentity> attemptToOrphan;
    private final Map<ServedResource, DependencyGraph.Monitor> monitored = new ConcurrentHashMap<>();
    private final Controller<ObjectIdentity> deleter;
    private final Controller<ObjectIdentity> orphaner;
    private final Controller<String> resync;

    public GarbageCollector(ControllerContext context) {
        this.context = context;
        ServedResources served = ResourceDiscovery.discover(context.client());
        List<DependencyGraph.Monitor> monitors = new ArrayList<>();
        for (ServedResource r : served.all()) {
            if (collectable(r)) {
                DependencyGraph.Monitor m = monitor(r);
                monitors.add(m);
                monitored.put(r, m);
            }
        }
        this.graph = new DependencyGraph(monitors);
        this.attemptToDelete = context.queue("garbage_collector_attempt_to_delete");
        this.attemptToOrphan = context.queue("garbage_collector_attempt_to_orphan");
        for (DependencyGraph.Monitor m : monitors) {
            m.informer().addEventHandler(new GraphChanges(m, graph, attemptToDelete, attemptToOrphan));
        }
        this.events = context.eventRecorder(COMPONENT);
        this.api = new MetadataClient(context.client(), served);
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
        RateLimitingQueue<String> discovery = context.queue("garbage_collector_resource_discovery");
        this.resync = context.<String>controller(NAME + "-discovery").queue(discovery).informers(List.of())
                .handler(key -> resync()).workers(1).build();
        discovery.addAfter(DISCOVERY, RESYNC);
    }

    private DependencyGraph.Monitor monitor(ServedResource r) {
        return new DependencyGraph.Monitor(r.apiVersion(), r.kind(),
                context.informers().forResource(r).addIndexers(DependencyGraph.indexers()));
    }

    // k/k garbagecollector.go Sync: resources discovery serves now (custom resources among them) are monitored,
    // those it no longer serves are forgotten.
    private SyncResult resync() {
        ServedResources served = ResourceDiscovery.discover(context.client());
        api.serve(served);
        Set<ServedResource> collectable = new HashSet<>();
        for (ServedResource r : served.all()) {
            if (!collectable(r)) {
                continue;
            }
            collectable.add(r);
            if (!monitored.containsKey(r)) {
                DependencyGraph.Monitor m = monitor(r);
                m.informer().addEventHandler(new GraphChanges(m, graph, attemptToDelete, attemptToOrphan));
                monitored.put(r, m);
                graph.add(m);
                m.informer().start();
            }
        }
        for (ServedResource r : List.copyOf(monitored.keySet())) {
            if (!collectable.contains(r)) {
                graph.remove(monitored.remove(r));
                context.informers().release(r);
            }
        }
        return SyncResult.requeueAfter(RESYNC);
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
        resync.start();
    }

    @Override
    public void close() {
        resync.close();
        deleter.close();
        orphaner.close();
        events.close();
    }
}
