package dev.daemonset.operator.plan;

import dev.daemonset.operator.api.TemplateLimits;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Container names as apps/v1 checks them: each a DNS-1123 label, unique across init containers and
 * containers. Init containers are checked first, so a clash between the two is reported on the container.
 */
final class ContainerValidation {
    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final String DNS1123_LABEL_MESSAGE = "a lowercase RFC 1123 label must consist of lower case "
            + "alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name', "
            + " or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    private ContainerValidation() {}

    static void validate(PodSpec pod, List<Violation> out) {
        Set<String> seen = new HashSet<>();
        names(
                "spec.template.spec.initContainers",
                pod.getInitContainers(),
                TemplateLimits.MAX_INIT_CONTAINERS,
                seen,
                out);
        names("spec.template.spec.containers", pod.getContainers(), TemplateLimits.MAX_CONTAINERS, seen, out);
    }

    private static void names(
            String field, List<Container> containers, int max, Set<String> seen, List<Violation> out) {
        if (containers == null) {
            return;
        }
        if (containers.size() > max) {
            out.add(new Violation(field, FieldErrors.tooMany(containers.size(), max, "items")));
        }
        for (int i = 0; i < containers.size(); i++) {
            Container c = containers.get(i);
            String name = c == null ? null : c.getName();
            if (name == null) {
                continue; // the API server's pod validation reports it when the pod is created
            }
            String nameField = field + "[" + i + "].name";
            if (FieldErrors.longerThan(name, TemplateLimits.MAX_CONTAINER_NAME_LENGTH)) {
                out.add(new Violation(nameField, FieldErrors.tooLong(TemplateLimits.MAX_CONTAINER_NAME_LENGTH)));
            } else if (!DNS1123_LABEL.matcher(name).matches()) {
                out.add(new Violation(nameField, FieldErrors.invalid(name, DNS1123_LABEL_MESSAGE)));
            }
            if (!seen.add(name)) {
                out.add(new Violation(nameField, FieldErrors.duplicate(name)));
            }
        }
    }
}
