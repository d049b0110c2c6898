package dev.daemonset.operator.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.sandbox.apiserver.SchemaValidator.Scope;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Each schema keyword on its own, with the error the API server prints for it. */
class SchemaValidatorTest {
    private static List<String> errors(String propertySchema, String specJson) {
        return errors(propertySchema, specJson, null);
    }

    private static List<String> errors(String propertySchema, String specJson, String oldSpecJson) {
        StructuralSchema schema = StructuralSchema.of(
                Json.parse("{\"type\":\"object\",\"properties\":{\"spec\":{\"type\":\"object\",\"properties\":{\"x\":"
                        + propertySchema + "}}}}"));
        ObjectNode obj = (ObjectNode) Json.parse("{\"spec\":" + specJson + "}");
        SchemaPruning.apply(schema, obj, null);
        JsonNode old = oldSpecJson == null ? null : Json.parse("{\"spec\":" + oldSpecJson + "}");
        return new SchemaValidator(schema)
                .validate(obj, old, Scope.ALL).reported().stream()
                        .map(FieldError::toString)
                        .toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1.5 | number",
                "1e30 | number",
                "99999999999999999999 | number",
                "'\"5\"' | string",
                "true | boolean",
                "[] | array",
                "{} | object"
            })
    void anIntegerIsAJsonIntegerWithinInt64(String value, String seenAs) {
        assertThat(errors("{\"type\":\"integer\"}", "{\"x\":" + value + "}"))
                .containsExactly("spec.x: Invalid value: \"" + seenAs + "\": spec.x in body must be of type integer: \""
                        + seenAs + "\"");
    }

    @Test
    void integersWithinInt64AndWholeFloatsAreIntegersAndInt32IsNotEnforced() {
        assertThat(errors("{\"type\":\"integer\",\"format\":\"int32\"}", "{\"x\":3000000000}"))
                .isEmpty();
        assertThat(errors("{\"type\":\"integer\"}", "{\"x\":9223372036854775807}"))
                .isEmpty();
        assertThat(errors("{\"type\":\"integer\"}", "{\"x\":2.0}")).isEmpty();
        assertThat(errors("{\"type\":\"number\"}", "{\"x\":7}")).isEmpty();
    }

    @Test
    void intOrStringTakesOnlyIntegersAndStrings() {
        String schema =
                "{\"x-kubernetes-int-or-string\":true,\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"string\"}]}";
        assertThat(errors(schema, "{\"x\":3}")).isEmpty();
        assertThat(errors(schema, "{\"x\":\"25%\"}")).isEmpty();
        assertThat(errors(schema, "{\"x\":true}"))
                .containsExactly(
                        "spec.x: Invalid value: \"boolean\": spec.x in body must be of type integer,string: \"boolean\"");
        assertThat(errors(schema, "{\"x\":1.5}"))
                .containsExactly(
                        "spec.x: Invalid value: \"number\": spec.x in body must be of type integer,string: \"number\"");
    }

    @Test
    void nullIsDroppedUnlessNullableAndRefusedInAList() {
        assertThat(errors("{\"type\":\"string\",\"nullable\":true}", "{\"x\":null}"))
                .isEmpty();
        assertThat(errors("{\"type\":\"string\"}", "{\"x\":null}")).isEmpty();
        assertThat(errors("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}", "{\"x\":[\"a\",null]}"))
                .containsExactly(
                        "spec.x[1]: Invalid value: \"null\": spec.x[1] in body must be of type string: \"null\"");
    }

    @Test
    void enumListsTheSupportedValuesInSchemaOrder() {
        assertThat(errors(
                        "{\"type\":\"string\",\"enum\":[\"RollingUpdate\",\"OnDelete\"]}", "{\"x\":\"Rollingupdate\"}"))
                .containsExactly(
                        "spec.x: Unsupported value: \"Rollingupdate\": supported values: \"RollingUpdate\", \"OnDelete\"");
    }

    @Test
    void numericBounds() {
        assertThat(errors("{\"type\":\"integer\",\"maximum\":2147483647}", "{\"x\":3000000000}"))
                .containsExactly(
                        "spec.x: Invalid value: 3000000000: spec.x in body should be less than or equal to 2147483647");
        assertThat(errors("{\"type\":\"integer\",\"minimum\":1,\"exclusiveMinimum\":true}", "{\"x\":1}"))
                .containsExactly("spec.x: Invalid value: 1: spec.x in body should be greater than 1");
        assertThat(errors("{\"type\":\"number\",\"maximum\":2.5,\"exclusiveMaximum\":true}", "{\"x\":2.5}"))
                .containsExactly("spec.x: Invalid value: 2.5: spec.x in body should be less than 2.5");
        assertThat(errors("{\"type\":\"integer\",\"multipleOf\":5}", "{\"x\":12}"))
                .containsExactly("spec.x: Invalid value: 12: spec.x in body should be a multiple of 5");
    }

    @Test
    void stringKeywordsCountCharacters() {
        assertThat(errors("{\"type\":\"string\",\"maxLength\":3}", "{\"x\":\"héé\"}"))
                .isEmpty();
        assertThat(errors("{\"type\":\"string\",\"maxLength\":3}", "{\"x\":\"abcd\"}"))
                .containsExactly("spec.x: Too long: may not be more than 3 characters");
        assertThat(errors("{\"type\":\"string\",\"minLength\":2}", "{\"x\":\"a\"}"))
                .containsExactly("spec.x: Invalid value: \"a\": spec.x in body should be at least 2 chars long");
        assertThat(errors("{\"type\":\"string\",\"pattern\":\"^[a-z]+$\"}", "{\"x\":\"Agent\"}"))
                .containsExactly("spec.x: Invalid value: \"Agent\": spec.x in body should match '^[a-z]+$'");
        assertThat(errors("{\"type\":\"string\",\"format\":\"date-time\"}", "{\"x\":\"yesterday\"}"))
                .containsExactly(
                        "spec.x: Invalid value: \"yesterday\": spec.x in body must be of type date-time: \"yesterday\"");
        assertThat(errors("{\"type\":\"string\",\"format\":\"int32\"}", "{\"x\":\"anything\"}"))
                .isEmpty();
    }

    @Test
    void listKeywords() {
        String strings = "\"type\":\"array\",\"items\":{\"type\":\"string\"}";
        assertThat(errors("{" + strings + ",\"maxItems\":1}", "{\"x\":[\"a\",\"b\"]}"))
                .containsExactly("spec.x: Too many: 2: must have at most 1 item");
        assertThat(errors("{" + strings + ",\"minItems\":2}", "{\"x\":[\"a\"]}"))
                .containsExactly("spec.x: Invalid value: 1: spec.x in body should have at least 2 items");
        assertThat(errors("{" + strings + ",\"uniqueItems\":true}", "{\"x\":[\"a\",\"a\"]}"))
                .containsExactly("spec.x: Invalid value: \"\": spec.x in body shouldn't contain duplicates");
        assertThat(errors("{" + strings + ",\"x-kubernetes-list-type\":\"set\"}", "{\"x\":[\"a\",\"b\",\"a\"]}"))
                .containsExactly("spec.x[2]: Duplicate value: \"a\"");
        assertThat(errors(
                        "{\"type\":\"array\",\"x-kubernetes-list-type\":\"map\",\"x-kubernetes-list-map-keys\":[\"name\"],"
                                + "\"items\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"v\":{\"type\":\"integer\"}}}}",
                        "{\"x\":[{\"name\":\"a\",\"v\":1},{\"name\":\"a\",\"v\":2}]}"))
                .containsExactly("spec.x[1]: Duplicate value: map[string]interface {}{\"name\":\"a\"}");
    }

    @Test
    void objectKeywords() {
        String map = "\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}";
        assertThat(errors("{" + map + ",\"maxProperties\":1}", "{\"x\":{\"a\":\"1\",\"b\":\"2\"}}"))
                .containsExactly("spec.x: Too many: 2: must have at most 1 properties");
        assertThat(errors("{" + map + ",\"minProperties\":1}", "{\"x\":{}}"))
                .containsExactly("spec.x: Invalid value: 0: spec.x in body should have at least 1 properties");
        assertThat(errors(
                        "{\"type\":\"object\",\"required\":[\"name\"],\"properties\":{\"name\":{\"type\":\"string\"}}}",
                        "{\"x\":{}}"))
                .containsExactly("spec.x.name: Required value");
        assertThat(errors(
                        "{\"type\":\"object\",\"x-kubernetes-embedded-resource\":true,\"x-kubernetes-preserve-unknown-fields\":true}",
                        "{\"x\":{\"spec\":{}}}"))
                .containsExactly(
                        "spec.x.apiVersion: Required value: must not be empty",
                        "spec.x.kind: Required value: must not be empty");
    }

    @Test
    void unknownFieldsArePrunedUnlessPreserved() {
        StructuralSchema schema = StructuralSchema.of(Json.parse("""
        {"type":"object","properties":{"spec":{"type":"object","properties":{
          "kept":{"type":"object","x-kubernetes-preserve-unknown-fields":true},
          "items":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"}}}}}}}}"""));
        ObjectNode obj = (ObjectNode) Json.parse("""
        {"apiVersion":"v1","kind":"K","metadata":{"name":"n"},"spec":{"typo":1,"kept":{"any":1},"items":[{"name":"a","bad":2}]}}""");

        assertThat(SchemaPruning.apply(schema, obj, null)).containsExactly("spec.typo", "spec.items[0].bad");
        assertThat(Json.write(obj))
                .isEqualTo(
                        "{\"apiVersion\":\"v1\",\"kind\":\"K\",\"metadata\":{\"name\":\"n\"},\"spec\":{\"kept\":{\"any\":1},\"items\":[{\"name\":\"a\"}]}}");
    }

    @Test
    void defaultsFillAbsentFields() {
        StructuralSchema schema = StructuralSchema.of(
                Json.parse(
                        "{\"type\":\"object\",\"properties\":{\"spec\":{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"default\":10}}}}}"));
        ObjectNode obj = (ObjectNode) Json.parse("{\"spec\":{}}");
        SchemaPruning.apply(schema, obj, null);
        assertThat(obj.path("spec").path("n").asInt()).isEqualTo(10);
    }

    @Test
    void celRulesWithMessageExpressionFieldPathAndReason() {
        String schema =
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}},\"x-kubernetes-validations\":["
                        + "{\"rule\":\"self.a < 10\",\"messageExpression\":\"'a is ' + string(self.a)\",\"fieldPath\":\".a\"},"
                        + "{\"rule\":\"self.a != 3\",\"message\":\"not three\",\"reason\":\"FieldValueForbidden\"},"
                        + "{\"rule\":\"self.a >= oldSelf.a\",\"message\":\"a may not shrink\"}]}";
        assertThat(errors(schema, "{\"x\":{\"a\":12}}"))
                .containsExactly("spec.x.a: Invalid value: \"object\": a is 12");
        assertThat(errors(schema, "{\"x\":{\"a\":3}}")).containsExactly("spec.x: Forbidden: not three");
        assertThat(errors(schema, "{\"x\":{\"a\":4}}", "{\"x\":{\"a\":5}}"))
                .containsExactly("spec.x: Invalid value: \"object\": a may not shrink");
    }

    @Test
    void aBlockingSchemaErrorSkipsTheRulesAsTheApiServerSays() {
        String schema = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}},"
                + "\"x-kubernetes-validations\":[{\"rule\":\"self.a < 10\"}]}";
        assertThat(errors(schema, "{\"x\":{\"a\":\"12\"}}"))
                .containsExactly(
                        "spec.x.a: Invalid value: \"string\": spec.x.a in body must be of type integer: \"string\"",
                        "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; "
                                + "correct the existing errors to complete validation");
        assertThat(errors(schema, "{\"x\":{\"a\":12}}"))
                .containsExactly("spec.x: Invalid value: \"object\": failed rule: self.a < 10");
    }

    @Test
    void anUnchangedInvalidValueIsNotRefusedAgainOnUpdate() {
        assertThat(errors("{\"type\":\"integer\",\"minimum\":0}", "{\"x\":-1}", "{\"x\":-1}"))
                .isEmpty();
        assertThat(errors("{\"type\":\"integer\",\"minimum\":0}", "{\"x\":-2}", "{\"x\":-1}"))
                .hasSize(1);
    }
}
