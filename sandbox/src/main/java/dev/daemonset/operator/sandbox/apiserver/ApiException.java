package dev.daemonset.operator.sandbox.apiserver;

import tools.jackson.databind.node.ObjectNode;

/** An error answered as a metav1 Status. */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int code;
    final String reason;
    /** The Status's details (kind, name, causes), or null. */
    final transient ObjectNode details;

    ApiException(int code, String reason, String message) {
        this(code, reason, message, null);
    }

    ApiException(int code, String reason, String message, ObjectNode details) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.details = details;
    }
}
