package skiff.controllers.framework;

/** An API server's answer to a {@link RawRequests} call: the HTTP status and the body. */
public record RawResponse(int code, String body) {

    public boolean successful() {
        return code >= 200 && code < 300;
    }
}
