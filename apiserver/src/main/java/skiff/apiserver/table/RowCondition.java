package skiff.apiserver.table;

/**
 * A condition on one Table row, as {@code metav1.TableRowCondition}: it describes the row for a human, not the
 * object. The only type Kubernetes defines is {@code Completed}, for rows whose object has run to completion.
 */
public record RowCondition(String type, String status, String reason, String message) {

    static RowCondition completed(String reason, String message) {
        return new RowCondition("Completed", "True", reason, message);
    }
}
