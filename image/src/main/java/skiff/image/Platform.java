package skiff.image;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An OCI platform ({@code os}, {@code architecture}, {@code variant}), normalized as containerd's platforms package
 * normalizes it: {@code x86_64} is {@code amd64}, {@code aarch64} is {@code arm64}, whose variant {@code v8} is the
 * same as none.
 */
public record Platform(String os, String architecture, String variant) {

    public Platform {
        os = os == null ? "" : os.toLowerCase(Locale.ROOT);
        architecture = normalizeArchitecture(architecture == null ? "" : architecture.toLowerCase(Locale.ROOT));
        variant = variant == null ? "" : variant.toLowerCase(Locale.ROOT);
        if (architecture.equals("arm64") && variant.equals("v8")) {
            variant = "";
        }
        if (architecture.equals("amd64") && variant.equals("v1")) {
            variant = "";
        }
    }

    /** This machine's platform, from {@code os.arch}. */
    public static Platform host() {
        return new Platform("linux", System.getProperty("os.arch"), "");
    }

    private static String normalizeArchitecture(String arch) {
        return switch (arch) {
            case "x86_64", "x86-64" -> "amd64";
            case "aarch64" -> "arm64";
            case "i386", "i686", "x86" -> "386";
            default -> arch;
        };
    }

    /**
     * Picks the manifest for this platform among an index's entries: the same os, architecture and variant first,
     * else the same os and architecture (containerd platforms.Only ranks exact matches first, then compatible ones).
     */
    public <T> Optional<T> choose(List<T> candidates, java.util.function.Function<T, Platform> platformOf) {
        return candidates.stream()
                .filter(c -> {
                    Platform p = platformOf.apply(c);
                    return p != null && p.os.equals(os) && p.architecture.equals(architecture);
                })
                .min(Comparator.comparingInt(c -> platformOf.apply(c).variant.equals(variant) ? 0 : 1));
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
}
