package skiff.apiserver.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import skiff.api.metrics.MetricsText;
import skiff.api.json.Json;
import skiff.api.time.Clock;
import skiff.apiserver.audit.AuditRecord;
import skiff.apiserver.audit.Auditor;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.authn.Authentication;
import skiff.apiserver.authn.AuthenticationException;
import skiff.apiserver.authn.Credentials;
import skiff.apiserver.authn.OpenIdDiscovery;
import skiff.apiserver.authz.Authorizer;
import skiff.apiserver.authz.Decision;
import skiff.apiserver.authz.Forbidden;
import skiff.apiserver.authz.Impersonation;
import skiff.apiserver.authz.RequestAttributes;
import skiff.apiserver.authz.RequestInfo;
import skiff.apiserver.discovery.DiscoveryDocuments;
import skiff.apiserver.openapi.OpenApiDocuments;
import skiff.apiserver.openapi.OpenApiV2Document;
import skiff.apiserver.kubelet.KubeletConnections;
import skiff.apiserver.metrics.ApiServerMetrics;
import skiff.apiserver.metrics.RequestLabels;
import skiff.apiserver.resourcemetrics.MetricsStore;
import skiff.apiserver.registry.Registries;
import skiff.apiserver.status.StatusException;
import skiff.store.StoreException;
import tools.jackson.databind.JsonNode;

/**
 * Authenticates, applies impersonation to and authorizes each request (k/k apiserver pkg/server/config.go
 * DefaultBuildHandlerChain order), then routes it: health and version, discovery, OpenAPI, then the resource
 * endpoints. Every failure leaves as a Kubernetes Status; a fault becomes a 500 without a stack trace on the wire.
 */
final class ApiRequestHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRequestHandler.class);
    private static final String AGGREGATED = "as=APIGroupDiscoveryList";

    private final Registries registries;
    private final DiscoveryDocuments discovery;
    private final OpenApiHandler openApi;
    private final ResourceHandler resources;
    private final Authentication authentication;
    private final OpenIdDiscovery openId;
    private final Authorizer authorizer;
    private final Impersonation impersonation;
    private final HealthEndpoints health;
    private final String serverAddress;
    private final Clock clock;
    private final ApiServerMetrics metrics;
    private final Auditor auditor;

    ApiRequestHandler(Registries registries, Clock clock, Authentication authentication, HealthEndpoints health,
            String serverAddress, KubeletConnections kubelets, ApiServerMetrics metrics, Auditor auditor,
            MetricsStore resourceMetrics) {
        this.registries = registries;
        this.auditor = auditor;
        this.clock = clock;
        this.metrics = metrics;
        this.resources = new ResourceHandler(registries, clock, kubelets, authentication, metrics, resourceMetrics);
        this.discovery = new DiscoveryDocuments(registries.catalog(), resources.subresources());
        OpenApiDocuments openApiV3 = new OpenApiDocuments(registries.catalog(), VersionInfo.GIT_VERSION, clock);
        this.openApi = new OpenApiHandler(openApiV3, new OpenApiV2Document(openApiV3, VersionInfo.GIT_VERSION),
                clock);
        this.authentication = authentication;
        this.openId = new OpenIdDiscovery(authentication.tokenCodec(), "https://" + serverAddress);
        this.authorizer = registries.requestAuthorizer();
        this.impersonation = new Impersonation(authorizer);
        this.health = health;
        this.serverAddress = serverAddress;
    }

    /** Serves the request, counting it in the request metrics ({@link RequestLabels}). */
    void handle(Exchange ex) {
        long started = clock.nanoTime();
        Instant received = clock.now();
        RequestAttributes attributes = RequestInfo.of(null, ex.method(), ex.path(), ex::param);
        RequestLabels labels = RequestLabels.of(attributes, ex.contentType(), ex.params("dryRun"));
        try (ApiServerMetrics.InFlight inFlight = metrics.started(labels)) {
            serve(ex, attributes, received);
        } finally {
            if (labels.resourceRequest()) {
                metrics.request(labels, ex.statusCode(), Duration.ofNanos(clock.nanoTime() - started));
            }
        }
    }

    /**
     * Authenticates, audits (k/k 1.32 DefaultBuildHandlerChain: the audit filter runs once the user is known, before
     * authorization, whose decision it records) and authorizes the request, then routes it.
     */
    private void serve(Exchange ex, RequestAttributes attributes, Instant received) {
        AuditRecord audit = null;
        try {
            UserInfo authenticated = authenticate(ex.credentials());
            UserInfo user = impersonation.actingAs(authenticated, ex.impersonationHeaders());
            ex.authenticatedAs(user);
            RequestAttributes acting = attributes.withUser(user);
            audit = auditor.start(new Auditor.Request(authenticated, user, acting, ex.uri(), ex.sourceIps(),
                    ex.header("User-Agent"), received)).orElse(null);
            Decision decision = authorizer.authorize(acting);
            if (audit != null) {
                AuditRecord record = audit;
                ex.responseHeader("Audit-Id", record.auditId());
                ex.onResponseStarted(() -> record.responseStarted(ex.statusCode(), requestObject(ex)));
                ex.auditAnnotationsTo(record::annotate);
                record.authorized(decision);
            }
            if (!decision.allowed()) {
                throw Forbidden.of(acting, decision.reason());
            }
            route(ex);
        } catch (StatusException e) {
            ex.sendStatus(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (StoreException e) {
            LOG.error("store failure on {} {}", ex.method(), ex.path(), e);
            ex.sendStatus(StatusException.internal(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("internal error on {} {}", ex.method(), ex.path(), e);
            ex.sendStatus(StatusException.internal(e.getClass().getSimpleName() + ": " + e.getMessage()));
        } finally {
            if (audit != null) {
                audit.completed(ex.statusCode(), requestObject(ex), responseObject(ex));
            }
        }
    }

    /** The request's body as JSON, if it has one in JSON, YAML or protobuf (for the audit log). */
    private static JsonNode requestObject(Exchange ex) {
        if (ex.body().length == 0) {
            return null;
        }
        try {
            return ex.bodyTree();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The answer's body as JSON, if it was sent whole as JSON (for the audit log). */
    private static JsonNode responseObject(Exchange ex) {
        byte[] body = ex.sentBody();
        if (body == null || !ex.sentType().startsWith("application/json")) {
            return null;
        }
        try {
            return Json.parse(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Serves a WebSocket upgrade request, which Kubernetes clients send for watches. */
    void handleWebSocket(WebSocketWatch socket) {
        try {
            UserInfo user = impersonation.actingAs(authenticate(socket.credentials()), socket.impersonationHeaders());
            socket.authenticatedAs(user);
            RequestAttributes attributes = RequestInfo.of(user, "GET", socket.path(), socket::param);
            authorize(attributes);
            // k/k 1.32 AuthorizePodWebsocketUpgradeCreatePermission: a WebSocket exec, attach or port-forward needs
            // create as well, as the same request over SPDY (a POST) does.
            if (attributes.resource().equals("pods") && attributes.apiGroup().isEmpty()
                    && Set.of("exec", "attach", "portforward").contains(attributes.subresource())) {
                authorize(attributes.withVerb("create"));
            }
            if (!(RequestTarget.parse(socket.path(), registries.catalog()) instanceof RequestTarget.Resource target)) {
                throw StatusException.notFound("the server could not find the requested resource");
            }
            resources.watch(socket, target);
        } catch (StatusException e) {
            socket.fail(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("internal error on WebSocket {}", socket.path(), e);
            socket.fail(StatusException.internal(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    /** Who sends the request (anonymous when it presents no credentials); 401 when its credentials prove no one. */
    private UserInfo authenticate(Credentials credentials) {
        try {
            return authentication.authenticate(credentials);
        } catch (AuthenticationException e) {
            LOG.debug("unable to authenticate the request: {}", e.getMessage());
            throw StatusException.unauthorized();
        }
    }

    private void authorize(RequestAttributes attributes) {
        Decision decision = authorizer.authorize(attributes);
        if (!decision.allowed()) {
            throw Forbidden.of(attributes, decision.reason());
        }
    }

    private void route(Exchange ex) throws InterruptedException {
        String path = ex.path();
        switch (path) {
            case "/version" -> ex.sendJson(200, VersionInfo.document());
            case "/metrics" -> {
                requireGet(ex);
                ex.send(200, MetricsText.CONTENT_TYPE, MetricsText.render(metrics.registry()));
            }
            case OpenIdDiscovery.CONFIGURATION_PATH -> openId(ex, "application/json", openId.configuration());
            case OpenIdDiscovery.JWKS_PATH -> openId(ex, OpenIdDiscovery.JWKS_MEDIA_TYPE, openId.jwks());
            case "/openapi/v3" -> openApi.root(ex);
            case "/openapi/v2" -> openApi.v2(ex);
            default -> {
                if (path.startsWith("/openapi/v3/")) {
                    openApi.groupVersion(ex, path.substring("/openapi/v3/".length()));
                } else if (path.startsWith("/api") ) {
                    api(ex, RequestTarget.parse(path, registries.catalog()));
                } else if (health.serves(path)) {
                    health.serve(ex);
                } else {
                    ex.sendText(404, "404 page not found\n");
                }
            }
        }
    }

    // k/k pkg/routes/openidmetadata.go (1.32): GET only, cacheable for an hour.
    private static void openId(Exchange ex, String contentType, JsonNode document) {
        requireGet(ex);
        ex.sendCacheable(200, contentType, Json.bytes(document), OpenIdDiscovery.CACHE_CONTROL);
    }

    private void api(Exchange ex, RequestTarget target) throws InterruptedException {
        switch (target) {
            case RequestTarget.DiscoveryRoot root -> {
                requireGet(ex);
                String accept = ex.header("Accept");
                if (accept.contains(AGGREGATED)) {
                    String version = accept.contains("v=v2;") || accept.contains("v=v2,") ? "v2" : "v2beta1";
                    ex.send(200, "application/json;g=apidiscovery.k8s.io;v=" + version + ";as=APIGroupDiscoveryList",
                            Json.bytes(discovery.aggregated(root.legacy(), version)));
                } else {
                    ex.sendJson(200, root.legacy() ? discovery.apiVersions(serverAddress) : discovery.apiGroupList());
                }
            }
            case RequestTarget.GroupDiscovery g -> {
                requireGet(ex);
                ex.sendJson(200, discovery.apiGroup(g.group()));
            }
            case RequestTarget.ResourceListDiscovery r -> {
                requireGet(ex);
                ex.sendJson(200, discovery.apiResourceList(r.group(), r.version()));
            }
            case RequestTarget.Resource r -> resources.handle(ex, r);
            case RequestTarget.Unknown u -> throw StatusException.notFound("the server could not find the requested resource");
        }
    }

    private static void requireGet(Exchange ex) {
        if (!ex.method().equals("GET")) {
            throw StatusException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

}
