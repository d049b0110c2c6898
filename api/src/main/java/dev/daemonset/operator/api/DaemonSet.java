package dev.daemonset.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The custom DaemonSet: an apps/v1 DaemonSet whose spec is a superset of the built-in one, so an
 * existing manifest works after changing only its apiVersion.
 *
 * <p>It is in the {@code all} category ({@code kubectl get all}). {@code kubectl get dds -o wide} adds the
 * columns of {@code kubectl get ds -o wide} (priority 1). The API server fills a printer column from the
 * first result of its JSONPath only, so Containers and Images name the first container, not all of them.
 */
@Group(DaemonSet.GROUP)
@Version(DaemonSet.VERSION)
@Kind("DaemonSet")
@Plural("daemonsets")
@Singular("daemonset")
@ShortNames("dds")
@Categories("all")
@AdditionalPrinterColumn(
        name = "Desired",
        jsonPath = ".status.desiredNumberScheduled",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Current",
        jsonPath = ".status.currentNumberScheduled",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.numberReady", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Up-to-date",
        jsonPath = ".status.updatedNumberScheduled",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Available",
        jsonPath = ".status.numberAvailable",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Node Selector",
        jsonPath = ".spec.template.spec.nodeSelector",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
        name = "Containers",
        jsonPath = ".spec.template.spec.containers[*].name",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Images",
        jsonPath = ".spec.template.spec.containers[*].image",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Selector",
        jsonPath = ".spec.selector",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
public class DaemonSet extends CustomResource<DaemonSetSpec, DaemonSetStatus> implements Namespaced {
    public static final String GROUP = "daemonset.dev";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    public static final String KIND = "DaemonSet";
    public static final String CRD_NAME = "daemonsets.daemonset.dev";

    /**
     * Where DaemonSets are served, for clients that read them as schema-less objects (which never fail
     * on a stored object that does not fit this class) without a discovery round trip.
     */
    public static ResourceDefinitionContext resourceContext() {
        return ResourceDefinitionContext.fromResourceType(DaemonSet.class);
    }

    @Override
    protected DaemonSetStatus initStatus() {
        return new DaemonSetStatus();
    }
}
