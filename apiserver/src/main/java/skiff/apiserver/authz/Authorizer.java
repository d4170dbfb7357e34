package skiff.apiserver.authz;

/** Decides one request (k/k apiserver pkg/authorization/authorizer Authorizer, 1.32); never denies outright. */
public interface Authorizer {
    Decision authorize(RequestAttributes request);
}
