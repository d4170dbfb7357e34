package skiff.kubelet.logs;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * What a {@code kubectl logs} request asks for (k/k staging/src/k8s.io/api/core/v1 PodLogOptions, as the kubelet
 * receives it on /containerLogs).
 *
 * @param sinceTime records older than this are skipped; null for all
 * @param tailLines only the last N records; empty for all
 * @param limitBytes stop after this many bytes of output; empty for no limit
 */
public record LogOptions(boolean follow, boolean previous, boolean timestamps, Instant sinceTime,
        OptionalLong tailLines, OptionalLong limitBytes) {

    public static LogOptions all() {
        return new LogOptions(false, false, false, null, OptionalLong.empty(), OptionalLong.empty());
    }
}
