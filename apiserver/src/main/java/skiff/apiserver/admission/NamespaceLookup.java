package skiff.apiserver.admission;

/** Answers whether a namespace exists and may take new objects (k/k plugin/pkg/admission/namespace/lifecycle). */
public interface NamespaceLookup {

    enum State { ACTIVE, TERMINATING, MISSING }

    State state(String namespace);
}
