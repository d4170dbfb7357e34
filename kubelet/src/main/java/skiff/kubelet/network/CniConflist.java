package skiff.kubelet.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import skiff.api.json.Json;
import skiff.kubelet.PrivateFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The network configuration list (CNI SPEC.md 1.0, "Configuration format"): Skiff's own is {@code bridge} with
 * {@code host-local} IPAM over the node's pod CIDR, as k3s and the kubenet plugin set it up.
 *
 * @param json the whole list ({@code cniVersion}, {@code name}, {@code plugins})
 */
public record CniConflist(ObjectNode json) {
    public static final String FILE = "10-skiff.conflist";
    public static final String CNI_VERSION = "1.0.0";
    public static final String NETWORK = "skiff";

    /** Skiff's list for a node whose pods take addresses from {@code podCidr}. */
    public static CniConflist skiff(CniConfig config, String podCidr) {
        ObjectNode list = Json.object();
        list.put("cniVersion", CNI_VERSION);
        list.put("name", NETWORK);
        ObjectNode bridge = list.putArray("plugins").addObject();
        bridge.put("type", "bridge");
        bridge.put("bridge", config.bridge());
        bridge.put("isGateway", true);
        bridge.put("ipMasq", config.ipMasq());
        bridge.put("hairpinMode", true);
        ObjectNode ipam = bridge.putObject("ipam");
        ipam.put("type", "host-local");
        ipam.putArray("ranges").addArray().addObject().put("subnet", podCidr);
        ipam.putArray("routes").addObject().put("dst", "0.0.0.0/0");
        ipam.put("dataDir", config.ipamDir().toString());
        return new CniConflist(list);
    }

    /** Parses a {@code .conflist}; a list without a name, a version or plugins is refused with the file's name. */
    public static CniConflist parse(Path file) {
        JsonNode node;
        try {
            node = Json.parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CNI configuration " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the CNI configuration " + file + " is not JSON: " + e.getMessage(), e);
        }
        if (!(node instanceof ObjectNode list) || !list.path("name").isString()
                || !list.path("cniVersion").isString() || !list.path("plugins").isArray()
                || list.path("plugins").isEmpty()) {
            throw new IllegalStateException("the CNI configuration " + file
                    + " needs \"cniVersion\", \"name\" and a non-empty \"plugins\" list");
        }
        return new CniConflist(list);
    }

    /**
     * Writes Skiff's list into the configuration directory when it changed, then loads the directory's first
     * {@code .conflist} by name (what containerd and CRI-O do), which is Skiff's own unless the user put one
     * before it.
     */
    public static CniConflist install(CniConfig config, String podCidr) {
        try {
            PrivateFiles.directories(config.confDir());
            Path own = config.confDir().resolve(FILE);
            byte[] wanted = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(skiff(config, podCidr).json);
            if (!Files.exists(own) || !java.util.Arrays.equals(Files.readAllBytes(own), wanted)) {
                Path tmp = config.confDir().resolve("." + FILE + ".tmp");
                Files.deleteIfExists(tmp);
                PrivateFiles.createFile(tmp);
                PrivateFiles.write(tmp, wanted);
                Files.move(tmp, own, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            try (Stream<Path> files = Files.list(config.confDir())) {
                Path first = files.filter(f -> f.getFileName().toString().endsWith(".conflist"))
                        .filter(f -> !f.getFileName().toString().startsWith("."))
                        .sorted().findFirst().orElse(own);
                return parse(first);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CNI configuration in " + config.confDir(), e);
        }
    }

    public String name() {
        return json.path("name").asString();
    }

    public String cniVersion() {
        return json.path("cniVersion").asString();
    }

    /**
     * The configuration each plugin gets on stdin (SPEC.md "Deriving execution configuration from plugin
     * configuration"): its own object plus the list's {@code name} and {@code cniVersion}, and the previous
     * result when there is one.
     */
    public List<ObjectNode> pluginConfigs() {
        List<ObjectNode> configs = new ArrayList<>();
        for (JsonNode plugin : (ArrayNode) json.get("plugins")) {
            ObjectNode config = ((ObjectNode) plugin).deepCopy();
            config.put("name", name());
            config.put("cniVersion", cniVersion());
            configs.add(config);
        }
        return configs;
    }
}
