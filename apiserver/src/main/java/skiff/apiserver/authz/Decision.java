package skiff.apiserver.authz;

/** An authorizer's answer and its reason (k/k apiserver pkg/authorization/authorizer Decision). */
public record Decision(boolean allowed, String reason) {
    public static Decision allow(String reason) {
        return new Decision(true, reason);
    }

    public static Decision noOpinion(String reason) {
        return new Decision(false, reason);
    }
}
