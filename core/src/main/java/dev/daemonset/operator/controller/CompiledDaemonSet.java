package dev.daemonset.operator.controller;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.EffectiveSpec;
import dev.daemonset.operator.plan.EligibilityRules;
import dev.daemonset.operator.pods.TemplateEquivalence;
import dev.daemonset.operator.pods.TemplateHasher;

/**
 * What a DaemonSet's spec compiles to: defaults applied, eligibility rules, the template's key (to
 * find its ControllerRevision, see {@link TemplateEquivalence}) and its hash. Node
 * events evaluate every DaemonSet against a node, and every sync evaluates every node, so this is
 * computed once per spec generation rather than per use.
 */
record CompiledDaemonSet(
        String uid,
        Long generation,
        Integer collisionCount,
        EffectiveSpec spec,
        EligibilityRules rules,
        String templateKey,
        String hash) {

    static CompiledDaemonSet compile(DaemonSet ds) {
        EffectiveSpec spec = EffectiveSpec.of(ds.getSpec());
        Integer collisions = ds.getStatus() == null ? null : ds.getStatus().getCollisionCount();
        String canonical = TemplateHasher.canonicalJson(spec.template());
        return new CompiledDaemonSet(
                ds.getMetadata().getUid(),
                ds.getMetadata().getGeneration(),
                collisions,
                spec,
                EligibilityRules.of(spec.template().getSpec()),
                TemplateEquivalence.key(spec.template()),
                TemplateHasher.hashCanonical(canonical, collisions));
    }

    boolean isCurrentFor(DaemonSet ds) {
        Integer collisions = ds.getStatus() == null ? null : ds.getStatus().getCollisionCount();
        return uid.equals(ds.getMetadata().getUid())
                && java.util.Objects.equals(generation, ds.getMetadata().getGeneration())
                && java.util.Objects.equals(collisionCount, collisions);
    }
}
