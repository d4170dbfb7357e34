package skiff.kubelet.staticpod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MirrorPodActionsTest {
    private static final io.fabric8.kubernetes.api.model.Node NODE = new NodeBuilder().withNewMetadata()
            .withName("n1").withUid("node-uid").endMetadata().build();

    private static Pod staticPod(String name, String command) throws InvalidManifestException {
        String yaml = """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, labels: {app: %s}}
                spec:
                  containers: [{name: app, image: busybox, command: ["sh", "-c", "%s"]}]
                """.formatted(name, name, command);
        return StaticPodManifest.parse(yaml.getBytes(StandardCharsets.UTF_8), "/m/" + name + ".yaml", "n1");
    }

    private static Pod mirror(Pod staticPod) {
        Pod mirror = MirrorPodClient.mirrorOf(staticPod, NODE);
        return new PodBuilder(mirror).editMetadata().withUid("api-uid-" + staticPod.getMetadata().getName())
                .endMetadata().build();
    }

    private static Pod deleting(Pod pod) {
        return new PodBuilder(pod).editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z")
                .withDeletionGracePeriodSeconds(30L).endMetadata().build();
    }

    @Test
    void theMirrorCarriesTheHashTheAnnotationsTheLabelsAndTheNodeAsOwner() throws Exception {
        Pod pod = staticPod("web", "sleep 1");
        Pod mirror = MirrorPodClient.mirrorOf(pod, NODE);

        assertThat(mirror.getMetadata().getName()).isEqualTo("web-n1");
        assertThat(mirror.getMetadata().getUid()).isNull();
        assertThat(mirror.getMetadata().getLabels()).containsEntry("app", "web");
        assertThat(mirror.getMetadata().getAnnotations())
                .containsEntry(ConfigAnnotations.MIRROR, pod.getMetadata().getUid())
                .containsEntry(ConfigAnnotations.HASH, pod.getMetadata().getUid())
                .containsEntry(ConfigAnnotations.SOURCE, "file");
        OwnerReference owner = mirror.getMetadata().getOwnerReferences().getFirst();
        assertThat(List.of(owner.getApiVersion(), owner.getKind(), owner.getName(), owner.getUid()))
                .containsExactly("v1", "Node", "n1", "node-uid");
        assertThat(owner.getController()).isTrue();
        assertThat(mirror.getSpec()).isEqualTo(pod.getSpec());
        assertThat(ConfigAnnotations.isMirror(mirror)).isTrue();
        assertThat(ConfigAnnotations.hash(mirror)).isEqualTo(ConfigAnnotations.hash(pod));
    }

    @Test
    void aStaticPodWithoutMirrorGetsOne() throws Exception {
        Pod pod = staticPod("web", "sleep 1");

        MirrorPodActions actions = MirrorPodActions.plan(List.of(pod), List.of());

        assertThat(actions.toCreate()).containsExactly(pod);
        assertThat(actions.toDelete()).isEmpty();
    }

    @Test
    void aMirrorOfTheSameHashIsLeftAlone() throws Exception {
        Pod pod = staticPod("web", "sleep 1");

        assertThat(MirrorPodActions.plan(List.of(pod), List.of(mirror(pod))).isEmpty()).isTrue();
    }

    @Test
    void aMirrorOfAnOlderManifestIsReplaced() throws Exception {
        Pod old = mirror(staticPod("web", "sleep 1"));
        Pod edited = staticPod("web", "sleep 2");

        MirrorPodActions actions = MirrorPodActions.plan(List.of(edited), List.of(old));

        assertThat(actions.toDelete()).containsExactly(old);
        assertThat(actions.toCreate()).containsExactly(edited);
    }

    @Test
    void aMirrorBeingDeletedThroughTheApiIsDeletedAtOnceAndCreatedAgain() throws Exception {
        Pod pod = staticPod("web", "sleep 1");
        Pod mirror = deleting(mirror(pod));

        MirrorPodActions actions = MirrorPodActions.plan(List.of(pod), List.of(mirror));

        assertThat(actions.toDelete()).containsExactly(mirror);
        assertThat(actions.toCreate()).containsExactly(pod);
    }

    @Test
    void aMirrorWithoutStaticPodIsDeleted() throws Exception {
        Pod orphan = mirror(staticPod("gone", "sleep 1"));
        Pod pod = staticPod("web", "sleep 1");
        Pod mirror = mirror(pod);

        MirrorPodActions actions = MirrorPodActions.plan(List.of(pod), List.of(mirror, orphan));

        assertThat(actions.toDelete()).containsExactly(orphan);
        assertThat(actions.toCreate()).isEmpty();
    }

    @Test
    void apiPodsThatAreNotMirrorsAreNoneOfItsBusiness() throws Exception {
        Pod apiPod = new PodBuilder().withNewMetadata().withName("web-n1").withNamespace("default").withUid("u")
                .endMetadata().withNewSpec().withNodeName("n1").endSpec().build();

        MirrorPodActions actions = MirrorPodActions.plan(List.of(), List.of(apiPod));

        assertThat(actions.isEmpty()).isTrue();
    }
}
