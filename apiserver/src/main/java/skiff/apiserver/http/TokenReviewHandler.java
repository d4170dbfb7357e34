package skiff.apiserver.http;

import java.util.ArrayList;
import java.util.List;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.authn.Authentication;
import skiff.apiserver.authn.AuthenticationException;
import skiff.apiserver.authn.UserInfoJson;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * TokenReview: who a bearer token stands for, as this server's token authenticators judge it (k/k
 * pkg/registry/authentication/tokenreview/storage.go, 1.32). An invalid token is an answer, not a failure.
 */
final class TokenReviewHandler implements ReviewHandler {
    private final Authentication authentication;

    TokenReviewHandler(Authentication authentication) {
        this.authentication = authentication;
    }

    @Override
    public ObjectNode review(Exchange ex, String namespace, ObjectNode body) {
        String token = body.path("spec").path("token").asString("");
        if (token.isEmpty()) {
            throw StatusException.badRequest("token is required for TokenReview in authentication");
        }
        List<String> audiences = new ArrayList<>();
        for (JsonNode audience : body.path("spec").path("audiences")) {
            audiences.add(audience.asString(""));
        }
        ObjectNode review = body.deepCopy();
        ObjectNode status = review.putObject("status");
        try {
            UserInfo user = authentication.reviewToken(token, audiences);
            status.put("authenticated", true);
            status.set("user", UserInfoJson.of(user));
            (audiences.isEmpty() ? authentication.apiAudiences() : audiences)
                    .forEach(status.putArray("audiences")::add);
        } catch (AuthenticationException e) {
            status.putObject("user");
            status.put("error", "[" + e.getMessage() + "]");
        }
        return review;
    }
}
