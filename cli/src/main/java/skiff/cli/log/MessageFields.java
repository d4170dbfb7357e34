package skiff.cli.log;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A log message split into its text and its {@code key=value} fields, as Skiff's messages write them (e.g.
 * {@code kubelet started node=vm runtime=process}): a value runs to the next space, or is a {@code [...]} list or a
 * quoted string. The text is what remains, spaces collapsed.
 */
record MessageFields(String text, Map<String, String> fields) {
    private static final Pattern FIELD = Pattern.compile(
            "(?<=^|\\s)([A-Za-z][A-Za-z0-9_.-]*)=(\\[[^\\]]*\\]|\"(?:[^\"\\\\]|\\\\.)*\"|\\S*)(?=\\s|$)");

    static MessageFields of(String message) {
        Map<String, String> fields = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder();
        Matcher m = FIELD.matcher(message);
        int end = 0;
        while (m.find()) {
            text.append(message, end, m.start());
            fields.putIfAbsent(m.group(1), unquote(m.group(2)));
            end = m.end();
        }
        text.append(message.substring(end));
        return new MessageFields(text.toString().strip().replaceAll("\\s+", " "), fields);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return value;
    }
}
