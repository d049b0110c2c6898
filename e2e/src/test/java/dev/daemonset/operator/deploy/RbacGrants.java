package dev.daemonset.operator.deploy;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the deploy/ RBAC objects let one ServiceAccount do, rule by rule, as the RBAC authorizer decides. */
final class RbacGrants {
    /** One verb on one resource; {@code namespace} null for a cluster-wide grant, empty names for any object. */
    record Grant(String group, String resource, String verb, String namespace, List<String> names) {
        boolean allows(ResourceRequest r) {
            return group.equals(r.group())
                    && resource.equals(r.resource())
                    && verb.equals(r.verb())
                    && (namespace == null || namespace.equals(r.namespace()))
                    && (names.isEmpty() || names.contains(r.name()));
        }

        String permission() {
            return (group.isEmpty() ? "core" : group) + " " + resource + " " + verb;
        }
    }

    private final List<Grant> grants;
    private final List<PolicyRule> rules;

    private RbacGrants(List<Grant> grants, List<PolicyRule> rules) {
        this.grants = grants;
        this.rules = rules;
    }

    static RbacGrants forServiceAccount(DeployManifests manifests, String namespace, String name) {
        List<Grant> grants = new ArrayList<>();
        List<PolicyRule> rules = new ArrayList<>();
        for (ClusterRoleBinding b : manifests.all(ClusterRoleBinding.class)) {
            if (binds(b.getSubjects(), namespace, name)) {
                ClusterRole role = manifests.all(ClusterRole.class).stream()
                        .filter(r ->
                                r.getMetadata().getName().equals(b.getRoleRef().getName()))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("ClusterRoleBinding "
                                + b.getMetadata().getName() + " refers to a ClusterRole not in deploy/: "
                                + b.getRoleRef().getName()));
                add(grants, rules, role.getRules(), null);
            }
        }
        for (RoleBinding b : manifests.all(RoleBinding.class)) {
            if (binds(b.getSubjects(), namespace, name)) {
                String ns = b.getMetadata().getNamespace();
                Role role = manifests.all(Role.class).stream()
                        .filter(r ->
                                r.getMetadata().getName().equals(b.getRoleRef().getName())
                                        && Objects.equals(r.getMetadata().getNamespace(), ns))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("RoleBinding "
                                + b.getMetadata().getName() + " refers to a Role not in deploy/ namespace " + ns + ": "
                                + b.getRoleRef().getName()));
                add(grants, rules, role.getRules(), ns);
            }
        }
        return new RbacGrants(grants, rules);
    }

    private static boolean binds(List<Subject> subjects, String namespace, String name) {
        return subjects != null
                && subjects.stream()
                        .anyMatch(s -> "ServiceAccount".equals(s.getKind())
                                && name.equals(s.getName())
                                && namespace.equals(s.getNamespace()));
    }

    private static void add(List<Grant> grants, List<PolicyRule> rules, List<PolicyRule> from, String namespace) {
        for (PolicyRule rule : from) {
            rules.add(rule);
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        grants.add(new Grant(
                                group,
                                resource,
                                verb,
                                namespace,
                                rule.getResourceNames() == null ? List.of() : List.copyOf(rule.getResourceNames())));
                    }
                }
            }
        }
    }

    List<Grant> grants() {
        return grants;
    }

    List<PolicyRule> rules() {
        return rules;
    }

    boolean allows(ResourceRequest r) {
        return grants.stream().anyMatch(g -> g.allows(r));
    }
}
