package dev.daemonset.operator.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectMetaRulesTest {

    @Test
    void labelsAndAnnotationsThatAClusterStoresPass() {
        assertThat(ObjectMetaRules.check(Json.parse("""
                {"labels": {"app": "agent", "app.kubernetes.io/name": "fluent-bit", "controller-revision-hash": "7b8f798",
                            "empty": "", "a_b.c-d": "X_y.z-1"},
                 "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}",
                                 "Example.COM/Owner": "upper case is fine in an annotation key", "note": ""}}
                """))).isEmpty();
    }

    @Test
    void aLabelKeyWithASpaceOrABadPrefixIsRefusedWithTheApiServersWords() {
        List<String> errors = messages("""
                {"labels": {"bad key!": "x", "Example.com/disk": "ssd", "/name": "x", "a/b/c": "x"}}
                """);

        assertThat(errors)
                .containsExactlyInAnyOrder(
                        "metadata.labels: Invalid value: \"bad key!\": name part must consist of alphanumeric characters,"
                                + " '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', "
                                + " or 'my.name',  or '123-abc', regex used for validation is"
                                + " '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                        "metadata.labels: Invalid value: \"Example.com/disk\": prefix part a lowercase RFC 1123 subdomain"
                                + " must consist of lower case alphanumeric characters, '-' or '.', and must start and end"
                                + " with an alphanumeric character (e.g. 'example.com', regex used for validation is"
                                + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
                        "metadata.labels: Invalid value: \"/name\": prefix part must be non-empty",
                        "metadata.labels: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric"
                                + " characters, '-', '_' or '.', and must start and end with an alphanumeric character"
                                + " (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is"
                                + " '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix"
                                + " and '/' (e.g. 'example.com/MyName')");
    }

    @Test
    void aLabelValueOfSixtyFourCharactersOrWithASpaceIsRefused() {
        String long64 = "v".repeat(64);

        assertThat(messages("{\"labels\": {\"tier\": \"" + long64 + "\", \"zone\": \"eu west\"}}"))
                .containsExactlyInAnyOrder(
                        "metadata.labels: Invalid value: \"" + long64 + "\": must be no more than 63 characters",
                        "metadata.labels: Invalid value: \"eu west\": a valid label must be an empty string or consist of"
                                + " alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric"
                                + " character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is"
                                + " '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
        assertThat(messages("{\"labels\": {\"tier\": \"" + "v".repeat(63) + "\"}}"))
                .isEmpty();
    }

    @Test
    void annotationsOverTwoHundredFiftySixKibibytesTogetherAreRefused() {
        int limit = ObjectMetaRules.TOTAL_ANNOTATION_BYTES;
        // two keys of one character each: the values may take the rest
        String atLimit = "{\"annotations\": {\"a\": \"" + "x".repeat(limit / 2 - 1) + "\", \"b\": \""
                + "x".repeat(limit / 2 - 1) + "\"}}";
        String overLimit = "{\"annotations\": {\"a\": \"" + "x".repeat(limit / 2 - 1) + "\", \"b\": \""
                + "x".repeat(limit / 2) + "\"}}";

        assertThat(messages(atLimit)).isEmpty();
        assertThat(messages(overLimit))
                .containsExactly("metadata.annotations: Too long: must have at most 262144 bytes");
    }

    private static List<String> messages(String metadata) {
        return ObjectMetaRules.check(Json.parse(metadata)).stream()
                .map(FieldError::toString)
                .toList();
    }
}
