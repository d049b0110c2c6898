package dev.daemonset.operator.sandbox.apiserver;

import java.util.List;

/**
 * One served resource, as discovery describes it.
 *
 * @param group the API group, empty for the core group
 * @param printerColumns the CRD's additionalPrinterColumns, empty for built-in kinds
 */
public record ResourceType(
        String group,
        String version,
        String plural,
        String singular,
        String kind,
        boolean namespaced,
        List<String> shortNames,
        List<String> categories,
        boolean hasStatus,
        List<PrinterColumn> printerColumns) {

    public static final List<String> VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    /** A CRD additionalPrinterColumn. */
    public record PrinterColumn(
            String name, String type, String format, String description, int priority, String jsonPath) {}

    public String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public boolean isCore() {
        return group.isEmpty();
    }

    public boolean isCustom() {
        return !isCore() && !ResourceRegistry.BUILT_IN_GROUPS.contains(group);
    }

    /** The collection path, in a namespace when {@code namespace} is not null and the kind is namespaced. */
    public String collectionPath(String namespace) {
        StringBuilder sb = new StringBuilder(isCore() ? "/api/" + version : "/apis/" + group + "/" + version);
        if (namespaced && namespace != null) {
            sb.append("/namespaces/").append(namespace);
        }
        return sb.append('/').append(plural).toString();
    }

    public String objectPath(String namespace, String name) {
        return collectionPath(namespace) + "/" + name;
    }

    static ResourceType builtIn(
            String group,
            String version,
            String plural,
            String kind,
            boolean namespaced,
            boolean hasStatus,
            List<String> shortNames,
            List<String> categories) {
        return new ResourceType(
                group,
                version,
                plural,
                kind.toLowerCase(java.util.Locale.ROOT),
                kind,
                namespaced,
                shortNames,
                categories,
                hasStatus,
                List.of());
    }
}
