package skiff.apiserver.decode;

/**
 * A body that does not decode into its kind's Go types, with the error Go gives (encoding/json's UnmarshalTypeError,
 * a base64 or a Quantity error); the API server answers 400 with it (k/k apiserver endpoints/handlers/rest.go
 * transformDecodeError).
 */
public final class DecodeError extends RuntimeException {
    DecodeError(String message) {
        super(message, null, false, false);
    }
}
