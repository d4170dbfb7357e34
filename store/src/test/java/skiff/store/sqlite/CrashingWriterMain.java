package skiff.store.sqlite;

import java.io.PrintStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import skiff.store.WriteResult;

/**
 * Run in a child JVM by {@link SqliteCrashSafetyTest}: creates keys from several threads until killed and prints
 * {@code ack <key> <revision>} for every create the store acknowledged. Arguments: database file, key prefix,
 * thread count.
 */
public final class CrashingWriterMain {

    /** The value written under {@code key}: its own name repeated to a size between 64 bytes and 64 KiB. */
    static byte[] valueFor(String key) {
        byte[] name = key.getBytes(StandardCharsets.UTF_8);
        int size = 64 + Math.floorMod(key.hashCode() * 2_654_435_761L, 64 * 1024 - 64);
        byte[] value = new byte[size];
        for (int i = 0; i < size; i++) {
            value[i] = name[i % name.length];
        }
        return value;
    }

    static boolean isValueFor(String key, byte[] value) {
        return Arrays.equals(value, valueFor(key));
    }

    public static void main(String[] args) throws InterruptedException {
        Path dbFile = Path.of(args[0]);
        String prefix = args[1];
        int threads = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        SqliteKeyValueStore store = SqliteKeyValueStore.open(dbFile);
        Thread[] writers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            String threadPrefix = prefix + t + "/";
            writers[t] = Thread.ofVirtual().start(() -> {
                for (int n = 0; ; n++) {
                    String key = threadPrefix + n;
                    if (store.create(key, valueFor(key)) instanceof WriteResult.Committed committed) {
                        synchronized (out) {
                            out.println("ack " + key + " " + committed.revision());
                        }
                    }
                }
            });
        }
        for (Thread writer : writers) {
            writer.join();
        }
    }
}
