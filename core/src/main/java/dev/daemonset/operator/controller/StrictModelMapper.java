package dev.daemonset.operator.controller;

import dev.daemonset.operator.client.LazyPropertyDeserializers;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The mapper that reads stored objects into the Java model strictly about JSON types, where Jackson would quietly
 * convert ({@code "5"} for an integer, {@code 5} for a label value, {@code "true"} for a boolean): the API server
 * refuses those, so a cluster that stored one without validation must hear about it rather than get a guess.
 *
 * <p>A plain mapper, not fabric8's: its Go-compatibility module reads "5" as an integer whatever the coercion
 * settings say. The model classes carry their own deserializers (IntOrString, Quantity).
 */
public final class StrictModelMapper {
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(
                    LogicalType.Textual,
                    c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Float, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .addModule(LazyPropertyDeserializers.module())
            .build();

    private StrictModelMapper() {}
}
