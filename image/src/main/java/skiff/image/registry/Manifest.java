package skiff.image.registry;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import skiff.image.Digest;
import skiff.image.MediaTypes;

/**
 * A manifest or an index as a registry serves it (OCI image-spec manifest.md, image-index.md; Docker image manifest
 * v2 schema 2 and manifest list): just what a pull needs.
 *
 * @param mediaType from the body, else the response's Content-Type
 * @param config null for an index
 * @param layers empty for an index
 * @param manifests an index's entries; empty for a manifest
 */
record Manifest(String mediaType, Descriptor config, List<Descriptor> layers, List<Descriptor> manifests) {

    /** The Accept list of a manifest GET: what this client can pull, as containerd's resolver sends it. */
    static final String ACCEPT = String.join(", ", MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST,
            MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST);
    static final int MAX_BYTES = 4 << 20;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * @param os/architecture/variant an index entry's platform, "" when it has none
     */
    record Descriptor(String mediaType, Digest digest, long size, String os, String architecture, String variant) {}

    boolean isIndex() {
        return MediaTypes.isIndex(mediaType);
    }

    /** Every blob of a manifest, config first. */
    List<Descriptor> blobs() {
        List<Descriptor> all = new ArrayList<>();
        all.add(config);
        all.addAll(layers);
        return all;
    }

    long imageSize() {
        return blobs().stream().mapToLong(Descriptor::size).sum();
    }

    /** @throws IllegalArgumentException with what is wrong */
    static Manifest parse(byte[] body, String contentType) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("manifest is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("manifest is not a JSON object");
        }
        String type = root.path("mediaType").asString("");
        if (type.isEmpty()) {
            type = contentType == null ? "" : contentType.split(";")[0].trim();
        }
        if (type.isEmpty() || type.equals("application/json")) {
            type = root.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
        }
        if (root.path("schemaVersion").asInt(0) == 1
                || type.startsWith("application/vnd.docker.distribution.manifest.v1")) {
            throw new IllegalArgumentException("Docker image manifest schema 1 is not supported");
        }
        return switch (type) {
            case MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST ->
                    new Manifest(type, null, List.of(), descriptors(root.path("manifests")));
            case MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST -> {
                if (!root.path("config").isObject()) {
                    throw new IllegalArgumentException("manifest has no config");
                }
                yield new Manifest(type, descriptor(root.path("config")), descriptors(root.path("layers")), List.of());
            }
            default -> throw new IllegalArgumentException("unsupported manifest media type " + type);
        };
    }

    private static List<Descriptor> descriptors(JsonNode array) {
        List<Descriptor> list = new ArrayList<>();
        array.forEach(d -> list.add(descriptor(d)));
        return list;
    }

    private static Descriptor descriptor(JsonNode d) {
        long size = d.path("size").asLong(-1);
        if (size < 0) {
            throw new IllegalArgumentException("descriptor without a size: " + d);
        }
        JsonNode p = d.path("platform");
        return new Descriptor(d.path("mediaType").asString(""), Digest.parse(d.path("digest").asString("")), size,
                p.path("os").asString(""), p.path("architecture").asString(""), p.path("variant").asString(""));
    }
}
