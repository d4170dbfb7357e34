package skiff.apiserver.apiextensions;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * A converter that remembers its latest results by the whole object converted and the version asked for, so that
 * reading the same stored objects again (every list, every watcher) does not call the webhook again. Kubernetes gets
 * the same from its watch cache, one per served version, which holds objects once converted (k/k 1.32
 * apiextensions-apiserver customresource_handler.go: a storage, and so a cacher, per version).
 */
final class RememberedConversions implements CustomResourceConverter {
    private record Question(ObjectNode object, String apiVersion) {}

    private final CustomResourceConverter converter;
    private final Map<Question, ObjectNode> answers;

    RememberedConversions(CustomResourceConverter converter, int capacity) {
        this.converter = converter;
        this.answers = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Question, ObjectNode> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public ObjectNode convert(ObjectNode object, String apiVersion) {
        Question question = new Question(object.deepCopy(), apiVersion);
        ObjectNode known;
        synchronized (answers) {
            known = answers.get(question);
        }
        if (known == null) {
            known = converter.convert(object, apiVersion);
            synchronized (answers) {
                answers.put(question, known.deepCopy());
            }
        }
        return known.deepCopy();
    }
}
