package dev.daemonset.operator.sandbox.apiserver;

/** An error answered as a metav1 Status. */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int code;
  final String reason;

  ApiException(int code, String reason, String message) {
    super(message);
    this.code = code;
    this.reason = reason;
  }
}
