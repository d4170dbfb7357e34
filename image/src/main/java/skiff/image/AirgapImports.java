package skiff.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Imports the image archives dropped into a folder, k3s' airgap convention ({@code DATA/images/*.tar},
 * {@code .tar.gz}/{@code .tgz}, {@code .tar.zst}), each once: what was imported is remembered by file name, size and
 * modification time, so a restart does not import it again but a replaced file is imported anew. A file that fails
 * is logged and tried again at the next start.
 */
public final class AirgapImports {
    private static final Logger LOG = LoggerFactory.getLogger(AirgapImports.class);
    private static final List<String> SUFFIXES = List.of(".tar", ".tar.gz", ".tgz", ".tar.zst");

    private final Path dropDir;
    private final ImageImporter importer;
    private final Path stateFile;
    private final JsonMapper json = JsonMapper.builder().build();

    public AirgapImports(Path dropDir, ImageImporter importer, Path stateFile) {
        this.dropDir = dropDir;
        this.importer = importer;
        this.stateFile = stateFile;
    }

    /** The server's: archives in {@code DATA/images/}, remembered in the store's {@code airgap-imports.json}. */
    public static AirgapImports inDataDir(Path dataDir, OciImageStore store) {
        return new AirgapImports(dataDir.resolve("images"), new ImageImporter(store),
                store.root().resolve("airgap-imports.json"));
    }

    /** The outcome for one archive: the images it held, or why it failed. */
    public record Result(Path file, List<ImageImporter.Imported> images, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /** Imports every archive not imported before, in name order. */
    public List<Result> importNew() throws IOException {
        if (!Files.isDirectory(dropDir)) {
            return List.of();
        }
        List<Path> archives;
        try (Stream<Path> files = Files.list(dropDir)) {
            archives = files.filter(f -> Files.isRegularFile(f) && SUFFIXES.stream()
                    .anyMatch(s -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(s))).sorted().toList();
        }
        Set<String> done = readState();
        List<Result> results = new ArrayList<>();
        for (Path archive : archives) {
            String key = key(archive);
            if (done.contains(key)) {
                continue;
            }
            try {
                List<ImageImporter.Imported> images = importer.importArchive(archive);
                results.add(new Result(archive, images, null));
                done.add(key);
                writeState(done);
                LOG.info("airgap image archive {} imported: {}", archive, images.stream()
                        .map(i -> i.names().isEmpty() ? i.digest().toString() : String.join(", ", i.names())).toList());
            } catch (IOException e) {
                results.add(new Result(archive, List.of(), e.getMessage()));
                LOG.warn("airgap image archive {} not imported: {}", archive, e.getMessage());
            }
        }
        return results;
    }

    private static String key(Path file) throws IOException {
        return file.getFileName() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
    }

    private Set<String> readState() throws IOException {
        Set<String> keys = new LinkedHashSet<>();
        try {
            for (JsonNode n : json.readTree(Files.readAllBytes(stateFile)).path("imported")) {
                keys.add(n.path("file").asString() + "|" + n.path("size").asLong() + "|"
                        + n.path("mtimeMillis").asLong());
            }
        } catch (NoSuchFileException e) {
            return keys;
        } catch (tools.jackson.core.JacksonException e) {
            LOG.warn("{} is not valid JSON; archives in {} will be imported again", stateFile, dropDir);
        }
        return keys;
    }

    private void writeState(Set<String> keys) throws IOException {
        ObjectNode state = json.createObjectNode();
        ArrayNode imported = state.putArray("imported");
        for (String key : keys) {
            String[] parts = key.split("\\|");
            ObjectNode n = imported.addObject();
            n.put("file", parts[0]);
            n.put("size", Long.parseLong(parts[1]));
            n.put("mtimeMillis", Long.parseLong(parts[2]));
        }
        Path part = stateFile.resolveSibling(stateFile.getFileName() + ".part");
        Files.write(part, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
        Files.move(part, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
