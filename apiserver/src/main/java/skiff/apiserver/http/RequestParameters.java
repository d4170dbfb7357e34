package skiff.apiserver.http;

import java.util.List;

/** What list, watch and write options are read from: a request's query parameters and headers. */
interface RequestParameters {

    /** The first value of a query parameter, or null. */
    String param(String name);

    /** Every value of a query parameter, in order. */
    List<String> params(String name);

    /** A header's value, or "" when absent. */
    String header(String name);

    default String param(String name, String fallback) {
        String v = param(name);
        return v == null ? fallback : v;
    }

    default boolean flag(String name) {
        return "true".equalsIgnoreCase(param(name)) || "1".equals(param(name));
    }
}
