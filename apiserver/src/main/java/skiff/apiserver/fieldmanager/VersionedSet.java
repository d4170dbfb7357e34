package skiff.apiserver.fieldmanager;

/** The fields one manager owns, at the API version it used, and whether it owns them by applying. */
record VersionedSet(FieldSet set, String apiVersion, boolean applied) {
    VersionedSet withSet(FieldSet other) {
        return new VersionedSet(other, apiVersion, applied);
    }
}
