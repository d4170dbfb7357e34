package skiff.apiserver.apiextensions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

/** Reading the same stored object again is answered from memory; a changed object is converted again. */
class RememberedConversionsTest {
    private final List<String> asked = new ArrayList<>();
    private final RememberedConversions remembered = new RememberedConversions((object, apiVersion) -> {
        asked.add(object.path("spec").path("title").asString() + "->" + apiVersion);
        return CustomResourceConverter.NONE.convert(object, apiVersion);
    }, 2);

    private static ObjectNode widget(String title) {
        ObjectNode o = Json.object();
        o.put("apiVersion", "shop.example.com/v1");
        o.putObject("spec").put("title", title);
        return o;
    }

    @Test
    void theSameObjectForTheSameVersionIsConvertedOnce() {
        ObjectNode first = remembered.convert(widget("a"), "shop.example.com/v2");
        first.withObject("spec").put("title", "changed by a reader");
        ObjectNode again = remembered.convert(widget("a"), "shop.example.com/v2");
        remembered.convert(widget("a"), "shop.example.com/v3");
        remembered.convert(widget("b"), "shop.example.com/v2");
        remembered.convert(widget("c"), "shop.example.com/v2");
        remembered.convert(widget("a"), "shop.example.com/v2");

        assertThat(again.path("spec").path("title").asString()).isEqualTo("a");
        assertThat(again.path("apiVersion").asString()).isEqualTo("shop.example.com/v2");
        assertThat(asked).containsExactly("a->shop.example.com/v2", "a->shop.example.com/v3",
                "b->shop.example.com/v2", "c->shop.example.com/v2", "a->shop.example.com/v2");
    }
}
