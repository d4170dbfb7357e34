package skiff.bench.api;

/** The pod every API benchmark creates: one container, a few labels, requests; about 300 bytes of JSON. */
public final class PodManifest {
    private PodManifest() {}

    public static String json(String name) {
        return """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"app":"bench","tier":"load"}},\
                "spec":{"containers":[{"name":"app","image":"busybox:1.36","command":["sleep","3600"],\
                "resources":{"requests":{"cpu":"10m","memory":"16Mi"}}}]}}""".formatted(name);
    }

    public static String namespace(String name) {
        return """
                {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"%s"}}""".formatted(name);
    }
}
