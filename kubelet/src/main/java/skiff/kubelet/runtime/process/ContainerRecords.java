package skiff.kubelet.runtime.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.json.Json;
import skiff.kubelet.PrivateFiles;
import skiff.kubelet.runtime.RuntimeContainer;

/**
 * What the process runtime knows of each container attempt, kept beside it on disk ({@code container.json} in the
 * attempt's directory) so that a runtime started again on the same directory still knows the attempts before it, their
 * exits and their logs, as containerd keeps its containers' metadata across its restarts.
 */
final class ContainerRecords {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerRecords.class);
    private static final String FILE = "container.json";

    private ContainerRecords() {}

    static void save(Path attemptDir, RuntimeContainer container) {
        try {
            PrivateFiles.write(attemptDir.resolve(FILE), Json.mapper().writeValueAsBytes(container));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot record container={} id={} in {}", container.name(), container.id(), attemptDir, e);
        }
    }

    /** Every attempt recorded under the pods' directory; an unreadable record is skipped. */
    static List<Loaded> load(PodDirectories dirs) {
        List<Loaded> loaded = new ArrayList<>();
        if (!Files.isDirectory(dirs.pods())) {
            return loaded;
        }
        try (Stream<Path> files = Files.find(dirs.pods(), 5, (p, a) -> p.getFileName().toString().equals(FILE))) {
            for (Path file : files.toList()) {
                try {
                    loaded.add(new Loaded(file.getParent(),
                            Json.mapper().readValue(Files.readAllBytes(file), RuntimeContainer.class)));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("skipping the unreadable container record {}", file, e);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot scan {} for container records", dirs.pods(), e);
        }
        return loaded;
    }

    /** A recorded attempt and its directory. */
    record Loaded(Path attemptDir, RuntimeContainer container) {}
}
