package dev.daemonset.operator.exec;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;

/**
 * Tells a write the API server refused (it did not happen) from one whose fate is unknown: a time
 * out, a dropped connection or a gateway time-out may come after the server applied the write.
 */
public final class WriteFailures {
  private WriteFailures() {}

  public static boolean isUncertain(RuntimeException e) {
    if (!(e instanceof KubernetesClientException k)) {
      return true;
    }
    int code = k.getCode();
    return code <= 0 || code == HttpURLConnection.HTTP_GATEWAY_TIMEOUT || code == 408;
  }

  public static boolean isNotFound(RuntimeException e) {
    return e instanceof KubernetesClientException k && k.getCode() == HttpURLConnection.HTTP_NOT_FOUND;
  }
}
