package skiff.cli.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command's flags from a YAML file, as k3s reads {@code /etc/rancher/k3s/config.yaml}: each key a flag's long name
 * without its dashes, each value the flag's value, a list for a flag that takes several. A key that names no flag,
 * a list for a single-valued flag and a value the flag cannot take are refused with their line.
 */
public final class ConfigFile {
    /** Flags a file cannot set: they say where the file is or what to do instead of running. */
    static final Set<String> NOT_IN_FILE = Set.of("config", "print-config", "help", "version");

    private final Map<String, List<String>> values;

    private ConfigFile(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Reads {@code path} for the command {@code spec}. */
    public static ConfigFile read(Path path, CommandSpec spec) {
        Node root;
        try (Reader reader = Files.newBufferedReader(path)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
        } catch (IOException e) {
            throw new InvalidConfigException(path + ": cannot read it: " + e.getMessage());
        } catch (YAMLException e) {
            throw new InvalidConfigException(path + ": not YAML: " + e.getMessage().replace('\n', ' '));
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (root == null) {
            return new ConfigFile(values);
        }
        if (!(root instanceof MappingNode mapping)) {
            throw new InvalidConfigException(at(path, root) + "the file must be a mapping of flag names to values");
        }
        Map<String, OptionSpec> options = optionsByKey(spec);
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                throw new InvalidConfigException(at(path, tuple.getKeyNode()) + "a key must be a flag name");
            }
            String key = keyNode.getValue();
            OptionSpec option = options.get(key);
            if (option == null) {
                String hint = NOT_IN_FILE.contains(key) ? "--" + key + " cannot be set in a config file"
                        : "unknown key '" + key + "'" + NearestName.to(key, options.keySet())
                                .map(n -> "; did you mean '" + n + "' (" + options.get(n).longestName() + ")?")
                                .orElse("");
                throw new InvalidConfigException(at(path, keyNode) + hint);
            }
            if (values.containsKey(key)) {
                throw new InvalidConfigException(at(path, keyNode) + "'" + key + "' is set twice");
            }
            values.put(key, checked(path, key, option, tuple.getValueNode()));
        }
        return new ConfigFile(values);
    }

    /**
     * The file's value for this flag, as one command-line argument would give it, if the file sets the flag (an empty
     * list leaves the flag's default).
     */
    Optional<String> valueOf(OptionSpec option) {
        List<String> v = values.get(key(option));
        if (v == null || v.isEmpty()) {
            return Optional.empty();
        }
        // A list is given as the flag's split form (every multi-valued flag splits at commas).
        return Optional.of(String.join(option.splitRegex().replace("\\", ""), v));
    }

    /** A flag's key in a config file: its long name without the dashes. */
    static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    private static Map<String, OptionSpec> optionsByKey(CommandSpec spec) {
        Map<String, OptionSpec> options = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            if (!option.usageHelp() && !option.versionHelp() && !NOT_IN_FILE.contains(key(option))) {
                options.put(key(option), option);
            }
        }
        return options;
    }

    private static List<String> checked(Path path, String key, OptionSpec option, Node value) {
        List<ScalarNode> scalars = new ArrayList<>();
        if (value instanceof SequenceNode sequence) {
            if (!option.isMultiValue() || option.splitRegex().isEmpty()) {
                throw new InvalidConfigException(at(path, value) + "'" + key + "' takes one value, not a list");
            }
            for (Node item : sequence.getValue()) {
                if (!(item instanceof ScalarNode scalar)) {
                    throw new InvalidConfigException(at(path, item) + "'" + key + "' takes a list of plain values");
                }
                scalars.add(scalar);
            }
        } else if (value instanceof ScalarNode scalar) {
            if (scalar.getValue().isEmpty() && !scalar.getTag().getValue().endsWith(":str")) {
                throw new InvalidConfigException(at(path, value) + "'" + key + "' needs a value");
            }
            scalars.add(scalar);
        } else {
            throw new InvalidConfigException(at(path, value) + "'" + key + "' takes "
                    + (option.isMultiValue() ? "a value or a list of values" : "one value") + ", not a mapping");
        }
        Class<?> type = option.isMultiValue() && option.auxiliaryTypes().length > 0 ? option.auxiliaryTypes()[0]
                : option.type();
        List<String> strings = new ArrayList<>();
        for (ScalarNode scalar : scalars) {
            String s = scalar.getValue();
            String problem = problem(option, type, s);
            if (problem != null) {
                throw new InvalidConfigException(at(path, scalar) + "'" + key + "': " + problem);
            }
            strings.add(s);
        }
        return List.copyOf(strings);
    }

    /** Why the flag cannot take this value, or null when it can. */
    private static String problem(OptionSpec option, Class<?> type, String value) {
        CommandLine.ITypeConverter<?>[] converters = option.converters();
        try {
            if (converters != null && converters.length > 0) {
                converters[0].convert(value);
            } else if (type == int.class || type == Integer.class) {
                Integer.parseInt(value);
            } else if (type == long.class || type == Long.class) {
                Long.parseLong(value);
            } else if (type == boolean.class || type == Boolean.class) {
                String v = value.toLowerCase(Locale.ROOT);
                if (!v.equals("true") && !v.equals("false")) {
                    return "must be true or false, not '" + value + "'";
                }
            }
            return null;
        } catch (NumberFormatException e) {
            return "must be a whole number, not '" + value + "'";
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    private static String at(Path path, Node node) {
        return path + ": line " + (node.getStartMark().getLine() + 1) + ": ";
    }
}
