package skiff.controllers.garbagecollector;

/**
 * Which object a garbage-collector key names: enough to GET it (apiVersion, kind, namespace, name) and to tell a
 * recreated object of the same name from the original (uid).
 *
 * @param namespace null for cluster-scoped objects
 */
record ObjectIdentity(String apiVersion, String kind, String namespace, String name, String uid) {

    boolean isNamespace() {
        return apiVersion.equals("v1") && kind.equals("Namespace");
    }

    @Override
    public String toString() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name + " uid=" + uid;
    }
}
