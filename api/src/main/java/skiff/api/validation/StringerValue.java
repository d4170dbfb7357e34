package skiff.api.validation;

/**
 * A bad value whose Go type has a {@code String} method (a metav1.Time, a resource.Quantity): a field error shows
 * that text bare (k/k apimachinery pkg/util/validation/field/errors.go ErrorBody, the fmt.Stringer case).
 */
public record StringerValue(String text) {}
