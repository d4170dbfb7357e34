package skiff.image;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The system calls that unpacking a layer needs and the JDK lacks, through JNA on the C library: mknod (overlayfs
 * whiteouts are character devices 0/0; device nodes and FIFOs in layers), lsetxattr (overlayfs' opaque-directory
 * mark {@code trusted.overlay.opaque}, and the extended attributes a layer carries) and syncfs (an unpacked layer is
 * on disk before it is renamed into place).
 */
final class Syscalls {
    static final int S_IFIFO = 0010000;
    static final int S_IFCHR = 0020000;
    static final int S_IFBLK = 0060000;

    private interface LibC extends Library {
        int mknod(String path, int mode, long dev) throws LastErrorException;

        int lsetxattr(String path, String name, byte[] value, long size, int flags) throws LastErrorException;

        int open(String path, int flags) throws LastErrorException;

        int syncfs(int fd) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    private Syscalls() {}

    /** glibc's makedev (sys/sysmacros.h). */
    static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8) | ((minor & 0xffffff00L) << 12)
                | (minor & 0xffL);
    }

    static void mknod(Path path, int mode, long dev) throws IOException {
        try {
            Holder.LIBC.mknod(path.toString(), mode, dev);
        } catch (LastErrorException e) {
            throw new IOException("mknod " + path + ": errno " + e.getErrorCode(), e);
        }
    }

    /** Flushes the filesystem holding {@code path} to disk (syncfs(2)): one call for all of an unpacked layer. */
    static void syncfs(Path path) throws IOException {
        int fd;
        try {
            fd = Holder.LIBC.open(path.toString(), 0);
        } catch (LastErrorException e) {
            throw new IOException("open " + path + ": errno " + e.getErrorCode(), e);
        }
        try {
            Holder.LIBC.syncfs(fd);
        } catch (LastErrorException e) {
            throw new IOException("syncfs " + path + ": errno " + e.getErrorCode(), e);
        } finally {
            Holder.LIBC.close(fd);
        }
    }

    static void lsetxattr(Path path, String name, byte[] value) throws IOException {
        try {
            Holder.LIBC.lsetxattr(path.toString(), name, value, value.length, 0);
        } catch (LastErrorException e) {
            throw new IOException("setxattr " + name + " on " + path + ": errno " + e.getErrorCode(), e);
        }
    }
}
