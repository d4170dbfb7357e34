package skiff.apiserver.http;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import skiff.api.time.Clock;
import skiff.apiserver.openapi.OpenApiDocuments.Document;
import skiff.apiserver.openapi.OpenApiDocuments;
import skiff.apiserver.openapi.OpenApiV2Document;
import skiff.apiserver.status.StatusException;

/**
 * Serves /openapi/v2, /openapi/v3 and /openapi/v3/{group-version} with kube-openapi's caching headers
 * (k/k 1.32 kube-openapi pkg/handler and pkg/handler3): a quoted ETag on every answer and 304 for a matching
 * If-None-Match; a group-version asked for with the current hash is immutable for a year, with another hash it
 * redirects (301) to the current one.
 */
final class OpenApiHandler {
    private static final String JSON = "application/json";
    private static final String NO_CACHE = "no-cache, private";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final OpenApiDocuments v3;
    private final OpenApiV2Document v2;
    private final Clock clock;

    OpenApiHandler(OpenApiDocuments v3, OpenApiV2Document v2, Clock clock) {
        this.v3 = v3;
        this.v2 = v2;
        this.clock = clock;
    }

    void root(Exchange ex) {
        byte[] root = v3.root();
        serve(ex, JSON, root, OpenApiDocuments.etag(root), NO_CACHE);
    }

    void groupVersion(Exchange ex, String path) {
        Document doc = v3.document(path)
                .orElseThrow(() -> StatusException.notFound("the server could not find the requested resource"));
        String accept = ex.header("Accept");
        if (accept != null && !accept.isBlank() && !accept.contains(JSON) && !accept.contains("*/*")
                && !accept.contains("application/*")) {
            ex.sendText(406, "");
            return;
        }
        ex.responseHeader("Vary", "Accept");
        String hash = ex.param("hash");
        if (hash != null && !hash.isEmpty() && !hash.equals(doc.etag())) {
            ex.responseHeader("Location", OpenApiDocuments.serverRelativeUrl(doc));
            serve(ex, "text/html; charset=utf-8", new byte[0], doc.etag(), NO_CACHE, 301);
            return;
        }
        ex.responseHeader("Last-Modified", HTTP_DATE.format(doc.lastModified()));
        if (hash != null && !hash.isEmpty()) {
            ex.responseHeader("Expires", HTTP_DATE.format(clock.now().plus(Duration.ofDays(365))));
            serve(ex, JSON, doc.json(), doc.etag(), "public, immutable");
        } else {
            serve(ex, JSON, doc.json(), doc.etag(), NO_CACHE);
        }
    }

    // kube-openapi pkg/handler: JSON unless the client asks for gnostic's protobuf, as kubectl does.
    void v2(Exchange ex) {
        String accept = ex.header("Accept");
        if (accept != null && (accept.contains(OpenApiV2Document.PROTOBUF)
                || accept.contains(OpenApiV2Document.PROTOBUF_CONTENT_TYPE))) {
            byte[] doc = v2.protobuf();
            serve(ex, OpenApiV2Document.PROTOBUF_CONTENT_TYPE, doc, OpenApiDocuments.etag(doc), NO_CACHE);
        } else {
            byte[] doc = v2.json();
            serve(ex, JSON, doc, OpenApiDocuments.etag(doc), NO_CACHE);
        }
    }

    private static void serve(Exchange ex, String contentType, byte[] body, String etag, String cacheControl) {
        serve(ex, contentType, body, etag, cacheControl, 200);
    }

    // Go's http.ServeContent: 304 without a body when If-None-Match names the ETag.
    private static void serve(Exchange ex, String contentType, byte[] body, String etag, String cacheControl,
            int code) {
        String quoted = "\"" + etag + "\"";
        ex.responseHeader("Etag", quoted);
        String ifNoneMatch = ex.header("If-None-Match");
        if (code == 200 && ifNoneMatch != null && (ifNoneMatch.contains(quoted) || ifNoneMatch.trim().equals("*"))) {
            ex.sendCacheable(304, contentType, new byte[0], cacheControl);
        } else {
            ex.sendCacheable(code, contentType, body, cacheControl);
        }
    }
}
