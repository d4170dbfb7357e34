package skiff.apiserver.http;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import skiff.api.json.Json;
import skiff.api.time.Clock;
import skiff.api.validation.FieldError;
import skiff.apiserver.authn.Authentication;
import skiff.apiserver.authn.ServiceAccountTokenIssuer;
import skiff.apiserver.discovery.SubresourceDescription;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.registry.WriteOptions;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A service account's {@code token} subresource: TokenRequest hands out a signed, time-bound token for the account,
 * optionally bound to a pod so that it stops working once the pod is gone (k/k
 * pkg/registry/core/serviceaccount/storage/token.go TokenREST.Create, 1.32). {@code kubectl create token} uses it.
 */
final class TokenRequestHandler implements SubresourceHandler {
    // k/k pkg/apis/authentication/v1/defaults.go: an hour; validation.go ValidateTokenRequest: 10 minutes to 2^32 s.
    static final long DEFAULT_EXPIRATION_SECONDS = 3600;
    static final long MIN_EXPIRATION_SECONDS = 600;
    static final long MAX_EXPIRATION_SECONDS = 1L << 32;

    private final Authentication authentication;
    private final ResourceStorage pods;
    private final ResourceStorage nodes;
    private final Clock clock;

    TokenRequestHandler(Authentication authentication, ResourceStorage pods, ResourceStorage nodes, Clock clock) {
        this.authentication = authentication;
        this.pods = pods;
        this.nodes = nodes;
        this.clock = clock;
    }

    @Override
    public SubresourceDescription description(ResourceDefinition owner) {
        return new SubresourceDescription("token", "authentication.k8s.io", "v1", "TokenRequest", List.of("create"));
    }

    @Override
    public void handle(Exchange ex, ResourceStorage serviceAccounts, RequestTarget.Resource target) {
        if (!ex.method().equals("POST")) {
            throw SubresourceHandler.methodNotAllowed();
        }
        ObjectNode request = ResourceHandler.objectBody(ex);
        String name = request.path("metadata").path("name").asString("");
        if (!name.isEmpty() && !name.equals(target.name())) {
            throw StatusException.badRequest("name in URL does not match name in TokenRequest object");
        }
        // k/k apiserver endpoints/handlers/create.go: mutating admission runs before TokenREST.Create validates.
        serviceAccounts.admitSubresourceCreate("token", target.namespace(), target.name(), request,
                new WriteOptions(false, null, null, ex.user()));
        ObjectNode spec = request.withObject("spec");
        long seconds = spec.path("expirationSeconds").asLong(DEFAULT_EXPIRATION_SECONDS);
        validate(spec, seconds, target.name());
        ObjectNode account = serviceAccounts.get(target.namespace(), target.name());
        List<String> audiences = new ArrayList<>();
        spec.path("audiences").forEach(a -> audiences.add(a.asString("")));
        if (audiences.isEmpty()) {
            audiences.addAll(authentication.apiAudiences());
        }
        Optional<ObjectNode> pod = boundPod(spec.path("boundObjectRef"), target);
        Optional<ObjectNode> node = pod.map(p -> p.path("spec").path("nodeName").asString(""))
                .filter(n -> !n.isEmpty()).flatMap(n -> nodes.find(null, n));
        ServiceAccountTokenIssuer.IssuedToken token = authentication.issuer().issue(account, pod, node, audiences,
                Duration.ofSeconds(seconds));
        ObjectNode response = Json.object();
        response.put("kind", "TokenRequest");
        response.put("apiVersion", "authentication.k8s.io/v1");
        ObjectNode metadata = response.putObject("metadata");
        metadata.put("name", target.name());
        metadata.put("namespace", target.namespace());
        metadata.put("creationTimestamp", timestamp(clock.now()));
        ObjectNode outSpec = response.putObject("spec");
        audiences.forEach(outSpec.putArray("audiences")::add);
        outSpec.put("expirationSeconds", seconds);
        if (pod.isPresent()) {
            outSpec.set("boundObjectRef", spec.get("boundObjectRef"));
        }
        ObjectNode status = response.putObject("status");
        status.put("token", token.token());
        status.put("expirationTimestamp", timestamp(token.expiresAt()));
        ex.sendJson(201, response);
    }

    // k/k pkg/apis/authentication/validation/validation.go ValidateTokenRequest (1.32).
    private static void validate(ObjectNode spec, long seconds, String name) {
        List<FieldError> errors = new ArrayList<>();
        if (seconds < MIN_EXPIRATION_SECONDS) {
            errors.add(FieldError.invalid("spec.expirationSeconds", seconds,
                    "may not specify a duration less than 10 minutes"));
        } else if (seconds > MAX_EXPIRATION_SECONDS) {
            errors.add(FieldError.invalid("spec.expirationSeconds", seconds,
                    "may not specify a duration larger than 2^32 seconds"));
        }
        if (!errors.isEmpty()) {
            throw StatusException.invalid("authentication.k8s.io", "TokenRequest", name, errors);
        }
    }

    // k/k token.go TokenREST.Create: a Pod reference must name a pod of this namespace that runs as this account,
    // with the uid given if any; Secrets and Nodes are not bound here.
    private Optional<ObjectNode> boundPod(JsonNode ref, RequestTarget.Resource target) {
        if (ref.isMissingNode() || ref.isNull()) {
            return Optional.empty();
        }
        String kind = ref.path("kind").asString("");
        String apiVersion = ref.path("apiVersion").asString("v1");
        if (!kind.equals("Pod") || !apiVersion.equals("v1")) {
            // Go's GroupVersionKind.String: "/v1, Kind=Secret" in the core group.
            throw StatusException.badRequest("cannot bind token to object of type "
                    + (apiVersion.contains("/") ? apiVersion : "/" + apiVersion) + ", Kind=" + kind);
        }
        String podName = ref.path("name").asString("");
        ObjectNode pod = pods.get(target.namespace(), podName);
        String uid = ref.path("uid").asString("");
        String stored = pod.path("metadata").path("uid").asString("");
        if (!uid.isEmpty() && !uid.equals(stored)) {
            throw StatusException.conflict("", "Pod", podName, "the UID in the bound object reference (" + uid
                    + ") does not match the UID in record. The object might have been deleted and then recreated");
        }
        if (!pod.path("spec").path("serviceAccountName").asString("").equals(target.name())) {
            throw StatusException.badRequest("cannot bind token for serviceaccount \"" + target.name()
                    + "\" to pod running with different serviceaccount name.");
        }
        return Optional.of(pod);
    }

    private static String timestamp(java.time.Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
