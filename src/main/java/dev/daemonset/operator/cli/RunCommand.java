package dev.daemonset.operator.cli;

import dev.daemonset.operator.controller.Operator;
import dev.daemonset.operator.controller.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the operator against a cluster (in-cluster config, --kubeconfig, or KUBECONFIG).")
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Mixin
  KubeconfigOption kube;

  @Option(names = {"-n", "--namespace"}, description = "Watch only this namespace (default: all namespaces).",
      defaultValue = "${env:DDS_NAMESPACE}")
  String namespace;

  @Option(names = "--workers", description = "DaemonSets synced in parallel (default: ${DEFAULT-VALUE}).",
      defaultValue = "${env:DDS_WORKERS:-4}")
  int workers;

  @Override
  public Integer call() throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    try (KubernetesClient client = kube.client()) {
      OperatorConfig config = OperatorConfig.defaults().withNamespace(blankToNull(namespace)).withWorkers(workers);
      try (Operator operator = Operator.start(client, config)) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          LOG.info("shutting down");
          stop.countDown();
          operator.close();
        }, "dds-shutdown"));
        LOG.info("operator running against {}", client.getMasterUrl());
        stop.await();
      }
    }
    return 0;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
