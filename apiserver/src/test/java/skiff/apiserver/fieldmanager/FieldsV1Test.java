package skiff.apiserver.fieldmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static skiff.apiserver.fieldmanager.Objects.json;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading FieldsV1 (structured-merge-diff fieldpath/serialize.go) into the member paths it holds. */
class FieldsV1Test {

    record Case(String name, String fieldsV1, String paths) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("an empty object is a member leaf", "{'f:spec':{'f:replicas':{}}}", "[.spec.replicas]"),
                new Case("a dot makes a parent a member too", "{'f:data':{'.':{},'f:a':{}}}", "[.data, .data.a]"),
                new Case("keyed items print their keys", "{'f:c':{'k:{`name`:`x`,`port`:80}':{'.':{}}}}",
                        "[.c[name=\"x\",port=80]]"),
                new Case("set items print their value", "{'f:metadata':{'f:finalizers':{'v:`a/b`':{}}}}",
                        "[.metadata.finalizers[=\"a/b\"]]"),
                new Case("indexes print in brackets", "{'f:args':{'i:0':{}}}", "[.args[0]]"),
                new Case("elements of an unknown kind are skipped", "{'f:a':{},'x:what':{}}", "[.a]"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decodesTheMemberPaths(Case c) {
        FieldSet set = FieldsV1.decode(json(c.fieldsV1()));

        assertThat(set.paths().toString()).isEqualTo(c.paths());
    }

    @Test
    void malformedElementsAreRejected() {
        assertThatThrownBy(() -> FieldsV1.decode(json("{'k:{broken':{}}"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldsV1.decode(json("{'f:a':1}"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysAreWrittenSortedWhateverTheirOrderInTheObject() {
        FieldSet set = FieldsV1.decode(json("{'f:ports':{'k:{`protocol`:`TCP`,`containerPort`:80}':{}}}"));

        assertThat(FieldsV1.encode(set)).isEqualTo(json("{'f:ports':{'k:{`containerPort`:80,`protocol`:`TCP`}':{}}}"));
    }
}
