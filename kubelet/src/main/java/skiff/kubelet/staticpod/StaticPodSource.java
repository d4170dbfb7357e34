package skiff.kubelet.staticpod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;

/**
 * The static pods of this node: one per file in the manifest directory, read again whenever the directory changes
 * and every 20 s in any case (k/k pkg/kubelet/config/file.go and file_linux.go: inotify plus a periodic re-list,
 * fileCheckFrequency). Dot-files and directories are not manifests; a bad file is reported and skipped. Since a
 * static pod's UID is the hash of its manifest, an edited file is a removed pod and an added one.
 */
public final class StaticPodSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StaticPodSource.class);
    /** k/k kubelet config fileCheckFrequency. */
    public static final Duration RELIST_PERIOD = Duration.ofSeconds(20);
    /** Changes that arrive this close together (an editor writing a file) are read once. */
    private static final Duration SETTLE = Duration.ofMillis(100);

    /** Where the source's changes go. */
    public interface Listener {
        void added(Pod pod);

        void removed(Pod pod);

        /** A file that is not a valid static pod, reported again only when what is wrong with it changes. */
        void invalid(Path file, String problem);
    }

    private final Path directory;
    private final String nodeName;
    private final Clock clock;
    private final Listener listener;
    private final Map<String, Pod> pods = new LinkedHashMap<>();
    private final Map<Path, String> problems = new HashMap<>();
    private WatchService watcher;
    private WatchKey watchKey;
    private Thread thread;
    private volatile boolean closed;

    public StaticPodSource(Path directory, String nodeName, Clock clock, Listener listener) {
        this.directory = directory;
        this.nodeName = nodeName;
        this.clock = clock;
        this.listener = listener;
    }

    /** Reads the directory once, then follows its changes on a thread of its own. */
    public void start() {
        try {
            watcher = directory.getFileSystem().newWatchService();
            // Watching before the first read: a file that appears in between is not missed.
            watching();
        } catch (IOException e) {
            LOG.warn("cannot watch {}, re-reading it every {} s only: {}", directory, RELIST_PERIOD.toSeconds(),
                    e.toString());
        }
        rescan();
        thread = Thread.ofVirtual().name("static-pods").start(this::follow);
    }

    /** The static pods as of the last read of the directory. */
    public synchronized List<Pod> pods() {
        return List.copyOf(pods.values());
    }

    /** The static pod of this UID, if the directory still has it. */
    public synchronized Optional<Pod> pod(String uid) {
        return Optional.ofNullable(pods.get(uid));
    }

    /** Reads the directory and tells the listener which pods appeared and which went away. */
    public synchronized void rescan() {
        Map<String, Pod> found = new LinkedHashMap<>();
        Set<String> fullNames = new HashSet<>();
        Set<Path> seenFiles = new HashSet<>();
        Optional<List<Path>> files = manifests();
        if (files.isEmpty()) {
            return;
        }
        for (Path file : files.get()) {
            seenFiles.add(file);
            Pod pod;
            try {
                pod = StaticPodManifest.read(file, nodeName);
            } catch (InvalidManifestException e) {
                report(file, e.getMessage());
                continue;
            }
            String fullName = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
            // k/k pkg/kubelet/config/config.go filterInvalidPods: the first pod of a name wins.
            if (!fullNames.add(fullName)) {
                report(file, file + ": duplicate pod " + fullName + " (already defined by another manifest)");
                continue;
            }
            problems.remove(file);
            Pod known = pods.get(pod.getMetadata().getUid());
            found.put(pod.getMetadata().getUid(), known != null ? known : firstSeen(pod));
        }
        problems.keySet().retainAll(seenFiles);
        List<Pod> gone = new ArrayList<>();
        pods.forEach((uid, pod) -> {
            if (!found.containsKey(uid)) {
                gone.add(pod);
            }
        });
        List<Pod> added = found.entrySet().stream().filter(e -> !pods.containsKey(e.getKey()))
                .map(Map.Entry::getValue).toList();
        pods.clear();
        pods.putAll(found);
        for (Pod pod : gone) {
            LOG.info("static pod removed pod={}/{} uid={}", pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(), pod.getMetadata().getUid());
            listener.removed(pod);
        }
        for (Pod pod : added) {
            LOG.info("static pod added pod={}/{} uid={}", pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(), pod.getMetadata().getUid());
            listener.added(pod);
        }
    }

    // k/k pkg/kubelet/config/config.go recordFirstSeenTime.
    private Pod firstSeen(Pod pod) {
        return new PodBuilder(pod).editMetadata().addToAnnotations(ConfigAnnotations.SEEN, clock.now().toString())
                .endMetadata().build();
    }

    private void report(Path file, String problem) {
        if (!problem.equals(problems.put(file, problem))) {
            LOG.warn("skipping static pod manifest: {}", problem);
            listener.invalid(file, problem);
        }
    }

    // k/k file.go listConfig, extractFromDir: regular files, in name order, except dot-files; a directory that
    // cannot be read (or does not exist yet) changes nothing.
    private Optional<List<Path>> manifests() {
        try (Stream<Path> entries = Files.list(directory)) {
            return Optional.of(entries.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(Files::isRegularFile).sorted().toList());
        } catch (IOException e) {
            LOG.debug("cannot list static pod manifests in {}: {}", directory, e.toString());
            return Optional.empty();
        }
    }

    private void follow() {
        while (!closed) {
            try {
                awaitChangeOrRelist();
                if (!closed) {
                    rescan();
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("reading static pod manifests failed: {}", e.toString());
            }
        }
    }

    private void awaitChangeOrRelist() throws InterruptedException {
        if (watcher == null || !watching()) {
            clock.sleep(RELIST_PERIOD);
            return;
        }
        WatchKey key = watcher.poll(RELIST_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        while (key != null) {
            key.pollEvents();
            if (!key.reset()) {
                watchKey = null;
            }
            key = watcher.poll(SETTLE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Watches the directory if it exists; it may appear later, or go away. */
    private boolean watching() {
        if (watchKey != null && watchKey.isValid()) {
            return true;
        }
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try {
            watchKey = directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
            return true;
        } catch (IOException e) {
            LOG.warn("cannot watch {}: {}", directory, e.toString());
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                LOG.debug("closing the watch of {}: {}", directory, e.toString());
            }
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
