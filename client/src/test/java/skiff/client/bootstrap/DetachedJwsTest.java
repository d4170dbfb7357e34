package skiff.client.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DetachedJwsTest {
    // The known answers of k8s.io/cluster-bootstrap/token/jws's own test (1.32), so that kubeadm and Skiff agree.
    private static final String CONTENT = "Hello from the other side. I must have called a thousand times.";
    private static final String ID = "joshua";
    private static final String SECRET = "my voice is my passcode";

    @Test
    void signsAsClusterBootstrapDoes() {
        assertThat(DetachedJws.sign(CONTENT, ID, SECRET)).isEqualTo(
                "eyJhbGciOiJIUzI1NiIsImtpZCI6Impvc2h1YSJ9..VShe2taLd-YTrmWuRkcL_8QTNDHYxQIEBsAYYiIj1_8");
        assertThat(DetachedJws.sign("", ID, SECRET)).isEqualTo(
                "eyJhbGciOiJIUzI1NiIsImtpZCI6Impvc2h1YSJ9..7Ui1ALizW4jXphVUB7xUqC9vLYLL9RZeOFfVLoB7Tgk");
        assertThat(DetachedJws.sign(CONTENT, ID, "")).isEqualTo(
                "eyJhbGciOiJIUzI1NiIsImtpZCI6Impvc2h1YSJ9..UfkqvDGiIFxrMnFseDj9LYJOLNrvjW8aHhF71mvvAs8");
    }

    @Test
    void onlyTheSameContentAndTokenMakeAValidSignature() {
        String signature = DetachedJws.sign(CONTENT, ID, SECRET);

        assertThat(DetachedJws.isValid(signature, CONTENT, ID, SECRET)).isTrue();
        assertThat(DetachedJws.isValid(signature + "foo", CONTENT, ID, SECRET)).isFalse();
        assertThat(DetachedJws.isValid(signature, CONTENT + " ", ID, SECRET)).isFalse();
        assertThat(DetachedJws.isValid(signature, CONTENT, ID, "another secret")).isFalse();
    }
}
