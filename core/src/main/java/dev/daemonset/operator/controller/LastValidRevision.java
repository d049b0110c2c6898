package dev.daemonset.operator.controller;

import dev.daemonset.operator.plan.EligibilityRules;
import dev.daemonset.operator.pods.Revisions;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.util.List;

/**
 * The template a DaemonSet whose spec is now invalid goes on being served with: the one of its newest
 * ControllerRevision. The controller writes a revision only for a valid spec, and a rollback renumbers
 * the revision it returns to, so the highest number is the last valid template the user asked for.
 * A DaemonSet that was never valid has none, and gets no pod.
 */
public record LastValidRevision(
        String name, String hash, long number, PodTemplateSpec template, EligibilityRules rules) {

    public static LastValidRevision of(List<ControllerRevision> owned) {
        ControllerRevision newest = null;
        for (ControllerRevision cr : owned) {
            if (newest == null || number(cr) > number(newest)) {
                newest = cr;
            }
        }
        if (newest == null) {
            return null;
        }
        PodTemplateSpec template;
        try {
            template = Revisions.templateOf(newest);
        } catch (RuntimeException unreadable) {
            return null;
        }
        if (template == null || template.getSpec() == null) {
            return null;
        }
        return new LastValidRevision(
                newest.getMetadata().getName(),
                Revisions.hashOf(newest),
                number(newest),
                template,
                EligibilityRules.of(template.getSpec()));
    }

    private static long number(ControllerRevision cr) {
        return cr.getRevision() == null ? 0 : cr.getRevision();
    }
}
