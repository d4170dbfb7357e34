package skiff.image;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image name, normalized as Docker and the kubelet normalize it (distribution/reference ParseNormalizedNamed):
 * {@code busybox} is {@code docker.io/library/busybox:latest}, {@code registry:5000/team/app@sha256:...} keeps its
 * registry and digest. A reference with neither tag nor digest gets {@code latest}.
 *
 * @param registry {@code docker.io}, {@code localhost:5000}, ...
 * @param repository the path within the registry, {@code library/busybox}
 * @param tag null when only a digest is given
 * @param digest null when none is given
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {

    public static final String DOCKER_HUB = "docker.io";

    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]+)?"
                    + "|\\[[0-9A-Fa-f:.]+\\](?::[0-9]+)?");

    /**
     * Parses and normalizes an image name.
     *
     * @throws IllegalArgumentException for a name Docker would refuse (the kubelet's InvalidImageName)
     */
    public static ImageReference parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 255 + 128 + 80) {
            throw new IllegalArgumentException("invalid reference format");
        }
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Digest.parse(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        String tag = null;
        int lastSlash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > lastSlash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("invalid reference format: invalid tag " + tag);
            }
        }
        String registry = DOCKER_HUB;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")
                    || !first.equals(first.toLowerCase(java.util.Locale.ROOT))) {
                if (!DOMAIN.matcher(first).matches()) {
                    throw new IllegalArgumentException("invalid reference format: invalid registry " + first);
                }
                registry = first;
                rest = rest.substring(slash + 1);
            }
        }
        if (registry.equals("index.docker.io")) {
            registry = DOCKER_HUB;
        }
        if (!rest.equals(rest.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("invalid reference format: repository name must be lowercase");
        }
        for (String component : rest.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw new IllegalArgumentException("invalid reference format");
            }
        }
        if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageReference(registry, rest, tag, digest);
    }

    public Optional<Digest> digestValue() {
        return Optional.ofNullable(digest);
    }

    /** {@code registry/repository}, without tag or digest. */
    public String name() {
        return registry + "/" + repository;
    }

    /** The tag or digest a registry is asked for: the digest when given. */
    public String manifestReference() {
        return digest != null ? digest.toString() : tag;
    }

    /** Whether the reference names the {@code latest} tag, explicitly or by default, and no digest. */
    public boolean isLatest() {
        return digest == null && "latest".equals(tag);
    }

    public ImageReference withDigest(Digest d) {
        return new ImageReference(registry, repository, null, d);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(name());
        if (tag != null) {
            s.append(':').append(tag);
        }
        if (digest != null) {
            s.append('@').append(digest);
        }
        return s.toString();
    }
}
