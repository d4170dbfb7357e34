package skiff.apiserver.http;

import skiff.apiserver.authn.UserInfoJson;
import tools.jackson.databind.node.ObjectNode;

/**
 * SelfSubjectReview: who the caller is, as authentication found it ({@code kubectl auth whoami}; k/k
 * pkg/registry/authentication/selfsubjectreview/rest.go, 1.32).
 */
final class SelfSubjectReviewHandler implements ReviewHandler {
    @Override
    public ObjectNode review(Exchange ex, String namespace, ObjectNode body) {
        ObjectNode review = body.objectNode();
        review.putObject("metadata");
        review.putObject("status").set("userInfo", UserInfoJson.of(ex.user()));
        return review;
    }
}
