package skiff.kubelet.runtime.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

/** A runc bundle's config.json (OCI runtime-spec config.md). */
public record OciSpec(ObjectNode json) {

    public String toJson() {
        return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json);
    }

    /** Writes {@code bundleDir/config.json} atomically, creating the directory. */
    public void writeTo(Path bundleDir) throws IOException {
        Files.createDirectories(bundleDir);
        Path tmp = bundleDir.resolve("config.json.tmp");
        Files.writeString(tmp, toJson());
        Files.move(tmp, bundleDir.resolve("config.json"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }
}
