package skiff.apiserver.cel;

import dev.cel.runtime.CelEvaluationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An evaluation error in cel-go's words: no position, and a missing map key as "no such key: k". */
public final class EvaluationErrors {
    private static final Pattern POSITION = Pattern.compile("^(<input>)?:?\\d+(:\\d+)?: ");
    private static final Pattern MISSING_KEY = Pattern.compile("key '(.*)' is not present in map");

    private EvaluationErrors() {}

    public static String describe(CelEvaluationException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int colon = message.indexOf("evaluation error");
        if (colon >= 0) {
            message = message.substring(message.indexOf(':', colon) + 1).trim();
        }
        message = POSITION.matcher(message).replaceFirst("");
        Matcher missing = MISSING_KEY.matcher(message);
        return missing.find() ? "no such key: " + missing.group(1) : message;
    }
}
