package dev.daemonset.operator.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NameIndexedEntriesTest {
    private final NameIndexedEntries map = new NameIndexedEntries();

    @BeforeEach
    void fill() {
        for (int i = 0; i < 1000; i++) {
            map.put(key("pod-" + i, "default"), "{" + i + "}");
        }
        map.put(key("pod-7", "other"), "{other 7}");
    }

    @Test
    void aLookupByNameScansOnlyTheObjectsOfThatName() {
        Set<String> scanned = NameIndexedEntries.lookUp(new AttributeSet(new Attribute("name", "pod-7")), this::scan);

        assertThat(scanned).containsExactlyInAnyOrder("{7}", "{other 7}");
    }

    @Test
    void onlyTheFirstScanOfALookupIsNarrowed() {
        int[] sizes = NameIndexedEntries.lookUp(new AttributeSet(new Attribute("name", "pod-7")), () ->
                new int[] {map.entrySet().size(), map.entrySet().size()});

        assertThat(sizes).containsExactly(2, 1001);
    }

    @Test
    void queriesThatDoNotNameOneObjectScanEverything() {
        assertThat(scan()).hasSize(1001);
        assertThat(NameIndexedEntries.lookUp(new AttributeSet(new Attribute("namespace", "default")), this::scan))
                .hasSize(1001);
        assertThat(NameIndexedEntries.lookUp(new AttributeSet(new Attribute("name", "*")), this::scan))
                .hasSize(1001);
        assertThat(NameIndexedEntries.lookUp(
                        new AttributeSet(new Attribute("name", List.of("pod-7"), AttributeType.NOT_IN)), this::scan))
                .hasSize(1001);
    }

    @Test
    void removedAndReplacedObjectsLeaveTheIndex() {
        map.remove(key("pod-7", "default"));
        map.put(key("pod-8", "default"), "{8 again}");

        assertThat(NameIndexedEntries.lookUp(new AttributeSet(new Attribute("name", "pod-7")), this::scan))
                .containsExactly("{other 7}");
        assertThat(NameIndexedEntries.lookUp(new AttributeSet(new Attribute("name", "pod-8")), this::scan))
                .containsExactly("{8 again}");
        map.clear();
        assertThat(NameIndexedEntries.lookUp(new AttributeSet(new Attribute("name", "pod-8")), this::scan))
                .isEmpty();
    }

    private Set<String> scan() {
        return map.entrySet().stream().map(Map.Entry::getValue).collect(Collectors.toSet());
    }

    private static AttributeSet key(String name, String namespace) {
        return new AttributeSet(
                new Attribute("name", name), new Attribute("namespace", namespace), new Attribute("plural", "pods"));
    }
}
