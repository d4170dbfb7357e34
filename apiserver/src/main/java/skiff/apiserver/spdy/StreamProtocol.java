package skiff.apiserver.spdy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The exec stream protocol agreed over SPDY (k/k apimachinery util/httpstream/httpstream.go Handshake): the client
 * lists the versions it speaks in {@code X-Stream-Protocol-Version} headers, the server answers the one it picked in
 * the same header of its 101. Only {@code v4.channel.k8s.io} is served: its error stream carries a v1 Status, which is
 * what the kubelet's channel protocol carries too, so the bytes pass through unchanged.
 */
public final class StreamProtocol {
    public static final String HEADER = "X-Stream-Protocol-Version";
    public static final String V4 = "v4.channel.k8s.io";

    private StreamProtocol() {}

    /** The version to answer, or empty when the client speaks none that is served. */
    public static Optional<String> negotiate(List<String> offered) {
        return offered.stream().flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim).filter(V4::equals).findFirst();
    }

    /** k/k Handshake's refusal, for a 403. */
    public static String refusal(List<String> offered) {
        return "unable to upgrade: unable to negotiate protocol: client supports " + offered
                + ", server supports [" + V4 + "]";
    }
}
