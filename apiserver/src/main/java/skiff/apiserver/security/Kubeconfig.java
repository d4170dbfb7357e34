package skiff.apiserver.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The kubeconfig {@code skiff server} writes for its administrator: one cluster trusting the cluster CA, one user
 * authenticating with the admin client certificate (or, as before client certificates, the admin bearer token),
 * and one context joining them, which is also the current context.
 * The cluster and the context are named after the cluster; the user is the cluster name plus {@code -admin}.
 */
public final class Kubeconfig {
    public static final String DEFAULT_CLUSTER_NAME = "skiff";

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .build();

    private Kubeconfig() {}

    // docs kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig:
    // clusters, users and contexts are lists of named entries; a context pairs a cluster with a user.
    public static String render(String serverUrl, String caPem, String token, String clusterName) {
        ObjectNode user = YAML.createObjectNode().put("token", token);
        return render(serverUrl, caPem, user, clusterName);
    }

    /**
     * A kubeconfig whose user authenticates with a client certificate, embedded with its key (see
     * {@link IssuedCertificate#kubeconfigKeyPem()}).
     */
    public static String render(String serverUrl, String caPem, IssuedCertificate client, String clusterName) {
        ObjectNode user = YAML.createObjectNode();
        user.put("client-certificate-data", base64(client.certificatePem()));
        user.put("client-key-data", base64(client.kubeconfigKeyPem()));
        return render(serverUrl, caPem, user, clusterName);
    }

    /**
     * A kubeconfig whose user {@code userName} authenticates with a client certificate, as a kubelet's own
     * kubeconfig does after TLS bootstrap (see {@link IssuedCertificate#kubeconfigKeyPem()}).
     */
    public static String renderForUser(String serverUrl, String caPem, IssuedCertificate client, String clusterName,
            String userName) {
        ObjectNode user = YAML.createObjectNode();
        user.put("client-certificate-data", base64(client.certificatePem()));
        user.put("client-key-data", base64(client.kubeconfigKeyPem()));
        return render(serverUrl, caPem, user, clusterName, userName);
    }

    /**
     * The kubeconfig kubeadm publishes in kube-public's cluster-info ConfigMap (k/k cmd/kubeadm/app/phases/
     * bootstraptoken/clusterinfo/clusterinfo.go, 1.32): one unnamed cluster, its server and CA, no users.
     */
    public static String renderClusterOnly(String serverUrl, String caPem) {
        ObjectNode config = YAML.createObjectNode();
        config.put("apiVersion", "v1");
        ObjectNode cluster = config.putArray("clusters").addObject().put("name", "").putObject("cluster");
        cluster.put("certificate-authority-data", base64(caPem));
        cluster.put("server", serverUrl);
        config.putNull("contexts");
        config.put("current-context", "");
        config.put("kind", "Config");
        config.putObject("preferences");
        config.putNull("users");
        return YAML.writeValueAsString(config);
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }

    private static String render(String serverUrl, String caPem, ObjectNode user, String clusterName) {
        return render(serverUrl, caPem, user, clusterName, clusterName + "-admin");
    }

    private static String render(String serverUrl, String caPem, ObjectNode user, String clusterName,
            String userName) {
        ObjectNode config = YAML.createObjectNode();
        config.put("apiVersion", "v1");
        config.put("kind", "Config");

        ObjectNode cluster = config.putArray("clusters").addObject().put("name", clusterName).putObject("cluster");
        cluster.put("server", serverUrl);
        cluster.put("certificate-authority-data", base64(caPem));

        config.putArray("users").addObject().put("name", userName).set("user", user);

        ObjectNode context = config.putArray("contexts").addObject().put("name", clusterName).putObject("context");
        context.put("cluster", clusterName);
        context.put("user", userName);

        config.put("current-context", clusterName);
        config.putObject("preferences");
        return YAML.writeValueAsString(config);
    }

    public static String render(String serverUrl, String caPem, String token) {
        return render(serverUrl, caPem, token, DEFAULT_CLUSTER_NAME);
    }

    /** Writes the kubeconfig readable only by its owner (0600), replacing any earlier file in one rename. */
    public static void write(Path file, String serverUrl, String caPem, String token, String clusterName) {
        CredentialFile.writeSecret(file, render(serverUrl, caPem, token, clusterName));
    }

    public static void write(Path file, String serverUrl, String caPem, String token) {
        write(file, serverUrl, caPem, token, DEFAULT_CLUSTER_NAME);
    }

    /** Writes a client-certificate kubeconfig readable only by its owner (0600), replacing any earlier file. */
    public static void write(Path file, String serverUrl, String caPem, IssuedCertificate client) {
        CredentialFile.writeSecret(file, render(serverUrl, caPem, client, DEFAULT_CLUSTER_NAME));
    }
}
