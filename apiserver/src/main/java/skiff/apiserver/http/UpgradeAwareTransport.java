package skiff.apiserver.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.ssl.SslHandler;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TcpConfig;
import io.vertx.core.transport.Transport;
import java.util.concurrent.ThreadFactory;

/**
 * Vert.x's NIO transport, through its public transport SPI, whose accepted connections get {@link SpdyUpgradeMethod}
 * right after their HTTP/1.x request decoder. Vert.x installs that decoder only once TLS has negotiated HTTP/1.1 by
 * ALPN, so each connection carries a small locator: first at its head, where it waits for the TLS handler; then
 * right after the TLS handler, where the first decrypted bytes find the decoder in place (HTTP/1.x) or not (HTTP/2).
 * Both locators remove themselves; the rewriting handler stays for the connection's HTTP/1.x requests. Built for
 * the API server, which serves TLS only: a plain-text connection gets nothing.
 */
public final class UpgradeAwareTransport implements Transport {
    private final io.vertx.core.spi.transport.Transport nio = Transport.NIO.implementation();
    private final io.vertx.core.spi.transport.Transport implementation = new Implementation();

    @Override
    public String name() {
        return "nio+upgrade";
    }

    @Override
    public boolean available() {
        return Transport.NIO.available();
    }

    @Override
    public Throwable unavailabilityCause() {
        return Transport.NIO.unavailabilityCause();
    }

    @Override
    public io.vertx.core.spi.transport.Transport implementation() {
        return implementation;
    }

    /** Puts the rewriting handler right after the HTTP/1.x request decoder; false when there is none. */
    private static boolean afterDecoder(ChannelPipeline pipeline) {
        ChannelHandlerContext decoder = pipeline.context(HttpRequestDecoder.class);
        if (decoder != null) {
            pipeline.addAfter(decoder.name(), null, SpdyUpgradeMethod.INSTANCE);
        }
        return decoder != null;
    }

    /** At the head of a new connection: by its first read the TLS handler is in place. */
    private static final class AtHead extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ChannelPipeline pipeline = ctx.pipeline();
            pipeline.remove(this);
            ChannelHandlerContext tls = pipeline.context(SslHandler.class);
            if (!afterDecoder(pipeline) && tls != null) {
                pipeline.addAfter(tls.name(), null, new AfterTls());
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** After the TLS handler: the first decrypted bytes come once ALPN has chosen the protocol. */
    private static final class AfterTls extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ChannelPipeline pipeline = ctx.pipeline();
            pipeline.remove(this);
            afterDecoder(pipeline);
            ctx.fireChannelRead(msg);
        }
    }

    /** Vert.x's NIO transport, with the locator added ahead of the server's own channel initializer. */
    private final class Implementation implements io.vertx.core.spi.transport.Transport {
        @Override
        public boolean supportsDomainSockets() {
            return nio.supportsDomainSockets();
        }

        @Override
        public boolean supportFileRegion() {
            return nio.supportFileRegion();
        }

        @Override
        public boolean isAvailable() {
            return nio.isAvailable();
        }

        @Override
        public Throwable unavailabilityCause() {
            return nio.unavailabilityCause();
        }

        @Override
        public java.net.SocketAddress convert(SocketAddress address) {
            return nio.convert(address);
        }

        @Override
        public SocketAddress convert(java.net.SocketAddress address) {
            return nio.convert(address);
        }

        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return nio.ioHandlerFactory();
        }

        @Override
        public EventLoopGroup eventLoopGroup(int type, int threads, ThreadFactory factory, int ioRatio) {
            return nio.eventLoopGroup(type, threads, factory, ioRatio);
        }

        @Override
        @SuppressWarnings("deprecation")
        public DatagramChannel datagramChannel(InternetProtocolFamily family) {
            return nio.datagramChannel(family);
        }

        @Override
        public ChannelFactory<? extends DatagramChannel> datagramChannelFactory() {
            return nio.datagramChannelFactory();
        }

        @Override
        public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
            return nio.channelFactory(domainSocket);
        }

        @Override
        public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
            return nio.serverChannelFactory(domainSocket);
        }

        @Override
        public void configure(DatagramChannel channel, DatagramSocketOptions options) {
            nio.configure(channel, options);
        }

        @Override
        public void configure(TcpConfig config, boolean domainSocket, Bootstrap bootstrap) {
            nio.configure(config, domainSocket, bootstrap);
        }

        @Override
        public void configure(TcpConfig config, boolean domainSocket, ServerBootstrap bootstrap) {
            nio.configure(config, domainSocket, bootstrap);
            ChannelHandler server = bootstrap.config().childHandler();
            bootstrap.childHandler(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel channel) {
                    channel.pipeline().addLast(new AtHead(), server);
                }
            });
        }
    }
}
