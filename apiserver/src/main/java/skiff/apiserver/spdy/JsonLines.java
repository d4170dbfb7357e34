package skiff.apiserver.spdy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The documents of a newline-delimited JSON stream, however the transport cut it: client-go writes each terminal size
 * to the SPDY {@code resize} stream with a JSON encoder (one document and a newline per size), while the channel
 * protocol carries one document per message.
 */
final class JsonLines {
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** Adds the next bytes of the stream and returns the documents they complete, without their newlines. */
    List<byte[]> add(byte[] bytes) {
        List<byte[]> documents = new ArrayList<>();
        for (byte b : bytes) {
            if (b == '\n') {
                if (pending.size() > 0) {
                    documents.add(pending.toByteArray());
                }
                pending.reset();
            } else {
                pending.write(b);
            }
        }
        return documents;
    }
}
