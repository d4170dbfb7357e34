package skiff.kubelet.config;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import skiff.kubelet.runtime.ContainerConfig;
import skiff.kubelet.staticpod.ConfigAnnotations;

/**
 * A container's spec made concrete for one start: environment resolved (envFrom, then env in order, with
 * references to ConfigMaps, Secrets and pod fields, then the Services' variables the container does not set itself),
 * {@code $(VAR)} expanded in command and args, mounts listed (k/k pkg/kubelet/kubelet_pods.go
 * makeEnvironmentVariables, makeMounts; kuberuntime_container.go).
 */
public final class ContainerConfigs {
    private static final String CONFIG_ERROR = "CreateContainerConfigError";
    private static final String SERVICES_NOT_SYNCED =
            "services have not yet been read at least once, cannot construct envvars";

    private ContainerConfigs() {}

    /** Where a container's config comes from besides its spec. */
    public record Context(Pod pod, String podIp, String hostIp, ApiObjects objects, NodeSettings node) {

        /** A context with the default node settings. */
        public Context(Pod pod, String podIp, String hostIp, ApiObjects objects) {
            this(pod, podIp, hostIp, objects, NodeSettings.defaults());
        }
    }

    public static Resolved<ContainerConfig> of(Context ctx, Container c, int attempt, String specHash) {
        return of(ctx, c, attempt, specHash, "");
    }

    /** @param targetContainer an ephemeral container's {@code targetContainerName}, "" for none */
    public static Resolved<ContainerConfig> of(Context ctx, Container c, int attempt, String specHash,
            String targetContainer) {
        // k/k 1.32 pkg/kubelet/kubelet_pods.go makeEnvironmentVariables: a pod from the API waits until the Services
        // have been listed once, so that no container misses KUBERNETES_SERVICE_HOST; a static pod does not.
        if (!ConfigAnnotations.isStatic(ctx.pod()) && !ctx.objects().servicesSynced()) {
            return new Resolved.Invalid<>(CONFIG_ERROR, SERVICES_NOT_SYNCED);
        }
        Map<String, String> services = ServiceEnv.of(ctx.objects().services(), ctx.pod().getMetadata().getNamespace(),
                serviceLinks(ctx.pod()));
        Map<String, String> env = new LinkedHashMap<>();
        Optional<String> problem = addEnvFrom(ctx, c, env);
        if (problem.isEmpty()) {
            problem = addEnv(ctx, c, env, services);
        }
        if (problem.isPresent()) {
            return new Resolved.Invalid<>(CONFIG_ERROR, problem.get());
        }
        // The container's own variables win over the Services'.
        services.forEach(env::putIfAbsent);
        List<String> command = expanded(c.getCommand(), env);
        List<String> args = expanded(c.getArgs(), env);
        List<ContainerConfig.Mount> mounts = new ArrayList<>();
        for (VolumeMount m : c.getVolumeMounts() == null ? List.<VolumeMount>of() : c.getVolumeMounts()) {
            String subPath = m.getSubPathExpr() != null && !m.getSubPathExpr().isEmpty()
                    ? EnvExpansion.expand(m.getSubPathExpr(), env)
                    : m.getSubPath() == null ? "" : m.getSubPath();
            mounts.add(new ContainerConfig.Mount(m.getName(), m.getMountPath(), subPath,
                    Boolean.TRUE.equals(m.getReadOnly())));
        }
        return new Resolved.Ok<>(new ContainerConfig(ctx.pod().getMetadata().getUid(), c.getName(), attempt, specHash,
                c.getImage() == null ? "" : c.getImage(), command, args, env,
                c.getWorkingDir() == null ? "" : c.getWorkingDir(), mounts,
                "FallbackToLogsOnError".equals(c.getTerminationMessagePolicy()),
                LinuxConfigs.container(ctx.pod(), c, ctx.node()), Boolean.TRUE.equals(c.getTty()),
                Boolean.TRUE.equals(c.getStdin()), Boolean.TRUE.equals(c.getStdinOnce()),
                c.getTerminationMessagePath() == null || c.getTerminationMessagePath().isEmpty()
                        ? ContainerConfig.DEFAULT_TERMINATION_MESSAGE_PATH : c.getTerminationMessagePath(),
                targetContainer));
    }

    // k/k 1.32 pkg/apis/core/v1/defaults.go SetDefaults_Pod: enableServiceLinks is true unless set (the API server
    // defaults API pods; a static pod's manifest may leave it out).
    private static boolean serviceLinks(Pod pod) {
        return !Boolean.FALSE.equals(pod.getSpec().getEnableServiceLinks());
    }

    private static List<String> expanded(List<String> parts, Map<String, String> env) {
        return parts == null ? List.of() : parts.stream().map(part -> EnvExpansion.expand(part, env)).toList();
    }

    private static Optional<String> addEnvFrom(Context ctx, Container c, Map<String, String> env) {
        String ns = ctx.pod().getMetadata().getNamespace();
        for (EnvFromSource from : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            if (from.getConfigMapRef() != null) {
                String name = from.getConfigMapRef().getName();
                Optional<ConfigMap> cm = ctx.objects().configMap(ns, name);
                if (cm.isEmpty()) {
                    if (Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                        continue;
                    }
                    return Optional.of("configmap \"" + name + "\" not found");
                }
                // Keys in sorted order: Kubernetes gives no order, a stable one keeps restarts alike.
                if (cm.get().getData() != null) {
                    new java.util.TreeMap<>(cm.get().getData()).forEach((k, v) -> env.put(prefix + k, v));
                }
            } else if (from.getSecretRef() != null) {
                String name = from.getSecretRef().getName();
                Optional<Secret> secret = ctx.objects().secret(ns, name);
                if (secret.isEmpty()) {
                    if (Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                        continue;
                    }
                    return Optional.of("secret \"" + name + "\" not found");
                }
                new java.util.TreeMap<>(secretData(secret.get()))
                        .forEach((k, v) -> env.put(prefix + k, new String(v, StandardCharsets.UTF_8)));
            }
        }
        return Optional.empty();
    }

    // k/k 1.32 kubelet_pods.go makeEnvironmentVariables: $(VAR) in a value names the variables declared so far, then
    // the Services'.
    private static Optional<String> addEnv(Context ctx, Container c, Map<String, String> env,
            Map<String, String> services) {
        for (EnvVar var : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
            EnvVarSource from = var.getValueFrom();
            if (from == null) {
                env.put(var.getName(), EnvExpansion.expand(var.getValue() == null ? "" : var.getValue(),
                        name -> env.containsKey(name) ? env.get(name) : services.get(name)));
                continue;
            }
            Resolved<Optional<String>> value = valueFrom(ctx, c, from);
            if (value instanceof Resolved.Invalid<Optional<String>> invalid) {
                return Optional.of(invalid.message());
            }
            ((Resolved.Ok<Optional<String>>) value).value().ifPresent(v -> env.put(var.getName(), v));
        }
        return Optional.empty();
    }

    private static Resolved<Optional<String>> valueFrom(Context ctx, Container c, EnvVarSource from) {
        String ns = ctx.pod().getMetadata().getNamespace();
        if (from.getFieldRef() != null) {
            String path = from.getFieldRef().getFieldPath();
            return FieldRefs.value(ctx.pod(), path, ctx.podIp(), ctx.hostIp())
                    .<Resolved<Optional<String>>>map(v -> new Resolved.Ok<>(Optional.of(v)))
                    .orElseGet(() -> new Resolved.Invalid<>(CONFIG_ERROR, "unsupported fieldPath " + path));
        }
        if (from.getConfigMapKeyRef() != null) {
            var ref = from.getConfigMapKeyRef();
            Optional<ConfigMap> cm = ctx.objects().configMap(ns, ref.getName());
            Optional<String> v = cm.map(ConfigMap::getData).map(d -> d.get(ref.getKey()));
            if (v.isEmpty() && !Boolean.TRUE.equals(ref.getOptional())) {
                return new Resolved.Invalid<>(CONFIG_ERROR, cm.isEmpty() ? "configmap \"" + ref.getName()
                        + "\" not found" : "couldn't find key " + ref.getKey() + " in ConfigMap " + ns + "/"
                        + ref.getName());
            }
            return new Resolved.Ok<>(v);
        }
        if (from.getSecretKeyRef() != null) {
            var ref = from.getSecretKeyRef();
            Optional<Secret> secret = ctx.objects().secret(ns, ref.getName());
            Optional<String> v = secret.map(s -> secretData(s).get(ref.getKey()))
                    .map(b -> new String(b, StandardCharsets.UTF_8));
            if (v.isEmpty() && !Boolean.TRUE.equals(ref.getOptional())) {
                return new Resolved.Invalid<>(CONFIG_ERROR, secret.isEmpty() ? "secret \"" + ref.getName()
                        + "\" not found" : "couldn't find key " + ref.getKey() + " in Secret " + ns + "/"
                        + ref.getName());
            }
            return new Resolved.Ok<>(v);
        }
        if (from.getResourceFieldRef() != null) {
            return new Resolved.Ok<>(Optional.of(ResourceFieldRefs.value(c, from.getResourceFieldRef())));
        }
        return new Resolved.Ok<>(Optional.empty());
    }

    /** A Secret's data decoded, with stringData (which the API server normally folds in) on top. */
    static Map<String, byte[]> secretData(Secret secret) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> out.put(k, Base64.getDecoder().decode(v)));
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((k, v) -> out.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }
}
