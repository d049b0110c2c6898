package dev.daemonset.operator.exec;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.util.List;

/** The ControllerRevision writes the controller makes. */
public interface RevisionControl {
    /** Creates it; throws a KubernetesClientException with code 409 if the name is taken. */
    ControllerRevision create(ControllerRevision revision);

    ControllerRevision get(String namespace, String name);

    void renumber(ControllerRevision revision, long number);

    void delete(String namespace, String name);

    void setOwnerReferences(ControllerRevision revision, List<OwnerReference> ownerReferences);

    /** Sets one annotation, leaving the others as they are. */
    void annotate(ControllerRevision revision, String key, String value);
}
