package skiff.client.leaderelection;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import skiff.client.events.EventRecorder;

/**
 * A leader lock kept in a coordination.k8s.io Lease (client-go resourcelock LeaseLock, 1.32): the record is the
 * Lease's spec, an update replaces the spec of the Lease last read or written (so its labels and annotations stay),
 * and events are recorded about the Lease with reason LeaderElection.
 */
public final class LeaseLock implements LeaderLock {
    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final EventRecorder events;
    private volatile Lease last;

    public LeaseLock(KubernetesClient client, String namespace, String name, EventRecorder events) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.events = events;
    }

    @Override
    public Optional<LeaderElectionRecord.Versioned> get() {
        Lease lease = client.leases().inNamespace(namespace).withName(name).get();
        if (lease == null) {
            return Optional.empty();
        }
        last = lease;
        LeaseSpec spec = Objects.requireNonNullElseGet(lease.getSpec(), LeaseSpec::new);
        return Optional.of(new LeaderElectionRecord.Versioned(new LeaderElectionRecord(
                Objects.requireNonNullElse(spec.getHolderIdentity(), ""),
                Objects.requireNonNullElse(spec.getLeaseDurationSeconds(), 0), instant(spec.getAcquireTime()),
                instant(spec.getRenewTime()), Objects.requireNonNullElse(spec.getLeaseTransitions(), 0)),
                lease.getMetadata().getResourceVersion()));
    }

    @Override
    public Optional<String> create(LeaderElectionRecord record) {
        Lease lease = new LeaseBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withSpec(spec(record)).build();
        return write(() -> client.leases().inNamespace(namespace).resource(lease).create());
    }

    @Override
    public Optional<String> update(LeaderElectionRecord record, String version) {
        Lease base = last;
        if (base == null) {
            throw new IllegalStateException("lease " + describe() + " not yet read");
        }
        Lease lease = new LeaseBuilder(base).editMetadata().withResourceVersion(version).endMetadata()
                .withSpec(spec(record)).build();
        return write(() -> client.leases().inNamespace(namespace).resource(lease).update());
    }

    private Optional<String> write(java.util.function.Supplier<Lease> request) {
        try {
            Lease written = request.get();
            last = written;
            return Optional.of(written.getMetadata().getResourceVersion());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void recordEvent(String message) {
        Lease subject = last;
        if (subject != null) {
            events.event(new LeaseBuilder().withMetadata(subject.getMetadata()).build(), EventRecorder.NORMAL,
                    "LeaderElection", message);
        }
    }

    @Override
    public String describe() {
        return namespace + "/" + name;
    }

    private static LeaseSpec spec(LeaderElectionRecord record) {
        return new LeaseSpecBuilder().withHolderIdentity(record.holderIdentity())
                .withLeaseDurationSeconds(record.leaseDurationSeconds())
                .withAcquireTime(zoned(record.acquireTime())).withRenewTime(zoned(record.renewTime()))
                .withLeaseTransitions(record.leaderTransitions()).build();
    }

    private static ZonedDateTime zoned(Instant instant) {
        return instant == null ? null : instant.atZone(ZoneOffset.UTC);
    }

    private static Instant instant(ZonedDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
