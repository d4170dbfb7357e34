package skiff.apiserver.authn;

import java.util.List;

/** The user names and groups of service accounts (k/k apiserver pkg/authentication/serviceaccount/util.go, 1.32). */
public final class ServiceAccountUsers {
    public static final String PREFIX = "system:serviceaccount:";
    public static final String ALL_GROUP = "system:serviceaccounts";

    private ServiceAccountUsers() {}

    public static String userName(String namespace, String name) {
        return PREFIX + namespace + ":" + name;
    }

    /** system:serviceaccounts and system:serviceaccounts:NS. */
    public static List<String> groups(String namespace) {
        return List.of(ALL_GROUP, ALL_GROUP + ":" + namespace);
    }
}
