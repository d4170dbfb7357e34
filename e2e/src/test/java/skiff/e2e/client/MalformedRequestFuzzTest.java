package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A bounded, seeded fuzz of the API server with malformed requests (see {@link MalformedRequests}): no answer is a
 * 500, every error is a well-formed Status, the server still serves afterwards, and every object it accepted
 * decodes into its fabric8 model class. The seed is printed; {@code -Dskiff.fuzz.seed=N} replays a run and
 * {@code -Dskiff.fuzz.requests=N} changes its length.
 */
class MalformedRequestFuzzTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long SEED = Long.getLong("skiff.fuzz.seed", 20261207L);
    private static final int COUNT = Integer.getInteger("skiff.fuzz.requests", 3000);
    private static final Map<String, String> PREFIXES = Map.of("replicasets", "/apis/apps/v1",
            "deployments", "/apis/apps/v1", "statefulsets", "/apis/apps/v1", "daemonsets", "/apis/apps/v1",
            "leases", "/apis/coordination.k8s.io/v1", "events.events.k8s.io", "/apis/events.k8s.io/v1",
            "endpointslices", "/apis/discovery.k8s.io/v1");

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet().build();

    private final KubernetesClient client = skiff.client();

    @Test
    void malformedRequestsAreRefusedWithAStatusAndLeaveTheServerAndControllersWorking() {
        String namespace = FreshNamespace.create(client, "fuzz");
        List<MalformedRequests.Target> targets = targets(namespace);

        Map<String, String> failures = fuzz(targets);

        assertThat(failures).as("seed " + SEED).isEmpty();
        assertEveryStoredObjectDecodes(namespace, targets);
        client.configMaps().inNamespace(namespace).resource(SampleObjects.configMap(namespace, "after-fuzz")).create();
        assertThat(client.configMaps().inNamespace(namespace).withName("after-fuzz").get().getData())
                .containsEntry("key", "value");
        // The controllers read everything the fuzz left behind and still work: a new Deployment gets its pods.
        client.resource(SampleObjects.deployment(namespace, "after-fuzz")).create();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(client.pods().inNamespace(namespace)
                .withLabel("app", "after-fuzz").list().getItems()).hasSize(2));
    }

    /** Nothing malformed was stored: every object the server accepted decodes into its fabric8 model class. */
    private void assertEveryStoredObjectDecodes(String namespace, List<MalformedRequests.Target> targets) {
        Map<String, String> undecodable = new LinkedHashMap<>();
        List<ServedKind> kinds = ServedKind.all();
        try (WireClient wire = new WireClient(skiff.server())) {
            for (int k = 0; k < kinds.size(); k++) {
                Class<? extends HasMetadata> type = kinds.get(k).build(namespace, "x").getClass();
                JsonNode list = JSON.readTree(wire.send("GET", targets.get(k).collectionPath(), null, null).body());
                for (JsonNode item : list.path("items")) {
                    try {
                        Serialization.unmarshal(item.toString(), type);
                    } catch (RuntimeException e) {
                        undecodable.put(kinds.get(k).name() + " " + item.path("metadata").path("name").asString(""),
                                String.valueOf(e.getCause() == null ? e : e.getCause()));
                    }
                }
            }
        }
        assertThat(undecodable).as("stored objects that fabric8 cannot decode, seed " + SEED).isEmpty();
        for (ServedKind kind : kinds) {
            Class<? extends HasMetadata> type = kind.build(namespace, "x").getClass();
            KubernetesResourceList<? extends HasMetadata> stored = kind.namespaced()
                    ? client.resources(type).inNamespace(namespace).list() : client.resources(type).list();
            assertThat(stored.getItems()).as(kind.name()).isNotEmpty();
        }
    }

    /** A valid object of each served kind stored in {@code namespace}, to update and patch, and where each lives. */
    private List<MalformedRequests.Target> targets(String namespace) {
        List<MalformedRequests.Target> targets = new ArrayList<>();
        for (ServedKind kind : ServedKind.all()) {
            String base = namespace + "-base-" + kind.name().replace('.', '-');
            HasMetadata valid = kind.build(namespace, base);
            if (!kind.name().equals("namespaces")) {
                client.resource(valid).create();
            }
            String resource = kind.name().split("\\.")[0];
            String prefix = PREFIXES.getOrDefault(kind.name(), "/api/v1");
            String collection = kind.namespaced() ? prefix + "/namespaces/" + namespace + "/" + resource
                    : prefix + "/" + resource;
            targets.add(new MalformedRequests.Target(kind.name(), collection,
                    kind.name().equals("namespaces") ? namespace : base, (ObjectNode) JSON.readTree(
                            Serialization.asJson(valid)), kind.workload() && !kind.name().equals("daemonsets")));
        }
        return targets;
    }

    /** Sends the seeded requests; answers the problems found, each with the first request that showed it. */
    private Map<String, String> fuzz(List<MalformedRequests.Target> targets) {
        System.out.println("MalformedRequestFuzzTest seed=" + SEED + " requests=" + COUNT);
        MalformedRequests requests = new MalformedRequests(SEED, targets);
        Map<String, String> failures = new LinkedHashMap<>();
        try (WireClient wire = new WireClient(skiff.server())) {
            for (int i = 0; i < COUNT; i++) {
                MalformedRequests.Request r = requests.next(i);
                WireClient.Answer answer = wire.send(r.method(), r.uri(), r.contentType(), r.body());
                String problem = problem(answer);
                if (problem != null) {
                    failures.putIfAbsent(problem, "first at #" + i + ": " + r.method() + " " + r.uri() + " ("
                            + r.label() + ") -> " + abbreviate(answer.text()));
                }
            }
        }
        return failures;
    }

    /** What is wrong with an answer, or null: a 500, an error that is not a Status, a body that is not JSON. */
    private static String problem(WireClient.Answer answer) {
        if (answer.code() >= 500 && answer.code() != 504) {
            return "answered " + answer.code() + ": " + firstWords(answer.text());
        }
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (RuntimeException e) {
            return "answered " + answer.code() + " with a body that is not JSON";
        }
        if (answer.code() < 400) {
            return null;
        }
        boolean status = body.path("kind").asString("").equals("Status")
                && body.path("apiVersion").asString("").equals("v1")
                && body.path("status").asString("").equals("Failure")
                && body.path("code").asInt() == answer.code()
                && !body.path("reason").asString("").isEmpty()
                && body.path("message").isString()
                && answer.text().endsWith("}\n");
        return status ? null : "answered " + answer.code() + " with a malformed Status";
    }

    private static String firstWords(String text) {
        JsonNode body;
        try {
            body = JSON.readTree(text);
        } catch (RuntimeException e) {
            return abbreviate(text);
        }
        String message = body.path("message").asString(text);
        return message.length() > 90 ? message.substring(0, 90) : message;
    }

    private static String abbreviate(String text) {
        String s = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
