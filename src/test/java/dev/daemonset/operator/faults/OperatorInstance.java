package dev.daemonset.operator.faults;

import dev.daemonset.operator.controller.LeaderElectionSettings;
import dev.daemonset.operator.controller.Operator;
import dev.daemonset.operator.controller.OperatorConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.time.Duration;

/**
 * One operator "process": its own client (no retries, short timeouts, every request tagged with
 * the instance name so that the {@link FaultInjector} can find it) and the operator on it.
 */
final class OperatorInstance implements AutoCloseable {
  /** Long enough for an honest request on a busy 2-core machine; injected timeouts hold answers back twice as long. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  /**
   * How long a timed-out pod write holds its DaemonSet back (production: 15 s). Ample here: a timed-out
   * write that happened, happened before the client gave up, so the informer shows it long before.
   */
  static final Duration WRITE_SETTLE = Duration.ofSeconds(2);

  private final String name;
  private final KubernetesClient client;
  private final Operator operator;

  private OperatorInstance(String name, KubernetesClient client, Operator operator) {
    this.name = name;
    this.client = client;
    this.operator = operator;
  }

  static OperatorInstance start(String url, String name) {
    return start(url, name, config());
  }

  static OperatorInstance startWithLeaderElection(String url, String name, LeaderElectionSettings election) {
    return start(url, name, config().withLeaderElection(election));
  }

  private static OperatorConfig config() {
    return OperatorConfig.defaults().withWriteSettle(WRITE_SETTLE);
  }

  private static OperatorInstance start(String url, String name, OperatorConfig config) {
    KubernetesClient client = clientFor(url, name);
    try {
      return new OperatorInstance(name, client, Operator.start(client, config));
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /**
   * fabric8 retries 5xx up to 10 times by default, which would hide every injected fault from the
   * controller: retries are off so that the controller's own handling (expectations, queue backoff)
   * is what gets tested.
   */
  static KubernetesClient clientFor(String url, String instance) {
    Config config = new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withNamespace("default")
        .withRequestRetryBackoffLimit(0)
        .withRequestTimeout((int) REQUEST_TIMEOUT.toMillis())
        .withConnectionTimeout(2_000)
        .build();
    Interceptor tag = new Interceptor() {
      @Override
      public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        builder.setHeader(FaultInjector.INSTANCE_HEADER, instance);
      }
    };
    return new KubernetesClientBuilder().withConfig(config)
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("fault-suite-instance", tag)).build();
  }

  String name() {
    return name;
  }

  Operator operator() {
    return operator;
  }

  boolean isLeading() {
    return operator.isLeading();
  }

  /**
   * A hard kill: from this moment the API server refuses everything the instance sends, so it can
   * neither finish a write nor release its lease. Its threads are then wound down in the background
   * only to free the test JVM; nothing they do reaches the cluster any more.
   */
  void kill(FaultInjector injector) {
    injector.kill(name);
    Thread reaper = new Thread(this::close, "reap-" + name);
    reaper.setDaemon(true);
    reaper.start();
  }

  @Override
  public void close() {
    try {
      operator.close();
    } finally {
      client.close();
    }
  }
}
