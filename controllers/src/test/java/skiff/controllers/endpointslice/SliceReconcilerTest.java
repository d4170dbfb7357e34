package skiff.controllers.endpointslice;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import skiff.controllers.endpointutil.EndpointFixtures;

class SliceReconcilerTest {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final Function<String, Node> NODES = name -> EndpointFixtures.node("zone-a");
    private final Service service = EndpointFixtures.service(new IntOrString("http"), false);
    private int created;

    @ParameterizedTest(name = "{0} pods, at most {1} per slice -> {2}")
    @CsvSource({"0, 100, ''", "1, 100, 1", "100, 100, 100", "101, 100, '100,1'", "250, 100, '100,100,50'",
            "250, 1000, 250", "7, 3, '3,3,1'"})
    void packsNewSlicesUpToTheMaximum(int podCount, int max, String sizes) {
        SlicePlan plan = new SliceReconciler(max).plan(service, pods(0, podCount, 8080), NODES, List.of());
        assertThat(plan.create().stream().map(s -> s.getEndpoints().size()).toList())
                .isEqualTo(sizes.isEmpty() ? List.of(0) : List.of(sizes.split(",")).stream().map(Integer::valueOf)
                        .toList());
        assertThat(plan.update()).isEmpty();
        assertThat(plan.delete()).isEmpty();
        EndpointSlice first = plan.create().get(0);
        assertThat(first.getMetadata().getGenerateName()).isEqualTo("web-");
        assertThat(first.getAddressType()).isEqualTo("IPv4");
        assertThat(first.getMetadata().getLabels()).containsEntry("kubernetes.io/service-name", "web")
                .containsEntry("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io");
        assertThat(first.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
            assertThat(ref.getUid()).isEqualTo("svc-uid");
            assertThat(ref.getController()).isTrue();
            assertThat(ref.getBlockOwnerDeletion()).isTrue();
        });
    }

    @Test
    void podsWithDifferentPortNumbersForTheNameLandInDifferentSlices() {
        List<Pod> pods = new ArrayList<>(pods(0, 2, 8080));
        pods.addAll(pods(2, 5, 9090));
        SlicePlan plan = new SliceReconciler(100).plan(service, pods, NODES, List.of());
        assertThat(plan.create()).hasSize(2).allSatisfy(slice -> assertThat(slice.getPorts()).hasSize(1));
        assertThat(plan.create().stream().map(s -> s.getPorts().get(0).getPort() + "=" + s.getEndpoints().size()))
                .containsExactlyInAnyOrder("8080=2", "9090=3");
    }

    @Test
    void anUpToDateServiceNeedsNoWrite() {
        SliceReconciler reconciler = new SliceReconciler(100);
        List<EndpointSlice> existing = stored(reconciler.plan(service, pods(0, 150, 8080), NODES, List.of()).create());
        assertThat(reconciler.plan(service, pods(0, 150, 8080), NODES, existing).isEmpty()).isTrue();
    }

    @Test
    void changesAreMadeInPlaceAndNewEndpointsFillTheSlicesBeingUpdated() {
        SliceReconciler reconciler = new SliceReconciler(100);
        List<EndpointSlice> existing = stored(reconciler.plan(service, pods(0, 150, 8080), NODES, List.of()).create());
        // Pod 0 (in the full slice) goes, pods 150..151 come: the changed slice is rewritten and takes one of
        // them, the other fills the half-full slice it fits into, nothing is created.
        SlicePlan plan = reconciler.plan(service, pods(1, 152, 8080), NODES, existing);
        assertThat(plan.create()).isEmpty();
        assertThat(plan.delete()).isEmpty();
        assertThat(plan.update()).extracting(s -> s.getMetadata().getName() + "=" + s.getEndpoints().size())
                .containsExactlyInAnyOrder("web-0=100", "web-1=51");
    }

    @Test
    void aReadinessFlipRewritesOnlyItsSlice() {
        SliceReconciler reconciler = new SliceReconciler(100);
        List<EndpointSlice> existing = stored(reconciler.plan(service, pods(0, 150, 8080), NODES, List.of()).create());
        List<Pod> pods = new ArrayList<>(pods(0, 150, 8080));
        pods.set(120, EndpointFixtures.pod("pod-120", "10.0.0.120", false, 8080));
        String holder = existing.stream().filter(s -> s.getEndpoints().stream()
                .anyMatch(e -> e.getTargetRef().getName().equals("pod-120"))).findFirst().orElseThrow()
                .getMetadata().getName();
        SlicePlan plan = reconciler.plan(service, pods, NODES, existing);
        assertThat(plan.create()).isEmpty();
        assertThat(plan.update()).singleElement().satisfies(slice -> {
            assertThat(slice.getMetadata().getName()).isEqualTo(holder);
            Endpoint flipped = slice.getEndpoints().stream()
                    .filter(e -> e.getTargetRef().getName().equals("pod-120")).findFirst().orElseThrow();
            assertThat(flipped.getConditions().getReady()).isFalse();
            assertThat(flipped.getConditions().getServing()).isFalse();
        });
    }

    @Test
    void anEmptiedSliceIsReusedForNewPortsRatherThanDeletedAndCreated() {
        SliceReconciler reconciler = new SliceReconciler(100);
        List<EndpointSlice> existing = stored(reconciler.plan(service, pods(0, 3, 8080), NODES, List.of()).create());
        SlicePlan plan = reconciler.plan(service, pods(0, 3, 9090), NODES, existing);
        assertThat(plan.create()).isEmpty();
        assertThat(plan.delete()).isEmpty();
        assertThat(plan.update()).singleElement().satisfies(slice -> {
            assertThat(slice.getMetadata().getName()).isEqualTo("web-0");
            assertThat(slice.getPorts().get(0).getPort()).isEqualTo(9090);
            assertThat(slice.getEndpoints()).hasSize(3);
        });
    }

    @Test
    void noPodsLeavesOnePlaceholderAndKeepsIt() {
        SliceReconciler reconciler = new SliceReconciler(100);
        List<EndpointSlice> existing = stored(reconciler.plan(service, pods(0, 3, 8080), NODES, List.of()).create());
        SlicePlan emptied = reconciler.plan(service, List.of(), NODES, existing);
        assertThat(emptied.update()).singleElement().satisfies(s -> {
            assertThat(s.getEndpoints()).isEmpty();
            assertThat(s.getPorts()).isEmpty();
        });
        assertThat(reconciler.plan(service, List.of(), NODES, stored(emptied.update())).isEmpty()).isTrue();
    }

    @Test
    void aSliceOfAnotherServiceWithTheSameNameIsDeleted() {
        SliceReconciler reconciler = new SliceReconciler(100);
        List<EndpointSlice> existing = stored(reconciler.plan(service, pods(0, 3, 8080), NODES, List.of()).create());
        EndpointSlice orphan = new EndpointSliceBuilder(existing.get(0)).editMetadata().withName("web-old")
                .editFirstOwnerReference().withUid("old-uid").endOwnerReference().endMetadata().build();
        List<EndpointSlice> both = List.of(existing.get(0), orphan);
        SlicePlan plan = reconciler.plan(service, pods(0, 3, 8080), NODES, both);
        assertThat(plan.delete()).extracting(s -> s.getMetadata().getName()).containsExactly("web-old");
        assertThat(plan.create()).isEmpty();
        assertThat(plan.update()).isEmpty();
    }

    @Test
    void podsOnUnknownNodesAreSkippedUnlessNotReadyAddressesArePublished() {
        List<Pod> pods = pods(0, 2, 8080);
        SlicePlan plan = new SliceReconciler(100).plan(service, pods, name -> null, List.of());
        assertThat(plan.skippedPods()).containsExactly("pod-0", "pod-1");
        assertThat(plan.create()).singleElement().satisfies(s -> assertThat(s.getEndpoints()).isEmpty());

        Service publishing = EndpointFixtures.service(new IntOrString("http"), true);
        SlicePlan published = new SliceReconciler(100).plan(publishing, pods, name -> null, List.of());
        assertThat(published.skippedPods()).isEmpty();
        assertThat(published.create()).singleElement().satisfies(s -> assertThat(s.getEndpoints()).hasSize(2));
    }

    @Test
    void aHeadlessServiceWithoutPortsGetsAPortlessHeadlessSlice() {
        Service headless = new ServiceBuilder(service).editSpec().withClusterIP("None")
                .withPorts(List.of()).endSpec().build();
        SlicePlan plan = new SliceReconciler(100).plan(headless, pods(0, 2, 8080), NODES, List.of());
        assertThat(plan.create()).singleElement().satisfies(slice -> {
            assertThat(slice.getPorts()).isEmpty();
            assertThat(slice.getEndpoints()).hasSize(2);
            assertThat(slice.getMetadata().getLabels()).containsEntry("service.kubernetes.io/headless", "");
        });
    }

    private static List<Pod> pods(int from, int to, int httpPort) {
        return IntStream.range(from, to).mapToObj(i -> EndpointFixtures.pod("pod-" + i, "10.0.0." + i, true, httpPort))
                .toList();
    }

    /** The slices as an informer would hand them back: named web-0, web-1, ..., read from their JSON. */
    private List<EndpointSlice> stored(List<EndpointSlice> slices) {
        List<EndpointSlice> named = new ArrayList<>();
        for (EndpointSlice slice : slices) {
            String name = slice.getMetadata().getName() != null ? slice.getMetadata().getName() : "web-" + created++;
            EndpointSlice stored = new EndpointSliceBuilder(slice).editMetadata().withName(name).withUid("uid-" + name)
                    .endMetadata().build();
            named.add(JSON.unmarshal(JSON.asJson(stored), EndpointSlice.class));
        }
        return named;
    }
}
