package skiff.cli.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * picocli's default values from a config file: a flag the command line gives wins over the file, the file over the
 * flag's built-in default.
 */
public final class ConfigFileDefaults implements CommandLine.IDefaultValueProvider {
    private final ConfigFile file;

    private ConfigFileDefaults(ConfigFile file) {
        this.file = file;
    }

    /**
     * For a subcommand with a {@code --config FILE} among {@code args} (the whole command line, the subcommand's
     * name first), reads that file and makes it the subcommand's source of defaults.
     *
     * @throws InvalidConfigException when the file cannot be read or holds a key or value the command refuses
     */
    public static void install(CommandLine root, String[] args) {
        if (args.length == 0 || !root.getSubcommands().containsKey(args[0])) {
            return;
        }
        CommandLine command = root.getSubcommands().get(args[0]);
        if (command.getCommandSpec().findOption("--config") == null) {
            return;
        }
        configPath(Arrays.copyOfRange(args, 1, args.length)).ifPresent(path ->
                command.setDefaultValueProvider(new ConfigFileDefaults(ConfigFile.read(path,
                        command.getCommandSpec()))));
    }

    /** The value of the last {@code --config FILE} or {@code --config=FILE} before any {@code --}. */
    static Optional<Path> configPath(String[] args) {
        Optional<Path> path = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                break;
            }
            if (args[i].equals("--config") && i + 1 < args.length) {
                path = Optional.of(Path.of(args[++i]));
            } else if (args[i].startsWith("--config=")) {
                path = Optional.of(Path.of(args[i].substring("--config=".length())));
            }
        }
        return path;
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        return argSpec instanceof OptionSpec option ? file.valueOf(option).orElse(null) : null;
    }
}
