package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;

/** What kubectl learns about the server before any object is touched: version, resources, health. */
class VersionAndDiscoveryTest {
    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension();

    @Test
    void versionReportsAKubernetes132ServerSoTheDispatcherRunsTheMatchingClient(Kubectl kubectl) {
        KubectlResult human = kubectl.succeed("version");
        KubectlResult json = kubectl.succeed("version", "-o", "json");

        assertThat(human.lines()).contains("Server Version: v1.32.4-skiff");
        assertThat(human.stderr()).as("no version skew warning").isEmpty();
        JsonNode server = Json.parse(json.stdout().getBytes()).path("serverVersion");
        assertThat(server.path("major").asString()).isEqualTo("1");
        assertThat(server.path("minor").asString()).isEqualTo("32");
        assertThat(server.path("gitVersion").asString()).startsWith("v1.32.");
    }

    @Test
    void apiResourcesListsEveryServedResourceWithShortNamesGroupVersionAndScope(Kubectl kubectl) {
        KubectlResult result = kubectl.succeed("api-resources");

        assertThat(result.stdout()).isEqualTo("""
                NAME                                SHORTNAMES   APIVERSION                        NAMESPACED   KIND
                configmaps                          cm           v1                                true         ConfigMap
                endpoints                           ep           v1                                true         Endpoints
                events                              ev           v1                                true         Event
                namespaces                          ns           v1                                false        Namespace
                nodes                               no           v1                                false        Node
                persistentvolumeclaims              pvc          v1                                true         PersistentVolumeClaim
                persistentvolumes                   pv           v1                                false        PersistentVolume
                pods                                po           v1                                true         Pod
                replicationcontrollers              rc           v1                                true         ReplicationController
                secrets                                          v1                                true         Secret
                serviceaccounts                     sa           v1                                true         ServiceAccount
                services                            svc          v1                                true         Service
                mutatingwebhookconfigurations                    admissionregistration.k8s.io/v1   false        MutatingWebhookConfiguration
                validatingadmissionpolicies                      admissionregistration.k8s.io/v1   false        ValidatingAdmissionPolicy
                validatingadmissionpolicybindings                admissionregistration.k8s.io/v1   false        ValidatingAdmissionPolicyBinding
                validatingwebhookconfigurations                  admissionregistration.k8s.io/v1   false        ValidatingWebhookConfiguration
                customresourcedefinitions           crd,crds     apiextensions.k8s.io/v1           false        CustomResourceDefinition
                controllerrevisions                              apps/v1                           true         ControllerRevision
                daemonsets                          ds           apps/v1                           true         DaemonSet
                deployments                         deploy       apps/v1                           true         Deployment
                replicasets                         rs           apps/v1                           true         ReplicaSet
                statefulsets                        sts          apps/v1                           true         StatefulSet
                selfsubjectreviews                               authentication.k8s.io/v1          false        SelfSubjectReview
                tokenreviews                                     authentication.k8s.io/v1          false        TokenReview
                localsubjectaccessreviews                        authorization.k8s.io/v1           true         LocalSubjectAccessReview
                selfsubjectaccessreviews                         authorization.k8s.io/v1           false        SelfSubjectAccessReview
                selfsubjectrulesreviews                          authorization.k8s.io/v1           false        SelfSubjectRulesReview
                subjectaccessreviews                             authorization.k8s.io/v1           false        SubjectAccessReview
                horizontalpodautoscalers            hpa          autoscaling/v2                    true         HorizontalPodAutoscaler
                cronjobs                            cj           batch/v1                          true         CronJob
                jobs                                             batch/v1                          true         Job
                certificatesigningrequests          csr          certificates.k8s.io/v1            false        CertificateSigningRequest
                leases                                           coordination.k8s.io/v1            true         Lease
                endpointslices                                   discovery.k8s.io/v1               true         EndpointSlice
                events                              ev           events.k8s.io/v1                  true         Event
                nodes                                            metrics.k8s.io/v1beta1            false        NodeMetrics
                pods                                             metrics.k8s.io/v1beta1            true         PodMetrics
                poddisruptionbudgets                pdb          policy/v1                         true         PodDisruptionBudget
                clusterrolebindings                              rbac.authorization.k8s.io/v1      false        ClusterRoleBinding
                clusterroles                                     rbac.authorization.k8s.io/v1      false        ClusterRole
                rolebindings                                     rbac.authorization.k8s.io/v1      true         RoleBinding
                roles                                            rbac.authorization.k8s.io/v1      true         Role
                priorityclasses                     pc           scheduling.k8s.io/v1              false        PriorityClass
                storageclasses                      sc           storage.k8s.io/v1                 false        StorageClass
                """);
    }

    @Test
    void shortNamesWorkAsResourceTypes(Kubectl kubectl) {
        KubectlResult result = kubectl.succeed("get", "ns", "default", "-o", "name");

        assertThat(result.stdout()).isEqualTo("namespace/default\n");
    }

    @Test
    void anUnknownResourceTypeIsReportedAsSuch(Kubectl kubectl) {
        KubectlResult result = kubectl.run("get", "frobnicators");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).isEqualTo("error: the server doesn't have a resource type \"frobnicators\"\n");
    }

    @Test
    void readyzAnswersOk(Kubectl kubectl) {
        KubectlResult result = kubectl.succeed("get", "--raw", "/readyz");

        assertThat(result.stdout()).isEqualTo("ok");
    }

    @Test
    void livezVerboseListsItsChecks(Kubectl kubectl) {
        KubectlResult result = kubectl.succeed("get", "--raw", "/livez?verbose");

        assertThat(result.stdout()).contains("[+]ping ok").endsWith("livez check passed\n");
    }
}
