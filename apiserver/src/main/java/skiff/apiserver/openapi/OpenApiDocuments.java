package skiff.apiserver.openapi;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import skiff.api.json.Json;
import skiff.api.time.Clock;
import skiff.apiserver.resource.ResourceCatalog;
import skiff.apiserver.resource.ResourceDefinition;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI v3 documents: the root index at /openapi/v3 and one document per served group-version, with
 * Kubernetes' schemas for built-in kinds and each CustomResourceDefinition's structural schema for custom ones
 * (k/k 1.32 kube-openapi pkg/handler3; apiextensions-apiserver pkg/controller/openapi). A document is built when
 * first read and again only when the resources of its group-version change.
 */
public final class OpenApiDocuments {
    private final ResourceCatalog catalog;
    private final String serverVersion;
    private final Clock clock;
    private final BuiltinSpecs builtins = new BuiltinSpecs();
    private final Map<String, Document> cache = new ConcurrentHashMap<>();

    /**
     * One group-version's document as served, its JSON built when first read.
     *
     * @param etag what the root's serverRelativeURL carries as hash: the SHA-512 of the document for a custom
     *     group-version; for a built-in one, of its source, the server's version and the resources served, which
     *     determine the document, so that the root is answered without building every document
     */
    public record Document(String path, List<ResourceDefinition> served, Supplier<byte[]> content, String etag,
            Instant lastModified) {
        public byte[] json() {
            return content.get();
        }
    }

    public OpenApiDocuments(ResourceCatalog catalog, String serverVersion, Clock clock) {
        this.catalog = catalog;
        this.serverVersion = serverVersion;
        this.clock = clock;
    }

    /** The documents of the group-versions served now (CRDs come and go), in discovery order. */
    public List<Document> documents() {
        List<Document> documents = new ArrayList<>();
        for (String group : catalog.groups()) {
            for (String version : catalog.versions(group)) {
                documents.add(document(group, version));
            }
        }
        cache.keySet().retainAll(documents.stream().map(Document::path).toList());
        return documents;
    }

    /** {"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=…"}, …}}. */
    public byte[] root() {
        ObjectNode root = Json.object();
        ObjectNode paths = root.putObject("paths");
        for (Document d : documents()) {
            paths.putObject(d.path()).put("serverRelativeURL", serverRelativeUrl(d));
        }
        return Json.bytes(root);
    }

    public static String serverRelativeUrl(Document d) {
        return "/openapi/v3/" + d.path() + "?hash=" + d.etag();
    }

    /** The document for "api/v1" or "apis/GROUP/VERSION", if that group-version is served. */
    public Optional<Document> document(String path) {
        String[] parts = path.split("/");
        if (parts.length == 2 && parts[0].equals("api")) {
            return served("", parts[1]);
        }
        if (parts.length == 3 && parts[0].equals("apis")) {
            return served(parts[1], parts[2]);
        }
        return Optional.empty();
    }

    private Optional<Document> served(String group, String version) {
        return catalog.servesGroupVersion(group, version) ? Optional.of(document(group, version)) : Optional.empty();
    }

    private Document document(String group, String version) {
        String path = group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
        List<ResourceDefinition> served = catalog.inGroupVersion(group, version);
        return cache.compute(path, (p, cached) ->
                cached != null && cached.served().equals(served) ? cached : build(p, group, version, served));
    }

    private Document build(String path, String group, String version, List<ResourceDefinition> served) {
        List<ResourceDefinition> custom = served.stream().filter(ResourceDefinition::isCustom).toList();
        Optional<byte[]> source = custom.isEmpty() ? BuiltinSpecs.source(path) : Optional.empty();
        if (source.isPresent()) {
            String names = String.join(",", served.stream().map(ResourceDefinition::resource).toList());
            byte[] identity = (etag(source.get()) + "\n" + serverVersion + "\n" + names).getBytes(UTF_8);
            Supplier<byte[]> json = memoized(() -> Json.bytes(BuiltinDocument.of(
                    (ObjectNode) Json.parse(BuiltinSpecs.source(path).orElseThrow()), path, served, serverVersion)));
            return new Document(path, served, json, etag(identity), clock.now());
        }
        byte[] json = Json.bytes(CustomResourceDocument.of(group, version, custom, builtins.metaSchemas(),
                serverVersion));
        return new Document(path, served, () -> json, etag(json), clock.now());
    }

    private static Supplier<byte[]> memoized(Supplier<byte[]> build) {
        AtomicReference<byte[]> built = new AtomicReference<>();
        return () -> built.updateAndGet(b -> b != null ? b : build.get());
    }

    /** kube-openapi computeETag: the SHA-512 of the document, upper-case hex. */
    public static String etag(byte[] doc) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(doc)).toUpperCase();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every document's named schemas, by name, for the OpenAPI v2 document. */
    Map<String, ObjectNode> schemasByDocument(List<Document> documents) {
        Map<String, ObjectNode> schemas = new LinkedHashMap<>();
        for (Document d : documents) {
            schemas.put(d.path(), (ObjectNode) Json.parse(d.json()).path("components").path("schemas"));
        }
        return schemas;
    }
}
