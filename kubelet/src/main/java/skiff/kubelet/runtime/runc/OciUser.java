package skiff.kubelet.runtime.runc;

import java.util.List;

/** The identity a container's process runs as (OCI runtime-spec config.md {@code process.user}). */
public record OciUser(long uid, long gid, List<Long> additionalGids) {
    public OciUser {
        additionalGids = List.copyOf(additionalGids);
    }
}
