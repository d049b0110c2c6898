package dev.daemonset.operator.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class ListChunksTest {
    @Test
    void aTokenCarriesTheListsVersionAndTheKeyToResumeAfter() {
        String token = ListChunks.encode(new ListChunks.Token(42, "default/web-1"));
        assertThat(token).matches("[A-Za-z0-9_-]+");
        assertThat(ListChunks.decode(token)).isEqualTo(new ListChunks.Token(42, "default/web-1"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "***",
                "aGVsbG8",
                // {"v":"meta.k8s.io/v1","rv":0,"start":"a"}
                "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MCwic3RhcnQiOiJhIn0",
                // {"v":"meta.k8s.io/v1","rv":3}
                "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6M30"
            })
    void aMalformedTokenIsABadRequest(String token) {
        assertThatThrownBy(() -> ListChunks.decode(token)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code).isEqualTo(400);
            assertThat(e.reason).isEqualTo("BadRequest");
            assertThat(e.getMessage()).startsWith("invalid continue token: continue key is not valid: ");
        });
    }

    @Test
    void pagesResumeAfterTheStartKeyAndCountWhatRemainsOnlyWithoutSelectors() {
        List<JsonNode> items = List.of(obj("a", "x"), obj("a", "y"), obj("b", "x"));
        ListChunks.Page first = ListChunks.page(items, null, 2, 7, false);
        assertThat(first.items()).extracting(ListChunks::key).containsExactly("a/x", "a/y");
        assertThat(first.remainingItemCount()).isEqualTo(1L);
        ListChunks.Token token = ListChunks.decode(first.continueToken());
        assertThat(token).isEqualTo(new ListChunks.Token(7, "a/y"));

        ListChunks.Page last = ListChunks.page(items, token, 2, 7, false);
        assertThat(last.items()).extracting(ListChunks::key).containsExactly("b/x");
        assertThat(last.continueToken()).isNull();

        assertThat(ListChunks.page(items, null, 1, 7, true).remainingItemCount())
                .isNull();
        assertThat(ListChunks.page(items, null, 0, 7, false).items()).hasSize(3);
        assertThat(ListChunks.page(items, null, 3, 7, false).continueToken())
                .as("a page that ends the list exactly has no token")
                .isNull();
    }

    private static JsonNode obj(String namespace, String name) {
        return Json.MAPPER.valueToTree(Map.of("metadata", Map.of("namespace", namespace, "name", name)));
    }
}
