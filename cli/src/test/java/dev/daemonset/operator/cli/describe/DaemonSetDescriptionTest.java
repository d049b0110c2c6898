package dev.daemonset.operator.cli.describe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetCondition;
import dev.daemonset.operator.api.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DaemonSetDescriptionTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final String KUBE_PROXY = """
      apiVersion: daemonset.dev/v1alpha1
      kind: DaemonSet
      metadata:
        name: kube-proxy
        namespace: kube-system
        uid: ds-uid
        labels: {k8s-app: kube-proxy, tier: node}
        annotations:
          deprecated.daemonset.template.generation: "3"
          kubectl.kubernetes.io/last-applied-configuration: '{"big":"json"}'
      spec:
        selector:
          matchLabels: {k8s-app: kube-proxy}
          matchExpressions: [{key: tier, operator: In, values: [node, edge]}]
        template:
          metadata:
            labels: {k8s-app: kube-proxy, tier: node}
          spec:
            serviceAccountName: kube-proxy
            priorityClassName: system-node-critical
            nodeSelector: {kubernetes.io/os: linux}
            tolerations:
            - operator: Exists
            - {key: CriticalAddonsOnly, operator: Exists}
            - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
            - {key: dedicated, operator: Equal, value: infra, effect: NoSchedule}
            containers:
            - name: kube-proxy
              image: registry.k8s.io/kube-proxy:v1.30.0
              command: [/usr/local/bin/kube-proxy, --config=/var/lib/kube-proxy/config.conf]
              ports: [{containerPort: 10249, hostPort: 10249, name: metrics}]
              env:
              - {name: NODE_NAME, valueFrom: {fieldRef: {apiVersion: v1, fieldPath: spec.nodeName}}}
              - {name: LOG_LEVEL, value: "2"}
              volumeMounts:
              - {name: kube-proxy, mountPath: /var/lib/kube-proxy}
              - {name: lib-modules, mountPath: /lib/modules, readOnly: true}
            volumes:
            - {name: kube-proxy, configMap: {name: kube-proxy}}
            - {name: lib-modules, hostPath: {path: /lib/modules, type: Directory}}
      status:
        desiredNumberScheduled: 3
        currentNumberScheduled: 3
        updatedNumberScheduled: 2
        numberAvailable: 2
        numberMisscheduled: 1
        numberReady: 2
      """;

    private static DaemonSet kubeProxy() {
        DaemonSet ds = new KubernetesSerialization().unmarshal(KUBE_PROXY, DaemonSet.class);
        ds.getStatus()
                .setConditions(List.of(new DaemonSetCondition(
                        "RolloutProgressing",
                        "True",
                        "NewRevisionRolling",
                        "2 of 3 nodes updated",
                        "2026-01-01T11:50:00Z",
                        null)));
        return ds;
    }

    private static Pod pod(String phase) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("p-" + phase)
                .endMetadata()
                .withNewStatus()
                .withPhase(phase)
                .endStatus()
                .build();
    }

    private static Event event(String reason, String message, String first, String last, int count) {
        return new EventBuilder()
                .withType("Normal")
                .withReason(reason)
                .withMessage(message)
                .withFirstTimestamp(first)
                .withLastTimestamp(last)
                .withCount(count)
                .withNewSource()
                .withComponent("daemonset-operator")
                .endSource()
                .build();
    }

    @Test
    void printsWhatKubectlDescribePrintsForADaemonSetPlusOurConditions() {
        String text = DaemonSetDescription.render(
                kubeProxy(),
                List.of(pod("Running"), pod("Running"), pod("Pending"), pod("Failed")),
                List.of(
                        event(
                                "SuccessfulCreate",
                                "Created pod: kube-proxy-abcde",
                                "2026-01-01T11:50:00Z",
                                "2026-01-01T11:58:00Z",
                                3),
                        event(
                                "SuccessfulDelete",
                                "Deleted pod: kube-proxy-old",
                                "2026-01-01T11:40:00Z",
                                "2026-01-01T11:40:00Z",
                                1)),
                NOW);
        List<String> lines = text.lines().toList();

        assertThat(lines)
                .startsWith(
                        "Name:           kube-proxy",
                        "Namespace:      kube-system",
                        "Selector:       k8s-app=kube-proxy,tier in (edge,node)",
                        "Node-Selector:  kubernetes.io/os=linux",
                        "Labels:         k8s-app=kube-proxy",
                        "                tier=node",
                        "Annotations:    deprecated.daemonset.template.generation: 3",
                        "Desired Number of Nodes Scheduled: 3",
                        "Current Number of Nodes Scheduled: 3",
                        "Number of Nodes Scheduled with Up-to-date Pods: 2",
                        "Number of Nodes Scheduled with Available Pods: 2",
                        "Number of Nodes Misscheduled: 1",
                        "Pods Status:  2 Running / 1 Waiting / 0 Succeeded / 1 Failed",
                        "Conditions:",
                        "  Type                 Status  Reason              Message",
                        "  ----                 ------  ------              -------",
                        "  RolloutProgressing   True    NewRevisionRolling  2 of 3 nodes updated",
                        "Pod Template:",
                        "  Labels:           k8s-app=kube-proxy",
                        "                    tier=node",
                        "  Service Account:  kube-proxy",
                        "  Containers:",
                        "   kube-proxy:",
                        "    Image:      registry.k8s.io/kube-proxy:v1.30.0",
                        "    Port:       10249/TCP",
                        "    Host Port:  10249/TCP",
                        "    Command:",
                        "      /usr/local/bin/kube-proxy",
                        "      --config=/var/lib/kube-proxy/config.conf",
                        "    Environment:",
                        "      NODE_NAME:   (v1:spec.nodeName)",
                        "      LOG_LEVEL:  2",
                        "    Mounts:",
                        "      /lib/modules from lib-modules (ro)",
                        "      /var/lib/kube-proxy from kube-proxy (rw)",
                        "  Volumes:",
                        "   kube-proxy:",
                        "    Type:      ConfigMap (a volume populated by a ConfigMap)",
                        "    Name:      kube-proxy",
                        "    Optional:  false",
                        "   lib-modules:",
                        "    Type:               HostPath (bare host directory volume)",
                        "    Path:               /lib/modules",
                        "    HostPathType:       Directory");
        assertThat(text).doesNotContain("last-applied-configuration");
        assertThat(text.substring(text.indexOf("  Priority Class Name:"))).isEqualTo("""
          Priority Class Name:  system-node-critical
          Node-Selectors:       kubernetes.io/os=linux
          Tolerations:          op=Exists
                                CriticalAddonsOnly op=Exists
                                dedicated=infra:NoSchedule
                                node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
        Events:
          Type    Reason            Age               From                Message
          ----    ------            ----              ----                -------
          Normal  SuccessfulDelete  20m               daemonset-operator  Deleted pod: kube-proxy-old
          Normal  SuccessfulCreate  2m (x3 over 10m)  daemonset-operator  Created pod: kube-proxy-abcde
        """);
    }

    @Test
    void theGuidesSedPrintsTheNodeSelectorsAndTolerationsUpToEvents() {
        DaemonSet ds = kubeProxy();
        ds.setStatus(new DaemonSetStatus());
        ds.getSpec().getTemplate().getSpec().setPriorityClassName(null);
        String text = DaemonSetDescription.render(ds, List.of(), List.of(), NOW);

        // sed -n '/Node-Selectors/,/Events/p'
        List<String> lines = text.lines().toList();
        int from = lines.indexOf(lines.stream()
                .filter(l -> l.contains("Node-Selectors"))
                .findFirst()
                .orElseThrow());
        int to = lines.indexOf(
                lines.stream().filter(l -> l.contains("Events")).findFirst().orElseThrow());
        assertThat(lines.subList(from, to + 1))
                .containsExactly(
                        "  Node-Selectors:  kubernetes.io/os=linux",
                        "  Tolerations:     op=Exists",
                        "                   CriticalAddonsOnly op=Exists",
                        "                   dedicated=infra:NoSchedule",
                        "                   node.kubernetes.io/unreachable:NoExecute op=Exists for 300s",
                        "Events:            <none>");
        assertThat(text)
                .contains("Pods Status:  0 Running / 0 Waiting / 0 Succeeded / 0 Failed\nPod Template:\n")
                .doesNotContain("Conditions:");
    }

    @Test
    void emptyThingsAreNone() {
        DaemonSet ds = new KubernetesSerialization().unmarshal("""
        apiVersion: daemonset.dev/v1alpha1
        kind: DaemonSet
        metadata: {name: bare, namespace: default}
        spec:
          selector: {matchLabels: {app: bare}}
          template:
            metadata: {labels: {app: bare}}
            spec:
              containers: [{name: c, image: busybox}]
        """, DaemonSet.class);
        String text = DaemonSetDescription.render(ds, List.of(), List.of(), NOW);
        assertThat(text)
                .contains(
                        "Node-Selector:  <none>\n",
                        "Annotations:    <none>\n",
                        "    Port:          <none>\n",
                        "    Host Port:     <none>\n",
                        "    Environment:   <none>\n",
                        "    Mounts:        <none>\n",
                        "  Volumes:         <none>\n",
                        "  Node-Selectors:  <none>\n",
                        "  Tolerations:     <none>\n",
                        "Events:            <none>\n");
    }
}
