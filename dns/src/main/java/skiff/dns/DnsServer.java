package skiff.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.WireParseException;

/**
 * DNS over UDP and TCP on one address and port (RFC 1035 4.2; RFC 7766: TCP for every query). Each query is
 * answered on a virtual thread, as forwarding blocks. UDP answers larger than the client's limit (512 bytes, or its
 * EDNS payload size) are truncated with TC set so that it retries over TCP.
 */
public final class DnsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
    private static final int UDP_LIMIT = 512;
    /** RFC 9715 / DNS flag day 2020: the EDNS payload size that avoids fragmentation. */
    private static final int EDNS_PAYLOAD = 1232;
    private static final int TCP_IDLE_TIMEOUT_MILLIS = 10_000;
    private static final int BIND_ATTEMPTS = 10;

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Function<Message, Message> handler;
    private final ExecutorService queries = Executors.newVirtualThreadPerTaskExecutor();
    private final Thread udpLoop;
    private final Thread tcpLoop;
    private volatile boolean closed;

    private DnsServer(DatagramSocket udp, ServerSocket tcp, Function<Message, Message> handler) {
        this.udp = udp;
        this.tcp = tcp;
        this.handler = handler;
        this.udpLoop = Thread.ofPlatform().daemon().name("dns-udp-" + udp.getLocalPort()).unstarted(this::serveUdp);
        this.tcpLoop = Thread.ofPlatform().daemon().name("dns-tcp-" + udp.getLocalPort()).unstarted(this::serveTcp);
    }

    /**
     * Listens on {@code address:port} over UDP and TCP; port 0 picks one free for both. {@code handler} answers each
     * query; a null answer leaves the query unanswered.
     *
     * @throws UncheckedIOException when the port cannot be listened on
     */
    public static DnsServer start(InetAddress address, int port, Function<Message, Message> handler) {
        IOException last = null;
        for (int attempt = 0; attempt < (port == 0 ? BIND_ATTEMPTS : 1); attempt++) {
            DatagramSocket udp = null;
            try {
                udp = new DatagramSocket(new InetSocketAddress(address, port));
                ServerSocket tcp = new ServerSocket();
                try {
                    tcp.setReuseAddress(true);
                    tcp.bind(new InetSocketAddress(address, udp.getLocalPort()), 128);
                } catch (IOException e) {
                    tcp.close();
                    throw e;
                }
                DnsServer server = new DnsServer(udp, tcp, handler);
                server.udpLoop.start();
                server.tcpLoop.start();
                return server;
            } catch (IOException e) {
                if (udp != null) {
                    udp.close();
                }
                last = e;
            }
        }
        throw new UncheckedIOException("cannot listen for DNS on " + address.getHostAddress() + ":" + port, last);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) udp.getLocalSocketAddress();
    }

    private void serveUdp() {
        byte[] buffer = new byte[65_535];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("dns: UDP receive failed: {}", e.toString());
                }
                continue;
            }
            byte[] request = Arrays.copyOfRange(packet.getData(), packet.getOffset(),
                    packet.getOffset() + packet.getLength());
            var client = packet.getSocketAddress();
            queries.execute(() -> {
                byte[] response = respond(request, true);
                if (response != null) {
                    try {
                        udp.send(new DatagramPacket(response, response.length, client));
                    } catch (IOException e) {
                        LOG.debug("dns: cannot answer {}: {}", client, e.toString());
                    }
                }
            });
        }
    }

    private void serveTcp() {
        while (!closed) {
            try {
                Socket socket = tcp.accept();
                queries.execute(() -> serveConnection(socket));
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("dns: TCP accept failed: {}", e.toString());
                }
            }
        }
    }

    /** RFC 1035 4.2.2: each message prefixed by its two-byte length; several queries per connection. */
    private void serveConnection(Socket socket) {
        try (socket) {
            socket.setSoTimeout(TCP_IDLE_TIMEOUT_MILLIS);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (!closed) {
                int length = in.readUnsignedShort();
                byte[] request = in.readNBytes(length);
                if (request.length < length) {
                    return;
                }
                byte[] response = respond(request, false);
                if (response == null) {
                    return;
                }
                out.writeShort(response.length);
                out.write(response);
                out.flush();
            }
        } catch (EOFException | SocketException | java.net.SocketTimeoutException e) {
            // The client closed, went quiet or we are closing.
        } catch (IOException e) {
            LOG.debug("dns: TCP connection failed: {}", e.toString());
        }
    }

    /** The wire answer, or null for a message too broken to answer (no complete header). */
    private byte[] respond(byte[] request, boolean udp) {
        Message query;
        try {
            query = new Message(request);
        } catch (WireParseException e) {
            return formatError(request);
        } catch (IOException e) {
            return null;
        }
        Message response;
        try {
            response = handler.apply(query);
        } catch (RuntimeException e) {
            LOG.warn("dns: cannot answer {}: {}", query.getQuestion(), e.toString());
            response = Upstream.failure(query, Rcode.SERVFAIL);
        }
        if (response == null) {
            return null;
        }
        OPTRecord opt = query.getOPT();
        if (opt != null && response.getOPT() == null) {
            response.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
        }
        if (!udp) {
            return response.toWire();
        }
        int limit = opt == null ? UDP_LIMIT : Math.max(UDP_LIMIT, Math.min(opt.getPayloadSize(), EDNS_PAYLOAD));
        return response.toWire(limit);
    }

    private static byte[] formatError(byte[] request) {
        if (request.length < Header.LENGTH) {
            return null;
        }
        try {
            Header header = new Header(Arrays.copyOf(request, Header.LENGTH));
            Message response = new Message(header.getID());
            response.getHeader().setFlag(org.xbill.DNS.Flags.QR);
            response.getHeader().setRcode(Rcode.FORMERR);
            return response.toWire();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        closed = true;
        udp.close();
        try {
            tcp.close();
        } catch (IOException e) {
            LOG.debug("dns: closing TCP: {}", e.toString());
        }
        queries.shutdownNow();
        try {
            udpLoop.join(5_000);
            tcpLoop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
