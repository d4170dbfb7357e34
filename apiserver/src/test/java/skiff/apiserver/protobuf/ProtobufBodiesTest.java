package skiff.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.node.ObjectNode;

class ProtobufBodiesTest {

    private static byte[] envelope(String apiVersion, String kind, ByteString raw) {
        Runtime.Unknown unknown = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(raw).setContentType("").setContentEncoding("").build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'k', '8', 's', 0});
        out.writeBytes(unknown.toByteArray());
        return out.toByteArray();
    }

    @Test
    void aDeploymentAsKubectlCreateSendsItBecomesItsJson() {
        V1Apps.Deployment deployment = V1Apps.Deployment.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("d1").setGenerateName("")
                        .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(0)))
                .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(0)
                        .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "d1"))
                        .setStrategy(V1Apps.DeploymentStrategy.newBuilder().setType(""))
                        .setTemplate(V1.PodTemplateSpec.newBuilder()
                                .setMetadata(Meta.ObjectMeta.newBuilder().putLabels("app", "d1").putLabels("empty", ""))
                                .setSpec(V1.PodSpec.newBuilder().addContainers(V1.Container.newBuilder()
                                        .setName("nginx").setImage("nginx:1.2").setImagePullPolicy("")
                                        .addPorts(V1.ContainerPort.newBuilder().setContainerPort(80).setHostPort(0))))))
                .build();

        ObjectNode json = ProtobufBodies.decode(envelope("apps/v1", "Deployment", deployment.toByteString()));

        assertThat(json.toString()).isEqualTo("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\","
                + "\"metadata\":{\"name\":\"d1\"},"
                + "\"spec\":{\"replicas\":0,\"selector\":{\"matchLabels\":{\"app\":\"d1\"}},\"template\":{"
                + "\"metadata\":{\"labels\":{\"app\":\"d1\",\"empty\":\"\"}},"
                + "\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.2\","
                + "\"ports\":[{\"containerPort\":80}]}]}},\"strategy\":{}}}");
    }

    @Test
    void valueTypesTakeTheirJsonForms() {
        V1.Service service = V1.Service.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("s")
                        .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(1_700_000_000L)))
                .setSpec(V1.ServiceSpec.newBuilder()
                        .addPorts(V1.ServicePort.newBuilder().setPort(80)
                                .setTargetPort(IntStr.IntOrString.newBuilder().setType(1).setStrVal("http")))
                        .addPorts(V1.ServicePort.newBuilder().setPort(81)
                                .setTargetPort(IntStr.IntOrString.newBuilder().setType(0).setIntVal(8081))))
                .build();

        ObjectNode json = ProtobufBodies.decode(envelope("v1", "Service", service.toByteString()));

        assertThat(json.path("metadata").path("creationTimestamp").asString()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(json.path("spec").path("ports").get(0).path("targetPort").asString()).isEqualTo("http");
        assertThat(json.path("spec").path("ports").get(1).path("targetPort").asInt()).isEqualTo(8081);
    }

    @Test
    void secretBytesBecomeBase64() {
        V1.Secret secret = V1.Secret.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder().setName("s"))
                .putData("p", ByteString.copyFromUtf8("q")).setType("Opaque").build();

        ObjectNode json = ProtobufBodies.decode(envelope("v1", "Secret", secret.toByteString()));

        assertThat(json.path("data").path("p").asString()).isEqualTo("cQ==");
        assertThat(json.path("type").asString()).isEqualTo("Opaque");
    }

    // kubectl debug sends a pod in protobuf: the Go structs JSON inlines are nested messages there.
    @Test
    void theStructsJsonInlinesAreFlattenedIntoTheirParent() {
        V1.Pod pod = V1.Pod.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder().setName("p"))
                .setSpec(V1.PodSpec.newBuilder()
                        .addVolumes(V1.Volume.newBuilder().setName("h").setVolumeSource(V1.VolumeSource.newBuilder()
                                .setHostPath(V1.HostPathVolumeSource.newBuilder().setPath("/var/log"))))
                        .addVolumes(V1.Volume.newBuilder().setName("c").setVolumeSource(V1.VolumeSource.newBuilder()
                                .setConfigMap(V1.ConfigMapVolumeSource.newBuilder().setLocalObjectReference(
                                        V1.LocalObjectReference.newBuilder().setName("cfg")))))
                        .addContainers(V1.Container.newBuilder().setName("a").setImage("busybox")
                                .setReadinessProbe(V1.Probe.newBuilder().setPeriodSeconds(5).setHandler(
                                        V1.ProbeHandler.newBuilder().setExec(V1.ExecAction.newBuilder().addCommand("true"))))
                                .setLifecycle(V1.Lifecycle.newBuilder().setPreStop(V1.LifecycleHandler.newBuilder()
                                        .setSleep(V1.SleepAction.newBuilder().setSeconds(3))))
                                .addEnv(V1.EnvVar.newBuilder().setName("A").setValueFrom(V1.EnvVarSource.newBuilder()
                                        .setSecretKeyRef(V1.SecretKeySelector.newBuilder().setKey("k")
                                                .setLocalObjectReference(V1.LocalObjectReference.newBuilder()
                                                        .setName("sec")))))))
                .build();

        ObjectNode json = ProtobufBodies.decode(envelope("v1", "Pod", pod.toByteString()));

        assertThat(json.path("spec").toString()).isEqualTo("{\"volumes\":["
                + "{\"name\":\"h\",\"hostPath\":{\"path\":\"/var/log\"}},"
                + "{\"name\":\"c\",\"configMap\":{\"name\":\"cfg\"}}],"
                + "\"containers\":[{\"name\":\"a\",\"image\":\"busybox\","
                + "\"env\":[{\"name\":\"A\",\"valueFrom\":{\"secretKeyRef\":{\"name\":\"sec\",\"key\":\"k\"}}}],"
                + "\"readinessProbe\":{\"exec\":{\"command\":[\"true\"]},\"periodSeconds\":5},"
                + "\"lifecycle\":{\"preStop\":{\"sleep\":{\"seconds\":3}}}}]}");
    }

    @Test
    void aBodyWithoutTheMagicIsABadRequest() {
        assertThatThrownBy(() -> ProtobufBodies.decode("{}".getBytes()))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    @Test
    void anUnknownKindIsRefusedAsUnsupported() {
        assertThatThrownBy(() -> ProtobufBodies.decode(envelope("example.com/v1", "Widget", ByteString.EMPTY)))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(415));
    }
}
