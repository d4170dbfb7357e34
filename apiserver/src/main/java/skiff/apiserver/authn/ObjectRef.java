package skiff.apiserver.authn;

/** An object a service-account token names or is bound to: its name and uid. */
public record ObjectRef(String name, String uid) {}
