package skiff.apiserver.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * {@code /healthz}, {@code /livez} and {@code /readyz} with their named checks (k/k apiserver pkg/server/healthz
 * (1.32): "ok" when every check passes, otherwise 500 with one {@code [+]name ok} / {@code [-]name failed: reason
 * withheld} line per check; {@code ?verbose} lists them either way; {@code /readyz/name} runs one check). The store
 * check asks the store Skiff really uses (SQLite or memory) for a key, as k/k's etcd check does with etcd.
 */
final class HealthEndpoints {
    private final Map<String, BooleanSupplier> live;
    private final Map<String, BooleanSupplier> ready;

    /**
     * @param storeAnswers whether the store answers a read
     * @param started whether the server has started and is not stopping (false before readiness and from the
     *     moment the server begins to stop, as k/k's post-start hooks and shutdown checks are)
     */
    HealthEndpoints(BooleanSupplier storeAnswers, BooleanSupplier started) {
        live = new LinkedHashMap<>();
        live.put("ping", () -> true);
        live.put("log", () -> true);
        live.put("store", storeAnswers);
        ready = new LinkedHashMap<>(live);
        ready.put("started", started);
    }

    /** The checks of {@code path} ("/livez", "/readyz/store", ...), if it is a health endpoint. */
    boolean serves(String path) {
        return endpoint(path).isPresent();
    }

    void serve(Exchange ex) {
        String path = ex.path();
        String endpoint = endpoint(path).orElseThrow();
        Map<String, BooleanSupplier> checks = endpoint.equals("readyz") ? ready : live;
        if (path.length() > endpoint.length() + 2) {
            BooleanSupplier check = checks.get(path.substring(endpoint.length() + 2));
            if (check == null) {
                ex.sendText(404, "404 page not found\n");
            } else if (check.getAsBoolean()) {
                ex.sendText(200, "ok");
            } else {
                ex.sendText(500, "internal server error: reason withheld\n");
            }
            return;
        }
        StringBuilder report = new StringBuilder();
        boolean passed = true;
        for (Map.Entry<String, BooleanSupplier> check : checks.entrySet()) {
            boolean ok = check.getValue().getAsBoolean();
            passed &= ok;
            report.append(ok ? "[+]" + check.getKey() + " ok\n" : "[-]" + check.getKey() + " failed: reason withheld\n");
        }
        if (passed && ex.param("verbose") == null) {
            ex.sendText(200, "ok");
            return;
        }
        report.append(endpoint).append(passed ? " check passed\n" : " check failed\n");
        ex.sendText(passed ? 200 : 500, report.toString());
    }

    private static Optional<String> endpoint(String path) {
        for (String endpoint : new String[] {"healthz", "livez", "readyz"}) {
            if (path.equals("/" + endpoint) || path.startsWith("/" + endpoint + "/")) {
                return Optional.of(endpoint);
            }
        }
        return Optional.empty();
    }
}
