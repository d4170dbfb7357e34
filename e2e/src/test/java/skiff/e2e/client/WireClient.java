package skiff.e2e.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import skiff.server.SkiffServer;

/**
 * Sends requests exactly as written, bad percent-escapes and control characters included, which the JDK's and
 * fabric8's clients refuse to build: HTTP/1.1 over one kept-alive TLS socket that trusts the server's CA, with the
 * admin token. Not thread-safe.
 */
final class WireClient implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 30_000;

    private final SSLContext tls;
    private final int port;
    private final String token;
    private SSLSocket socket;
    private BufferedInputStream in;

    WireClient(SkiffServer server) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(server.caCertificatePem().getBytes(StandardCharsets.US_ASCII))));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            this.tls = SSLContext.getInstance("TLS");
            tls.init(null, factory.getTrustManagers(), null);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
        this.port = server.port();
        this.token = server.adminToken();
    }

    /** An answer as it came off the wire: code, headers and body. */
    record Answer(int code, Map<String, List<String>> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    Answer send(String method, String uri, String contentType, byte[] body) {
        byte[] content = body == null ? new byte[0] : body;
        StringBuilder head = new StringBuilder(method).append(' ').append(uri).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Authorization: Bearer ").append(token).append("\r\n")
                .append("Content-Length: ").append(content.length).append("\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        head.append("\r\n");
        try {
            if (socket == null) {
                socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
                socket.setSoTimeout(TIMEOUT_MILLIS);
                socket.setTcpNoDelay(true);
                in = new BufferedInputStream(socket.getInputStream());
            }
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(head.toString().getBytes(StandardCharsets.UTF_8));
            request.write(content);
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            Answer answer = read();
            if (answer.headers().getOrDefault("Connection", List.of()).contains("close")) {
                close();
            }
            return answer;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(method + " " + uri + " failed", e);
        }
    }

    private Answer read() throws IOException {
        String status = line();
        int code = Integer.parseInt(status.split(" ")[1]);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            headers.computeIfAbsent(header.substring(0, colon), k -> new ArrayList<>())
                    .add(header.substring(colon + 1).trim());
        }
        if (headers.getOrDefault("Transfer-Encoding", List.of()).contains("chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                body.write(in.readNBytes(size));
                line();
            }
            line();
            return new Answer(code, headers, body.toByteArray());
        }
        int length = Integer.parseInt(headers.getOrDefault("Content-Length", List.of("0")).get(0));
        return new Answer(code, headers, in.readNBytes(length));
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the server closed the connection");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing anyway.
            }
            socket = null;
        }
    }
}
