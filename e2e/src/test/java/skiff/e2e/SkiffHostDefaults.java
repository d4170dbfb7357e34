package skiff.e2e;

/**
 * End-to-end classes run concurrently (see {@code junit-platform.properties}); a class whose servers use the
 * product's default host-wide names (the {@code skiff-proxy} nftables table, the {@code /skiff} cgroup root, the
 * {@code skiff0} bridge) holds this lock so that no two such classes run at once.
 */
public final class SkiffHostDefaults {
    public static final String LOCK = "skiff-host-defaults";

    private SkiffHostDefaults() {
    }
}
