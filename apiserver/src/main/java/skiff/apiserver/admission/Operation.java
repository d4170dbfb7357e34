package skiff.apiserver.admission;

/** What a request does to an object, as admission sees it (k/k apiserver pkg/admission/interfaces.go Operation). */
public enum Operation {
    CREATE, UPDATE, DELETE
}
