package dev.daemonset.operator.cli.rollout;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.Objects;

/**
 * One entry of a DaemonSet's rollout history: a ControllerRevision with its pod template decoded,
 * or a null template when its data holds none (listed all the same, as kubectl lists it).
 */
public record Revision(long number, String name, PodTemplateSpec template, String changeCause) {
    public Revision {
        Objects.requireNonNull(name, "name");
    }

    /** The template, for commands that need it; a revision without one cannot be shown or restored. */
    public PodTemplateSpec requireTemplate() {
        if (template == null) {
            throw CommandFailure.error("unable to parse history " + name);
        }
        return template;
    }
}
