package skiff.apiserver.authz;

import skiff.apiserver.status.StatusException;

/**
 * The 403 for a request authorization refused (k/k apiserver endpoints/handlers/responsewriters/errors.go Forbidden,
 * 1.32): the resource and object it names, and why, with the authorizer's reason after a colon when there is one.
 */
public final class Forbidden {
    private Forbidden() {}

    public static StatusException of(RequestAttributes attributes, String reason) {
        String why = attributes.forbiddenMessage() + (reason.isEmpty() ? "" : ": " + reason);
        return StatusException.forbiddenRequest(attributes.apiGroup(), attributes.resource(), attributes.name(), why);
    }
}
