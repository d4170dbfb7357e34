package skiff.image.registry;

import java.util.Locale;

/**
 * An OCI platform (image-spec image-index.md "platform"): the node's, to pick one manifest of a multi-arch index.
 *
 * @param variant "" for none
 */
public record Platform(String os, String architecture, String variant) {

    /** This JVM's platform: Linux, with the JVM's {@code os.arch} in Go's GOARCH names. */
    public static Platform current() {
        return forArch(System.getProperty("os.arch"));
    }

    // containerd platforms/defaults.go and cpuinfo.go: GOARCH names, arm64 is variant v8, 32-bit arm v7.
    static Platform forArch(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> new Platform("linux", "amd64", "");
            case "aarch64", "arm64" -> new Platform("linux", "arm64", "v8");
            case "arm" -> new Platform("linux", "arm", "v7");
            case "x86", "i386", "i686" -> new Platform("linux", "386", "");
            case "ppc64le" -> new Platform("linux", "ppc64le", "");
            case "s390x" -> new Platform("linux", "s390x", "");
            case "riscv64" -> new Platform("linux", "riscv64", "");
            default -> new Platform("linux", osArch, "");
        };
    }

    /**
     * Whether an index entry with these fields runs here. containerd platforms.Only: the same OS and architecture;
     * the variant must be equal, except that arm64's "" and "v8" are the same.
     */
    public boolean matches(String entryOs, String entryArchitecture, String entryVariant) {
        if (!os.equals(entryOs) || !architecture.equals(entryArchitecture)) {
            return false;
        }
        String v = entryVariant == null ? "" : entryVariant;
        if (architecture.equals("arm64")) {
            return normalizeArm64(v).equals(normalizeArm64(variant));
        }
        return v.isEmpty() || v.equals(variant);
    }

    private static String normalizeArm64(String v) {
        return v.isEmpty() ? "v8" : v;
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
}
