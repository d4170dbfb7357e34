package skiff.apiserver.fieldmanager;

/** A field an apply would change that another manager owns (structured-merge-diff merge/conflict.go). */
public record ApplyConflict(ManagerId owner, FieldPath field) {
    /** The cause message Kubernetes sends: {@code conflict with "kubectl-client-side-apply" using apps/v1}. */
    public String message() {
        return "conflict with " + owner.describe();
    }
}
