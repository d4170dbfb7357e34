package skiff.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import skiff.image.registry.RegistryConfig;

/**
 * How images are pulled from registries, shared by {@code skiff image pull}, {@code skiff server} and {@code skiff
 * agent}: Docker's {@code --insecure-registry}, a CA bundle, and k3s' registries.yaml for mirrors (with rewrites),
 * credentials and per-host CAs.
 */
final class RegistryCliOptions {
    @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]", split = ",",
            description = "A registry that may be reached over plain HTTP; repeatable.")
    List<String> insecure = new ArrayList<>();

    @Option(names = "--registry-config", paramLabel = "FILE", description = "Mirrors, credentials and CAs per "
            + "registry, in k3s' registries.yaml form (mirrors: {HOST: {endpoint: [URL...], rewrite: {...}}}, "
            + "configs: {HOST: {auth: {username, password}, tls: {ca_file}}}).")
    Path registryConfig;

    @Option(names = "--registry-ca", paramLabel = "FILE",
            description = "A PEM CA bundle trusted for registries besides the system trust store.")
    Path registryCa;

    /** The configuration these flags describe, the registries.yaml file read now. */
    RegistryConfig toConfig() throws IOException {
        RegistryConfig config = registryConfig == null ? RegistryConfig.empty()
                : RegistryConfig.load(registryConfig.toAbsolutePath());
        config = config.withInsecure(insecure);
        return registryCa == null ? config : config.withCaFile(registryCa.toAbsolutePath());
    }

    /** The kubelet's registry settings for a command; a registries.yaml that cannot be read is a usage error. */
    RegistryConfig toConfig(CommandLine commandLine) {
        try {
            return toConfig();
        } catch (NoSuchFileException e) {
            throw new CommandLine.ParameterException(commandLine, "--registry-config: no such file " + e.getMessage());
        } catch (IOException e) {
            throw new CommandLine.ParameterException(commandLine, "--registry-config: " + e.getMessage());
        }
    }
}
