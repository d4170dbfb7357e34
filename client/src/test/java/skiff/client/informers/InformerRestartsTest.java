package skiff.client.informers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class InformerRestartsTest {
    private final InformerRestarts restarts = new InformerRestarts("kube-controller-manager", "v1/pods");

    @Test
    void aFailedListOrWatchIsRetried() {
        assertThat(restarts.retryAfterException(true, new CompletionException(new IOException("Connection refused"))))
                .isTrue();
        assertThat(restarts.retryAfterException(false, new IllegalStateException("something else"))).isTrue();
    }

    @Test
    void aFailureOnAClosedClientIsNotReportedAsAnError() {
        // A component stopping closes its client while a relist is in flight; false would make fabric8 log
        // "will stop" as an error, while the informer, already closed, is not retried anyway.
        assertThat(restarts.retryAfterException(true,
                new CompletionException(new IllegalStateException("Client is closed")))).isTrue();
    }
}
