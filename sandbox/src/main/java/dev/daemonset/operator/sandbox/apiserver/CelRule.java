package dev.daemonset.operator.sandbox.apiserver;

import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * One {@code x-kubernetes-validations} entry, compiled once with Google's CEL implementation.
 * {@code self} and {@code oldSelf} are untyped ({@code dyn}) where the API server types them from the
 * schema: a rule that the API server would refuse at CRD creation may still compile here, never the other
 * way round for the standard library and the string extensions.
 */
public final class CelRule {
    private static final Pattern OLD_SELF = Pattern.compile("\\boldSelf\\b");
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addLibraries(CelExtensions.strings())
            .addVar("self", SimpleType.DYN)
            .addVar("oldSelf", SimpleType.DYN)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .addLibraries(CelExtensions.strings())
            .build();
    // the same expression appears on many nodes of a large schema (and in every CRD reload): compile it once
    private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

    /** What the evaluation of a rule gave. */
    public sealed interface Outcome {}

    /** The rule held. */
    public record Held() implements Outcome {}

    /** The rule evaluated to false; {@code message} is what the API server reports. */
    public record Failed(String message) implements Outcome {}

    /** The rule could not be evaluated (no such key, a type mismatch on an untyped value, ...). */
    public record Error(String message) implements Outcome {}

    private static final Held HELD = new Held();

    private final String rule;
    private final String message;
    private final String fieldPath;
    private final String reason;
    private final boolean transition;
    private final CelRuntime.Program program;
    private final CelRuntime.Program messageExpression;

    private CelRule(String rule, String message, String messageExpression, String fieldPath, String reason) {
        this.rule = rule;
        this.message = message;
        this.fieldPath = fieldPath;
        this.reason = reason;
        this.transition = OLD_SELF.matcher(rule).find();
        this.program = compile(rule);
        this.messageExpression =
                messageExpression == null || messageExpression.isBlank() ? null : compile(messageExpression);
    }

    /** Compiles the entry of a CRD schema; an IllegalArgumentException carries CEL's diagnostics. */
    public static CelRule of(JsonNode entry) {
        return new CelRule(
                Json.text(entry.path("rule"), ""),
                Json.text(entry.path("message")),
                Json.text(entry.path("messageExpression")),
                Json.text(entry.path("fieldPath")),
                Json.text(entry.path("reason")));
    }

    /** Compiles an expression, failing with CEL's own diagnostics when it is not valid CEL. */
    public static CelRuntime.Program compile(String expression) {
        return PROGRAMS.computeIfAbsent(expression, e -> {
            try {
                return RUNTIME.createProgram(COMPILER.compile(e).getAst());
            } catch (CelValidationException | CelEvaluationException ex) {
                throw new IllegalArgumentException("not valid CEL: " + e + "\n" + ex.getMessage(), ex);
            }
        });
    }

    public String rule() {
        return rule;
    }

    /** The rule's relative field path (e.g. {@code .matchExpressions}), or null. */
    public String fieldPath() {
        return fieldPath;
    }

    /** FieldValueInvalid, FieldValueForbidden, FieldValueRequired or FieldValueDuplicate; null means Invalid. */
    public String reason() {
        return reason;
    }

    /** A transition rule (one that reads {@code oldSelf}) runs only on updates, where the old value exists. */
    public boolean isTransition() {
        return transition;
    }

    /** Evaluates the rule against plain values (see {@link #toCel}); {@code oldSelf} null on create. */
    public Outcome evaluate(Object self, Object oldSelf) {
        Map<String, Object> vars = new HashMap<>(4);
        vars.put("self", self);
        if (oldSelf != null) {
            vars.put("oldSelf", oldSelf);
        }
        Object result;
        try {
            result = program.eval(vars);
        } catch (CelEvaluationException e) {
            return new Error(e.getMessage() + " evaluating rule: " + rule);
        }
        if (Boolean.TRUE.equals(result)) {
            return HELD;
        }
        if (!(result instanceof Boolean)) {
            return new Error("rule did not evaluate to a bool evaluating rule: " + rule);
        }
        return new Failed(failureMessage(vars));
    }

    /** The message, else the messageExpression's value, else the API server's default wording. */
    private String failureMessage(Map<String, Object> vars) {
        if (messageExpression != null) {
            try {
                // the API server falls back to the static message when the expression fails or gives a blank string
                if (messageExpression.eval(vars) instanceof String s && !s.isBlank() && !s.contains("\n")) {
                    return s;
                }
            } catch (CelEvaluationException e) {
                // fall through to the static message
            }
        }
        return message != null && !message.isEmpty() ? message : "failed rule: " + rule.trim();
    }

    /** JSON as CEL sees it: objects become maps, arrays lists, integers longs, other numbers doubles. */
    public static Object toCel(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return dev.cel.common.values.NullValue.NULL_VALUE;
        }
        if (node.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            node.properties().forEach(e -> out.put(e.getKey(), toCel(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            Object[] items = new Object[node.size()];
            for (int i = 0; i < items.length; i++) {
                items[i] = toCel(node.get(i));
            }
            return List.of(items);
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.toString();
    }
}
