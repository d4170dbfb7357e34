package skiff.apiserver.admission;

/** Answers whether a namespace exists and may take new objects (k/k plugin/pkg/admission/namespace/lifecycle). */
public interface NamespaceLookup {

    enum State { ACTIVE, TERMINATING, MISSING }

    /** From the watch cache (a namespace it lacks is looked up in the store), or {@code live} from the store. */
    State state(String namespace, boolean live);
}
