package skiff.controllers.nodeipam;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.json.Json;
import skiff.client.events.EventRecorder;
import skiff.controllers.framework.SyncResult;
import tools.jackson.databind.node.ObjectNode;

/**
 * One node's pod CIDR (k/k 1.32 pkg/controller/nodeipam/ipam/range_allocator.go AllocateOrOccupyCIDR): a node
 * that has one keeps it, marked as taken; a node without gets the next free subnet of the cluster CIDR, written to
 * {@code spec.podCIDR} and {@code spec.podCIDRs}. Before the first allocation every cached node's CIDR is marked
 * taken, so allocations survive a restart as the k/k allocator rebuilds them from the node list.
 */
final class NodeIpamSync {
    private static final Logger LOG = LoggerFactory.getLogger(NodeIpamSync.class);

    private final Indexer<Node> nodes;
    private final KubernetesClient client;
    private final EventRecorder events;
    private final CidrSet cidrs;
    private boolean rebuilt;

    NodeIpamSync(Indexer<Node> nodes, KubernetesClient client, EventRecorder events, CidrSet cidrs) {
        this.nodes = nodes;
        this.client = client;
        this.events = events;
        this.cidrs = cidrs;
    }

    synchronized SyncResult sync(String name) {
        if (!rebuilt) {
            nodes.list().forEach(this::occupy);
            rebuilt = true;
        }
        Node cached = nodes.getByKey(name);
        if (cached == null) {
            return SyncResult.done();
        }
        if (!podCidrs(cached).isEmpty()) {
            occupy(cached);
            return SyncResult.done();
        }
        Node node;
        try {
            node = client.nodes().withName(name).get();
        } catch (KubernetesClientException e) {
            return SyncResult.retry("cannot read node " + name + ": " + e.getMessage());
        }
        if (node == null) {
            return SyncResult.done();
        }
        if (!podCidrs(node).isEmpty()) {
            occupy(node);
            return SyncResult.done();
        }
        Optional<Ipv4Cidr> next = cidrs.allocateNext();
        if (next.isEmpty()) {
            statusChange(node, "CIDRNotAvailable");
            return SyncResult.retry("failed to allocate cidr from cluster cidr: CIDR allocation failed; there are no"
                    + " remaining CIDRs left to allocate in the accepted range");
        }
        String cidr = next.get().toString();
        ObjectNode patch = Json.object();
        patch.putObject("metadata").put("resourceVersion", node.getMetadata().getResourceVersion());
        ObjectNode spec = patch.putObject("spec");
        spec.put("podCIDR", cidr);
        spec.putArray("podCIDRs").add(cidr);
        try {
            client.nodes().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), Json.string(patch));
            LOG.info("node {} got pod CIDR {}", name, cidr);
            return SyncResult.done();
        } catch (KubernetesClientException e) {
            cidrs.release(next.get());
            if (e.getCode() == 404) {
                return SyncResult.done();
            }
            if (e.getCode() != 409) {
                statusChange(node, "CIDRAssignmentFailed");
            }
            return SyncResult.retry("cannot set the pod CIDR of node " + name + ": " + e.getMessage());
        }
    }

    /** A deleted node's CIDR is free again. */
    synchronized void release(Node node) {
        for (String cidr : podCidrs(node)) {
            try {
                cidrs.release(Ipv4Cidr.parse(cidr));
            } catch (IllegalArgumentException e) {
                LOG.debug("node {} had a pod CIDR this allocator does not hold: {}", node.getMetadata().getName(), cidr);
            }
        }
    }

    private void occupy(Node node) {
        for (String cidr : podCidrs(node)) {
            try {
                if (!cidrs.occupy(Ipv4Cidr.parse(cidr))) {
                    LOG.warn("node {} has pod CIDR {} outside the cluster CIDR", node.getMetadata().getName(), cidr);
                }
            } catch (IllegalArgumentException e) {
                LOG.warn("node {} has a pod CIDR that is not IPv4: {}", node.getMetadata().getName(), cidr);
            }
        }
    }

    static List<String> podCidrs(Node node) {
        List<String> all = new ArrayList<>();
        if (node.getSpec() == null) {
            return all;
        }
        if (node.getSpec().getPodCIDRs() != null) {
            all.addAll(node.getSpec().getPodCIDRs());
        }
        if (all.isEmpty() && node.getSpec().getPodCIDR() != null && !node.getSpec().getPodCIDR().isEmpty()) {
            all.add(node.getSpec().getPodCIDR());
        }
        return all;
    }

    // k/k pkg/controller/util/node RecordNodeStatusChange.
    private void statusChange(Node node, String status) {
        String nodeName = node.getMetadata().getName();
        ObjectReference ref = new ObjectReferenceBuilder().withApiVersion("v1").withKind("Node").withName(nodeName)
                .withUid(node.getMetadata().getUid()).build();
        events.event(ref, EventRecorder.NORMAL, status, "Node " + nodeName + " status is now: " + status);
    }
}
