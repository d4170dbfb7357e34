package skiff.bench.decode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import skiff.api.json.Json;
import skiff.api.time.Clock;
import skiff.apiserver.decode.ObjectDecoder;
import skiff.bench.Format;
import skiff.bench.ResultTable;
import skiff.bench.Scale;
import skiff.bench.api.PodManifest;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the typed decode step ({@link ObjectDecoder}) adds to every write of a built-in kind, against the reference
 * that every write pays anyway in the same run: parsing the request body's JSON. Each round parses (and decodes) the
 * same body {@code iterations} times on one thread; the table gives the median round per object.
 */
public final class DecodeBenchmark {
    private static final int ROUNDS = 7;

    // A Deployment of the kind people write: probes, env sources, volumes, affinity, security contexts.
    private static final String DEPLOYMENT = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
              "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":0}},
              "template":{"metadata":{"labels":{"app":"web"},"annotations":{"checksum/config":"abc"}},
               "spec":{"serviceAccountName":"web","terminationGracePeriodSeconds":45,
                "securityContext":{"runAsNonRoot":true,"runAsUser":1000,"fsGroup":2000},
                "affinity":{"podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":100,
                 "podAffinityTerm":{"labelSelector":{"matchLabels":{"app":"web"}},
                 "topologyKey":"kubernetes.io/hostname"}}]}},
                "tolerations":[{"key":"dedicated","operator":"Equal","value":"web","effect":"NoSchedule"}],
                "initContainers":[{"name":"migrate","image":"web:1.4","command":["/bin/migrate"],
                 "envFrom":[{"secretRef":{"name":"db"}}]}],
                "containers":[{"name":"web","image":"web:1.4","args":["--port=8080"],
                 "ports":[{"name":"http","containerPort":8080,"protocol":"TCP"}],
                 "env":[{"name":"MODE","value":"prod"},{"name":"POD","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}},
                  {"name":"LEVEL","valueFrom":{"configMapKeyRef":{"name":"web","key":"level"}}}],
                 "resources":{"requests":{"cpu":"250m","memory":"256Mi"},"limits":{"memory":"512Mi"}},
                 "readinessProbe":{"httpGet":{"path":"/ready","port":"http"},"periodSeconds":5},
                 "livenessProbe":{"tcpSocket":{"port":8080},"initialDelaySeconds":10},
                 "startupProbe":{"exec":{"command":["cat","/tmp/started"]},"failureThreshold":30},
                 "lifecycle":{"preStop":{"exec":{"command":["sleep","5"]}}},
                 "securityContext":{"allowPrivilegeEscalation":false,"readOnlyRootFilesystem":true,
                  "capabilities":{"drop":["ALL"]}},
                 "volumeMounts":[{"name":"config","mountPath":"/etc/web","readOnly":true},
                  {"name":"cache","mountPath":"/cache"}]}],
                "volumes":[{"name":"config","configMap":{"name":"web","defaultMode":420}},
                 {"name":"cache","emptyDir":{"sizeLimit":"1Gi"}},
                 {"name":"token","projected":{"sources":[{"serviceAccountToken":{"path":"token","expirationSeconds":3600}},
                  {"secret":{"name":"tls","items":[{"key":"tls.crt","path":"tls.crt"}]}}]}}]}}}}""";

    private record Body(String name, String apiVersion, String kind, byte[] json) {}

    private final Scale scale;
    private final Clock clock;

    public DecodeBenchmark(Scale scale, Clock clock) {
        this.scale = scale;
        this.clock = clock;
    }

    public void run() {
        List<Body> bodies = List.of(
                new Body("bench pod (" + PodManifest.json("p").length() + " B)", "v1", "Pod",
                        PodManifest.json("p").getBytes(StandardCharsets.UTF_8)),
                new Body("deployment (" + DEPLOYMENT.length() + " B)", "apps/v1", "Deployment",
                        DEPLOYMENT.getBytes(StandardCharsets.UTF_8)));
        int iterations = scale.count(20_000);
        ResultTable table = new ResultTable("Decode: the typed decode step against parsing the body (median of "
                + ROUNDS + " rounds of " + iterations + ", one thread)",
                "object", "parse JSON", "parse + decode", "decode alone", "decode/parse");
        for (Body body : bodies) {
            roundNanos(body, iterations, false);
            roundNanos(body, iterations, true);
            long parse = median(body, iterations, false);
            long both = median(body, iterations, true);
            long decode = Math.max(0, both - parse);
            table.row(body.name(), Format.micros(parse), Format.micros(both), Format.micros(decode),
                    Format.ratio(decode, parse));
        }
        table.print(System.out);
    }

    private long median(Body body, int iterations, boolean decode) {
        long[] rounds = new long[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            rounds[r] = roundNanos(body, iterations, decode);
        }
        Arrays.sort(rounds);
        return rounds[ROUNDS / 2];
    }

    /** Nanoseconds per object over one round. */
    private long roundNanos(Body body, int iterations, boolean decode) {
        long unknown = 0;
        long start = clock.nanoTime();
        for (int i = 0; i < iterations; i++) {
            ObjectNode object = (ObjectNode) Json.parse(body.json());
            if (decode) {
                unknown += ObjectDecoder.decode(body.apiVersion(), body.kind(), object).size();
            }
        }
        long perObject = (clock.nanoTime() - start) / iterations;
        if (unknown != 0) {
            throw new IllegalStateException(body.name() + " has fields its kind does not have");
        }
        return perObject;
    }
}
