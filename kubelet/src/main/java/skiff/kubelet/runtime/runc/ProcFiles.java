package skiff.kubelet.runtime.runc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads kernel pseudo files (procfs, sysfs, cgroupfs), whose reported size is not their content's. */
final class ProcFiles {
    private ProcFiles() {}

    /** The whole content, trimmed; Files.readString stops short on these files. */
    static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }
}
