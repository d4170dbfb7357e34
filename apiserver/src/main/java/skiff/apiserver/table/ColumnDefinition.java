package skiff.apiserver.table;

/**
 * One column of a server-side Table, as {@code metav1.TableColumnDefinition} puts it on the wire. {@code type} is
 * an OpenAPI type ({@code string}, {@code integer}, {@code date}…), {@code format} a hint such as {@code name}, and
 * columns with {@code priority > 0} are printed only by {@code kubectl get -o wide}.
 */
public record ColumnDefinition(String name, String type, String format, String description, int priority) {}
