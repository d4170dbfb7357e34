package skiff.apiserver.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.netty.handler.codec.http.QueryStringEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import skiff.api.validation.FieldError;
import skiff.apiserver.kubelet.KubeletConnections;
import skiff.apiserver.kubelet.KubeletEndpoint;
import skiff.apiserver.discovery.SubresourceDescription;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET pods/NAME/log} (k/k pkg/registry/core/pod/rest/log.go LogREST and strategy.go LogLocation): validates the
 * PodLogOptions, picks the container, finds the pod's node's kubelet and streams its {@code /containerLogs} answer
 * back unchanged, chunked; the kubelet's refusal becomes a BadRequest carrying its message.
 */
final class PodLogHandler implements SubresourceHandler {
    private final ResourceStorage nodes;
    private final KubeletConnections kubelets;

    PodLogHandler(ResourceStorage nodes, KubeletConnections kubelets) {
        this.nodes = nodes;
        this.kubelets = kubelets;
    }

    @Override
    public SubresourceDescription description(ResourceDefinition owner) {
        return new SubresourceDescription("log", "", "v1", "Pod", List.of("get"));
    }

    @Override
    public void handle(Exchange ex, ResourceStorage pods, RequestTarget.Resource target) throws InterruptedException {
        if (!ex.method().equals("GET") || target.collection()) {
            throw StatusException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
        JsonNode pod = pods.get(target.namespace(), target.name());
        String container = PodContainerChoice.choose(pod, ex.param("container"));
        QueryStringEncoder query = new QueryStringEncoder("/containerLogs/" + target.namespace() + "/"
                + target.name() + "/" + container);
        validateAndCopy(ex, target.name(), query);
        String nodeName = pod.path("spec").path("nodeName").asString("");
        if (nodeName.isEmpty()) {
            // LogLocation: a pod not yet assigned a node has no logs; the answer is empty.
            ex.send(200, "text/plain", new byte[0]);
            return;
        }
        KubeletEndpoint endpoint = KubeletEndpoint.of(nodes.get(null, nodeName));
        KubeletAnswer answer;
        try {
            // A 200 body waits (paused) for the copy to the client; any other body is read whole, as the message.
            answer = kubelets.http(endpoint).request(new RequestOptions().setMethod(HttpMethod.GET)
                            .setHost(endpoint.host()).setPort(endpoint.port()).setURI(query.toString()))
                    .compose(request -> request.send())
                    .compose(response -> {
                        if (response.statusCode() == 200) {
                            response.pause();
                            return Future.succeededFuture(new KubeletAnswer(response, ""));
                        }
                        return response.body().map(b -> new KubeletAnswer(response,
                                b.toString(StandardCharsets.UTF_8).strip()));
                    })
                    .toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw StatusException.internal("cannot reach the kubelet of node " + nodeName + ": "
                    + e.getCause().getMessage());
        }
        HttpClientResponse response = answer.response();
        if (response.statusCode() != 200) {
            // k/k apiserver pkg/registry/generic/rest/streamer.go genericResponseChecker: a kubelet's 4xx becomes an
            // error with that code and its body as the message.
            throw switch (response.statusCode()) {
                case 400 -> StatusException.badRequest(answer.error());
                case 404 -> StatusException.notFound(answer.error());
                default -> StatusException.internal("the kubelet answered " + response.statusCode() + ": "
                        + answer.error());
            };
        }
        ex.proxy(response, "text/plain");
    }

    private record KubeletAnswer(HttpClientResponse response, String error) {}

    // k/k pkg/apis/core/validation/validation.go ValidatePodLogOptions.
    private static void validateAndCopy(Exchange ex, String name, QueryStringEncoder query) {
        List<FieldError> errors = new ArrayList<>();
        for (String flag : List.of("follow", "previous", "timestamps")) {
            if (Boolean.parseBoolean(ex.param(flag))) {
                query.addParam(flag, "true");
            }
        }
        Long tail = number(ex, "tailLines");
        if (tail != null) {
            if (tail < 0) {
                errors.add(FieldError.invalid("tailLines", tail, "must be greater than or equal to 0"));
            }
            query.addParam("tailLines", tail.toString());
        }
        Long limit = number(ex, "limitBytes");
        if (limit != null) {
            if (limit < 1) {
                errors.add(FieldError.invalid("limitBytes", limit, "must be greater than 0"));
            }
            query.addParam("limitBytes", limit.toString());
        }
        Long sinceSeconds = number(ex, "sinceSeconds");
        String sinceTime = ex.param("sinceTime");
        boolean hasSinceTime = sinceTime != null && !sinceTime.isEmpty();
        if (sinceSeconds != null && hasSinceTime) {
            errors.add(FieldError.forbidden("", "at most one of `sinceTime` or `sinceSeconds` may be specified"));
        }
        if (sinceSeconds != null) {
            if (sinceSeconds < 1) {
                errors.add(FieldError.invalid("sinceSeconds", sinceSeconds, "must be greater than 0"));
            }
            query.addParam("sinceSeconds", sinceSeconds.toString());
        }
        if (hasSinceTime) {
            try {
                query.addParam("sinceTime", Instant.parse(sinceTime).toString());
            } catch (DateTimeParseException e) {
                throw StatusException.badRequest("parsing time \"" + sinceTime + "\" as RFC3339: invalid time");
            }
        }
        if (!errors.isEmpty()) {
            throw StatusException.invalid("", "PodLogOptions", name, errors);
        }
    }

    private static Long number(Exchange ex, String param) {
        String v = ex.param(param);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw StatusException.badRequest("strconv.ParseInt: parsing \"" + v + "\": invalid syntax");
        }
    }
}
