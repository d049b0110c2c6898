package dev.daemonset.operator.testing;

import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
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

/**
 * Evaluates x-kubernetes-validations rules with Google's CEL implementation, as an API server would:
 * {@code self} is the value at the rule's place in the object and {@code oldSelf} the value before an
 * update. Unlike the API server, the variables are untyped ({@code dyn}) rather than typed from the
 * schema, so a rule that compiles here could still fail the server's type check; the rules stick to
 * standard CEL so that nothing here needs Kubernetes' extension libraries.
 */
public final class CelRules {
  private static final Pattern OLD_SELF = Pattern.compile("\\boldSelf\\b");
  private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("self", SimpleType.DYN)
      .addVar("oldSelf", SimpleType.DYN)
      .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  private final Map<String, CelRuntime.Program> programs = new ConcurrentHashMap<>();

  /** A transition rule is evaluated only on updates, and only where the old object had a value. */
  public static boolean isTransitionRule(String rule) {
    return OLD_SELF.matcher(rule).find();
  }

  /** Compiles the rule, failing with CEL's own diagnostics when it is not valid CEL. */
  public CelRuntime.Program compile(String rule) {
    return programs.computeIfAbsent(rule, r -> {
      try {
        return RUNTIME.createProgram(COMPILER.compile(r).getAst());
      } catch (CelValidationException | CelEvaluationException e) {
        throw new IllegalArgumentException("not valid CEL: " + r + "\n" + e.getMessage(), e);
      }
    });
  }

  /** True when the rule holds; an evaluation error counts as a failure, as it does on the API server. */
  public boolean holds(String rule, Object self, Object oldSelf) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("self", toCel(self));
    if (oldSelf != null) {
      vars.put("oldSelf", toCel(oldSelf));
    }
    try {
      return Boolean.TRUE.equals(compile(rule).eval(vars));
    } catch (CelEvaluationException e) {
      return false;
    }
  }

  /** JSON numbers become CEL's int (a Java long) or double; maps and lists are converted deeply. */
  private static Object toCel(Object v) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, val) -> out.put(String.valueOf(k), toCel(val)));
      return out;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(CelRules::toCel).toList();
    }
    return v;
  }
}
