package skiff.apiserver.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Locale;

/**
 * Lets Vert.x hand over the connection of a SPDY/3.1 upgrade, which client-go (kubectl 1.27-1.29 exec, attach and
 * port-forward) sends as a {@code POST}: Vert.x's public {@code HttpServerRequest.toNetSocket()} takes over only a
 * CONNECT or an upgrading GET. Placed right after the HTTP/1.x request decoder, this handler presents such a request to
 * Vert.x as a GET and keeps the method it came with in {@link #ORIGINAL_METHOD}, which {@link Exchange#method()}
 * reads back; a client's own copy of that header is removed from every request, so it cannot be forged.
 */
@ChannelHandler.Sharable
final class SpdyUpgradeMethod extends ChannelInboundHandlerAdapter {
    /** The request header that carries the method of an upgrade request presented as a GET. */
    static final String ORIGINAL_METHOD = "Skiff-Upgrade-Method";

    static final SpdyUpgradeMethod INSTANCE = new SpdyUpgradeMethod();

    private SpdyUpgradeMethod() {}

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            request.headers().remove(ORIGINAL_METHOD);
            if (!request.method().equals(HttpMethod.GET) && isSpdyUpgrade(request)) {
                request.headers().set(ORIGINAL_METHOD, request.method().name());
                request.setMethod(HttpMethod.GET);
            }
        }
        ctx.fireChannelRead(msg);
    }

    // k/k apimachinery pkg/util/httpstream/httpstream.go IsUpgradeRequest (1.32): a "Connection" header naming
    // "upgrade"; client-go's SPDY round tripper (spdy/roundtripper.go) names the protocol "SPDY/3.1".
    private static boolean isSpdyUpgrade(HttpRequest request) {
        boolean upgrade = request.headers().getAll(HttpHeaderNames.CONNECTION).stream()
                .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("upgrade"));
        return upgrade && request.headers().getAll(HttpHeaderNames.UPGRADE).stream()
                .anyMatch(v -> v.toLowerCase(Locale.ROOT).startsWith("spdy/"));
    }
}
