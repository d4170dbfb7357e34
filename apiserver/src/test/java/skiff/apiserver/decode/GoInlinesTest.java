package skiff.apiserver.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import io.kubernetes.client.proto.V1;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Go structs JSON inlines are told from ordinary nested objects in the protobuf descriptors. */
class GoInlinesTest {

    @ParameterizedTest(name = "{0}.{1}: {2}")
    @CsvSource({
            "ConfigMapKeySelector, localObjectReference, true",
            "SecretKeySelector, localObjectReference, true",
            "ConfigMapEnvSource, localObjectReference, true",
            "SecretProjection, localObjectReference, true",
            "ConfigMapVolumeSource, localObjectReference, true",
            "Volume, volumeSource, true",
            "PersistentVolumeSpec, persistentVolumeSource, true",
            "Probe, handler, true",
            "EphemeralContainer, ephemeralContainerCommon, true",
            "Affinity, nodeAffinity, false",
            "Container, securityContext, false",
            "Lifecycle, preStop, false",
            "PodSpec, dnsConfig, false",
            "ISCSIVolumeSource, secretRef, false"})
    void aFieldIsInlinedWhenItsParentsJsonHasItsFieldsAndNotItsName(String message, String field, boolean inlined) {
        Descriptor type = V1.getDescriptor().findMessageTypeByName(message);

        assertThat(GoInlines.isInlined(type.findFieldByName(field))).isEqualTo(inlined);
    }
}
