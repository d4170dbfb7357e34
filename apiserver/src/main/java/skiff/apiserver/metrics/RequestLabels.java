package skiff.apiserver.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import skiff.apiserver.authz.RequestAttributes;

/**
 * How one request is labelled in kube-apiserver's request metrics (k/k apiserver pkg/endpoints/metrics/metrics.go
 * CleanVerb, CleanScope and cleanDryRun; pkg/server/filters/longrunning.go; 1.32).
 *
 * @param resourceRequest whether the request is for an API resource; only those count in {@code
 *     apiserver_request_total}, as k/k instruments its resource routes
 */
public record RequestLabels(String verb, String dryRun, String group, String version, String resource,
        String subresource, String scope, String component, boolean resourceRequest, boolean longRunning,
        boolean readOnly) {
    public static final String READ_ONLY = "readOnly";
    public static final String MUTATING = "mutating";
    /** metrics.go APIServerComponent. */
    public static final String APISERVER = "apiserver";
    private static final String APPLY_PATCH = "application/apply-patch+yaml";
    // metrics.go validConnectRequests: these subresources are reported as CONNECT.
    private static final Set<String> CONNECT_SUBRESOURCES = Set.of("log", "exec", "portforward", "attach", "proxy");
    // kube-apiserver's BasicLongRunningRequestCheck(watch, proxy; attach, exec, proxy, log, portforward).
    private static final Set<String> LONG_RUNNING_VERBS = Set.of("watch", "proxy");
    // filters/maxinflight.go nonMutatingRequestVerbs.
    private static final Set<String> READ_ONLY_VERBS = Set.of("get", "list", "watch");
    // The verb each Kubernetes verb is reported as: the installer's action (POST for create, PUT for update, ...).
    private static final Map<String, String> REPORTED = Map.of("create", "POST", "update", "PUT", "patch", "PATCH",
            "delete", "DELETE", "deletecollection", "DELETECOLLECTION", "get", "GET", "list", "LIST", "watch",
            "WATCH", "proxy", "PROXY");

    /**
     * The labels of a request with these authorization attributes, {@code Content-Type} and {@code dryRun} query
     * values.
     */
    public static RequestLabels of(RequestAttributes a, String contentType, List<String> dryRun) {
        boolean longRunning = LONG_RUNNING_VERBS.contains(a.verb())
                || a.resourceRequest() && CONNECT_SUBRESOURCES.contains(a.subresource());
        boolean readOnly = READ_ONLY_VERBS.contains(a.verb());
        if (!a.resourceRequest()) {
            return new RequestLabels(a.verb().toUpperCase(Locale.ROOT), "", "", "", "", "", "", "", false,
                    longRunning, readOnly);
        }
        String verb = REPORTED.getOrDefault(a.verb(), a.verb().toUpperCase(Locale.ROOT));
        if (verb.equals("PATCH") && contentType.equals(APPLY_PATCH)) {
            verb = "APPLY";
        }
        if (CONNECT_SUBRESOURCES.contains(a.subresource())) {
            verb = "CONNECT";
        }
        String scope = !a.name().isEmpty() || a.verb().equals("create") ? "resource"
                : !a.namespace().isEmpty() ? "namespace" : "cluster";
        return new RequestLabels(verb, dryRun(dryRun), a.apiGroup(), a.apiVersion(), a.resource(), a.subresource(),
                scope, APISERVER, true, longRunning, readOnly);
    }

    // metrics.go cleanDryRun: the distinct values, sorted, joined by commas.
    private static String dryRun(List<String> values) {
        return String.join(",", new TreeSet<>(values));
    }
}
