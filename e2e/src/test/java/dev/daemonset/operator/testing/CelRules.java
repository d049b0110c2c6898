package dev.daemonset.operator.testing;

import dev.cel.runtime.CelRuntime;
import dev.daemonset.operator.sandbox.apiserver.CelRule;
import dev.daemonset.operator.sandbox.apiserver.Json;

/**
 * The CEL side of {@link CrdValidator}, for tests that check a rule on its own: compiles with the sandbox
 * API server's CEL environment ({@link CelRule}: standard CEL and the string extensions, {@code self} and
 * {@code oldSelf} untyped).
 */
public final class CelRules {
    /** A transition rule is evaluated only on updates, and only where the old object had a value. */
    public static boolean isTransitionRule(String rule) {
        return CelRule.of(tools.jackson.databind.node.JsonNodeFactory.instance
                        .objectNode()
                        .put("rule", rule))
                .isTransition();
    }

    /** True when the rule holds; an evaluation error counts as a failure, as it does on the API server. */
    public boolean holds(String rule, Object self, Object oldSelf) {
        CelRule compiled = CelRule.of(tools.jackson.databind.node.JsonNodeFactory.instance
                .objectNode()
                .put("rule", rule));
        return compiled.evaluate(cel(self), oldSelf == null ? null : cel(oldSelf)) instanceof CelRule.Held;
    }

    private static Object cel(Object plain) {
        return CelRule.toCel(Json.MAPPER.valueToTree(plain));
    }

    /** Compiles the rule, failing with CEL's own diagnostics when it is not valid CEL. */
    public CelRuntime.Program compile(String rule) {
        return CelRule.compile(rule);
    }
}
