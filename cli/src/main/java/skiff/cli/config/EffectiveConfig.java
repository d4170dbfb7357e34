package skiff.cli.config;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command's flags as they stand after the command line and the config file were read, as a config file with the
 * same keys ({@code skiff server --print-config}). Flags without a value are left out.
 */
public final class EffectiveConfig {
    private EffectiveConfig() {}

    /** The YAML; durations written by {@code durations} in the form the flags read. */
    public static String yaml(CommandSpec spec, Function<Duration, String> durations) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            String key = ConfigFile.key(option);
            if (option.usageHelp() || option.versionHelp() || ConfigFile.NOT_IN_FILE.contains(key)) {
                continue;
            }
            Object value = option.getValue();
            if (value != null && !(value instanceof Collection<?> list && list.isEmpty())) {
                values.put(key, plain(value, durations));
            }
        }
        DumperOptions dump = new DumperOptions();
        dump.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        dump.setIndicatorIndent(2);
        dump.setIndentWithIndicator(true);
        dump.setDereferenceAliases(true);
        return new Yaml(dump).dump(values);
    }

    private static Object plain(Object value, Function<Duration, String> durations) {
        if (value instanceof Collection<?> list) {
            return list.stream().map(v -> plain(v, durations)).toList();
        }
        if (value instanceof Duration d) {
            return durations.apply(d);
        }
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            return value;
        }
        return value.toString();
    }
}
