package skiff.apiserver.apiextensions;

import tools.jackson.databind.JsonNode;

/** JSON values as the OpenAPI validator names and compares them. */
final class JsonKinds {
    private JsonKinds() {}

    /** "string", "integer", "number", "boolean", "array", "object" or "null". */
    static String of(JsonNode value) {
        if (value.isString()) {
            return "string";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            // k/k decodes JSON numbers without a fraction as int64: 2.0 is an integer.
            double d = value.asDouble();
            return d == Math.rint(d) && !Double.isInfinite(d) ? "integer" : "number";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        if (value.isArray()) {
            return "array";
        }
        if (value.isObject()) {
            return "object";
        }
        return "null";
    }

    /** The value as a field error shows it: strings, integers, doubles and booleans bare, the rest as JSON. */
    static Object plain(JsonNode value) {
        if (value.isString()) {
            return value.asString();
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        return value;
    }

    /** Equality as enum checks it: numbers by value. */
    static boolean equal(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.asDouble() == b.asDouble();
        }
        return a.equals(b);
    }
}
