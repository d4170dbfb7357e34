package skiff.image.registry;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import skiff.image.Digest;

/**
 * A blob's body on its way into the store: counts and hashes what passes, refuses more bytes than the descriptor
 * announced, and is closed by a watchdog when no byte arrives for the stall timeout (the JDK client's request timeout
 * ends at the response headers, so a body that stops would otherwise hang the pull).
 */
final class BlobStream extends InputStream {
    private static final Set<BlobStream> OPEN = ConcurrentHashMap.newKeySet();
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "registry-stall-watchdog");
        t.setDaemon(true);
        return t;
    });

    static {
        WATCHDOG.scheduleWithFixedDelay(BlobStream::closeStalled, 250, 250, TimeUnit.MILLISECONDS);
    }

    private final InputStream in;
    private final Digest expected;
    private final long size;
    private final long stallNanos;
    private final MessageDigest hash;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean stalled;
    private long count;
    private boolean eof;
    private boolean tooLong;

    BlobStream(InputStream in, Digest expected, long size, Duration stallTimeout) {
        this.in = in;
        this.expected = expected;
        this.size = size;
        this.stallNanos = stallTimeout.toNanos();
        try {
            this.hash = MessageDigest.getInstance(expected.jdkAlgorithm());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        OPEN.add(this);
    }

    private static void closeStalled() {
        long now = System.nanoTime();
        for (BlobStream s : OPEN) {
            if (now - s.lastProgress > s.stallNanos) {
                s.stalled = true;
                OPEN.remove(s);
                try {
                    s.in.close();
                } catch (IOException e) {
                    // The reader sees the failure.
                }
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            if (stalled) {
                throw new IOException("no data for " + Duration.ofNanos(stallNanos).toSeconds() + "s", e);
            }
            throw e;
        }
        lastProgress = System.nanoTime();
        if (n < 0) {
            eof = true;
            return n;
        }
        count += n;
        if (count > size) {
            tooLong = true;
            throw new IOException("blob " + expected + " is longer than its descriptor's " + size + " bytes");
        }
        hash.update(b, off, n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip not supported");
    }

    @Override
    public void close() throws IOException {
        OPEN.remove(this);
        in.close();
    }

    long count() {
        return count;
    }

    boolean stalled() {
        return stalled;
    }

    /** Whether the content read was longer than announced, or complete and hashing to something else. */
    boolean mismatched() {
        return tooLong || eof && !actual().equals(expected);
    }

    Digest actual() {
        return new Digest(expected.algorithm(), HexFormat.of().formatHex(((MessageDigest) cloneHash()).digest()));
    }

    private Object cloneHash() {
        try {
            return hash.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
