package skiff.apiserver.http;

import io.vertx.core.http.UpgradeRejectedException;

/**
 * The kubelet's answer to a streaming upgrade it refused (an exec into a container it does not run, say), which the
 * API server hands on to the client unchanged: its status code, content type and body (k/k 1.32
 * staging/src/k8s.io/apiserver/pkg/util/proxy/upgradeaware.go tryUpgrade writes the backend's error response back).
 */
final class KubeletRefusal extends RuntimeException {
    private final int code;
    private final String contentType;
    private final byte[] body;

    KubeletRefusal(UpgradeRejectedException rejected) {
        super("the kubelet refused the upgrade with " + rejected.getStatus(), null, false, false);
        this.code = rejected.getStatus();
        String type = rejected.getHeaders() == null ? null : rejected.getHeaders().get("Content-Type");
        this.contentType = type == null ? "text/plain; charset=utf-8" : type;
        this.body = rejected.getBody() == null ? new byte[0] : rejected.getBody().getBytes();
    }

    int code() {
        return code;
    }

    String contentType() {
        return contentType;
    }

    byte[] body() {
        return body.clone();
    }
}
